"""The notifiers an office may choose (design §12): log, an HTTP SMS gateway, Zalo ZNS, Web Push.

Each takes a `Message` and either returns (sent) or raises `DeliveryError`, saying whether a
retry may help (network trouble, a timeout, a 5xx or 429) or not (the gateway refused the
message). Every HTTP call has a short timeout and goes through the standard library's
`urllib`: under eventlet its sockets are green, so a slow gateway holds only the outbox's
worker, never the hub; and a serving process keeps `requests` and `aiohttp` out (server/entry.py),
which is also why Web Push is built from pywebpush's own parts (`py_vapid` signs, `http_ece`
encrypts) rather than its `webpush()`, which imports both.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

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
            error = int(json.loads(answer).get("error", 0))
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
        """Encrypt the message for the browser (aes128gcm), sign with VAPID, post it."""
        subscription = message.push_subscription
        if not subscription:
            return
        try:
            endpoint = str(subscription["endpoint"])
            keys = subscription["keys"]
            receiver_key = _b64decode(str(keys["p256dh"]))
            auth_secret = _b64decode(str(keys["auth"]))
        except (KeyError, TypeError, ValueError):
            raise DeliveryError("push subscription incomplete", retry=False) from None
        payload = {"kind": str(message.kind), "text": message.text, **message.params}
        body, headers = _web_push_request(
            endpoint,
            json.dumps(payload, ensure_ascii=False).encode(),
            receiver_key,
            auth_secret,
            self.vapid_private_key,
            self.vapid_subject,
        )
        # 404/410 (the subscription is gone) and other 4xx are refusals: they never heal.
        _request("POST", endpoint, headers=headers, data=body, timeout=self.timeout)


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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A gateway that redirects is answered as it answered: a 3xx is not a delivery."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _request(
    method: str, url: str, *, headers: dict[str, str], data: bytes | None, timeout: float
) -> bytes:
    """One HTTP request, its answer's body; network trouble, timeouts, 5xx and 429 may heal."""
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with _opener.open(request, timeout=timeout) as answer:
            return bytes(answer.read())
    except urllib.error.HTTPError as error:
        status = error.code
    except urllib.error.URLError as error:
        reason = error.reason if isinstance(error.reason, BaseException) else error
        raise DeliveryError(f"gateway unreachable: {type(reason).__name__}", retry=True) from None
    except (OSError, ValueError) as error:  # a timeout while reading, a reset, a bad URL
        retry = not isinstance(error, ValueError)
        raise DeliveryError(f"gateway unreachable: {type(error).__name__}", retry=retry) from None
    if status >= 500 or status == 429:
        raise DeliveryError(f"gateway answered {status}", retry=True)
    raise DeliveryError(f"gateway refused: {status}", retry=False)


def vapid_public_key(vapid_private_key: str) -> str:
    """The VAPID public key a browser subscribes with (base64url of the P-256 point); "" if off."""
    if not vapid_private_key:
        return ""
    from cryptography.hazmat.primitives import serialization
    from py_vapid import Vapid

    try:
        public = Vapid.from_string(private_key=vapid_private_key).public_key
    except Exception:  # a malformed key: push stays off, as the notifier falls back to logging
        log.warning("XEPHANG_NOTIFY_VAPID_PRIVATE_KEY is not a usable key; Web Push is off")
        return ""
    point = public.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _web_push_request(
    endpoint: str,
    data: bytes,
    receiver_key: bytes,
    auth_secret: bytes,
    vapid_private_key: str,
    vapid_subject: str,
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of one push (RFC 8291 aes128gcm, RFC 8292 VAPID), as pywebpush does."""
    import http_ece  # loaded on the first push, not at start
    from cryptography.hazmat.primitives.asymmetric import ec
    from py_vapid import Vapid

    body = http_ece.encrypt(
        data,
        private_key=ec.generate_private_key(ec.SECP256R1()),  # one key per message
        dh=receiver_key,
        auth_secret=auth_secret,
        version="aes128gcm",
    )
    parts = urlsplit(endpoint)
    claims = {
        "sub": vapid_subject,
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(time.time()) + 12 * 3600,
    }
    headers = {
        **Vapid.from_string(private_key=vapid_private_key).sign(claims),
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "TTL": "3600",  # a phone that is off for an hour no longer needs "you are called"
        "Urgency": "high",
    }
    return bytes(body), headers
