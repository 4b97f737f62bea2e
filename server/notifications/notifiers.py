"""The notifiers an office may choose (design §12): log, an HTTP SMS gateway, Zalo ZNS, Web Push.

Each takes a `Message` and either returns (sent) or raises `DeliveryError`, saying whether a
retry may help (network trouble, a timeout, a 5xx or 429) or not (the gateway refused the
message). Every HTTP call has a short timeout; under eventlet `requests` is green, so a slow
gateway holds only the outbox's worker, never the hub.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import quote

import requests

from server.notifications.messages import Message

log = logging.getLogger(__name__)

ZALO_ZNS_BASE_URL = "https://business.openapi.zalo.me"
ZALO_ZNS_PATH = "/message/template"


class NotifierKind(StrEnum):
    """How an office's messages go out (its admin chooses)."""

    LOG = "log"  # one log line, nothing sent (the default)
    HTTP_SMS = "http_sms"  # a brand-name SMS gateway over HTTP
    ZALO_ZNS = "zalo_zns"  # Zalo's template messages
    WEB_PUSH = "web_push"  # the phone page's browser, with the server's VAPID key


class DeliveryError(Exception):
    """A message was not delivered; `retry` says whether trying again later may help."""

    def __init__(self, reason: str, *, retry: bool) -> None:
        super().__init__(reason)
        self.retry = retry


class Notifier(Protocol):
    """Sends one message now, or raises `DeliveryError`."""

    def send(self, message: Message) -> None:
        """Deliver `message`."""


class LogNotifier:
    """The default: one log line per message, nothing leaves the server."""

    def send(self, message: Message) -> None:
        """Log the message (the phone number masked: logs are no place for personal data)."""
        log.info("notification %s to %s: %s", message.kind, mask_phone(message.phone), message.text)


@dataclass(frozen=True)
class HttpSmsNotifier:
    """A brand-name SMS gateway reached by one HTTP request per message.

    `body_template` (and the URL) take placeholders `{phone}`, `{text}`, `{kind}`,
    `{tracking_id}` and the message's params (`{number}`, `{counter}`, `{code}`…). In a JSON body
    the values are JSON-escaped, in a URL or form body percent-encoded. `auth_header` is a whole
    header line, `Authorization: Bearer …` or `X-Api-Key: …`.
    """

    url: str
    method: str = "POST"
    auth_header: str = ""
    body_template: str = '{"to": "{phone}", "text": "{text}"}'
    content_type: str = "application/json"
    timeout: float = 3.0

    def send(self, message: Message) -> None:
        """Send the SMS; a 2xx answer is success."""
        if not message.phone:
            return
        values = _placeholders(message)
        url = _fill(self.url, values, quote_value)
        headers = {"Content-Type": self.content_type}
        if self.auth_header:
            name, _, value = self.auth_header.partition(":")
            headers[name.strip()] = value.strip()
        body: bytes | None = None
        if self.method.upper() != "GET":
            escape = json_value if "json" in self.content_type else quote_value
            body = _fill(self.body_template, values, escape).encode()
        _request(self.method.upper(), url, headers=headers, data=body, timeout=self.timeout)


@dataclass(frozen=True)
class ZaloZnsNotifier:
    """Zalo Notification Service: an approved template per message kind, sent to a phone number.

    `templates` maps a message kind to its template id; a kind without a template is not sent
    (ZNS only delivers approved templates). The template data are the message's params.
    """

    access_token: str
    templates: Mapping[str, str]
    base_url: str = ZALO_ZNS_BASE_URL
    timeout: float = 3.0

    def send(self, message: Message) -> None:
        """POST the template message; Zalo answers 200 with `error: 0` when it accepted it."""
        template_id = self.templates.get(str(message.kind))
        if not message.phone or not template_id:
            return
        body = {
            "phone": zalo_phone(message.phone),
            "template_id": template_id,
            "template_data": message.params,
            "tracking_id": message.tracking_id,
        }
        answer = _request(
            "POST",
            self.base_url.rstrip("/") + ZALO_ZNS_PATH,
            headers={"access_token": self.access_token, "Content-Type": "application/json"},
            data=json.dumps(body, ensure_ascii=False).encode(),
            timeout=self.timeout,
        )
        try:
            error = int(answer.json().get("error", 0))
        except (ValueError, AttributeError):
            raise DeliveryError("Zalo answered something that is not JSON", retry=True) from None
        if error != 0:
            # Negative codes are Zalo's refusals (bad token, template, phone): retrying won't help.
            raise DeliveryError(f"Zalo refused the message: error {error}", retry=False)


@dataclass(frozen=True)
class WebPushNotifier:
    """Web Push to the phone page's browser (VAPID), for a message with a push subscription."""

    vapid_private_key: str
    vapid_subject: str
    timeout: float = 3.0

    def send(self, message: Message) -> None:
        """Encrypt and post the message to the subscription's push service."""
        if not message.push_subscription:
            return
        from pywebpush import WebPushException, webpush  # loaded on the first push, not at start

        payload = {"kind": str(message.kind), "text": message.text, **message.params}
        try:
            webpush(
                subscription_info=message.push_subscription,
                data=json.dumps(payload, ensure_ascii=False),
                vapid_private_key=self.vapid_private_key,
                vapid_claims={"sub": self.vapid_subject},
                timeout=self.timeout,
            )
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else None
            # 404/410: the subscription is gone; other 4xx: our request is wrong. Neither heals.
            retry = status is None or status >= 500 or status == 429
            raise DeliveryError(f"push refused: {status}", retry=retry) from None
        except requests.RequestException as error:
            raise DeliveryError(
                f"push service unreachable: {type(error).__name__}", retry=True
            ) from None


def notifier_for(
    kind: str,
    credentials: Mapping[str, Any],
    *,
    timeout: float,
    vapid_private_key: str = "",
    vapid_subject: str = "",
) -> Notifier:
    """The notifier of an office's settings; anything incomplete falls back to logging."""
    try:
        if kind == NotifierKind.HTTP_SMS:
            return HttpSmsNotifier(
                url=str(credentials["url"]),
                method=str(credentials.get("method") or "POST"),
                auth_header=str(credentials.get("auth_header") or ""),
                body_template=str(
                    credentials.get("body_template") or HttpSmsNotifier.body_template
                ),
                content_type=str(credentials.get("content_type") or "application/json"),
                timeout=timeout,
            )
        if kind == NotifierKind.ZALO_ZNS:
            return ZaloZnsNotifier(
                access_token=str(credentials["access_token"]),
                templates={str(k): str(v) for k, v in dict(credentials["templates"]).items()},
                base_url=str(credentials.get("base_url") or ZALO_ZNS_BASE_URL),
                timeout=timeout,
            )
        if kind == NotifierKind.WEB_PUSH and vapid_private_key:
            return WebPushNotifier(vapid_private_key, vapid_subject, timeout=timeout)
    except (KeyError, TypeError, ValueError):
        log.warning("notifier %s is not fully set up; messages are only logged", kind)
    return LogNotifier()


def mask_phone(phone: str | None) -> str:
    """A phone number with all but its last 3 digits hidden (design §12)."""
    if not phone:
        return "-"
    return "*" * max(len(phone) - 3, 0) + phone[-3:]


def zalo_phone(phone: str) -> str:
    """A Vietnamese number the way ZNS wants it: country code 84, no leading 0 or +."""
    digits = "".join(character for character in phone if character.isdigit())
    if digits.startswith("0"):
        return "84" + digits[1:]
    return digits


def json_value(value: str) -> str:
    """A value to put between the quotes of a JSON string."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def quote_value(value: str) -> str:
    """A value to put in a URL or a form body."""
    return quote(value, safe="")


def _placeholders(message: Message) -> dict[str, str]:
    return {
        **message.params,
        "phone": message.phone or "",
        "text": message.text,
        "kind": str(message.kind),
        "tracking_id": message.tracking_id,
    }


def _fill(template: str, values: Mapping[str, str], escape: Any) -> str:
    """Replace `{name}` for known names only, so a JSON template's own braces stay as they are."""
    filled = template
    for name, value in values.items():
        filled = filled.replace("{" + name + "}", escape(value))
    return filled


def _request(
    method: str, url: str, *, headers: dict[str, str], data: bytes | None, timeout: float
) -> requests.Response:
    """One HTTP request; network trouble, timeouts, 5xx and 429 may heal, other errors not."""
    try:
        answer = requests.request(
            method, url, headers=headers, data=data, timeout=timeout, allow_redirects=False
        )
    except requests.RequestException as error:
        raise DeliveryError(f"gateway unreachable: {type(error).__name__}", retry=True) from None
    if answer.status_code >= 500 or answer.status_code == 429:
        raise DeliveryError(f"gateway answered {answer.status_code}", retry=True)
    if not 200 <= answer.status_code < 300:
        raise DeliveryError(f"gateway refused: {answer.status_code}", retry=False)
    return answer
