"""Each notifier against a fake gateway on 127.0.0.1: what it sends, and how it fails."""

from __future__ import annotations

import base64
import json
import os
import threading
from urllib.parse import parse_qs, urlsplit

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from notify_support import closed_port_url, fake_gateway

from server.notifications import messages
from server.notifications.notifiers import (
    DeliveryError,
    HttpSmsNotifier,
    LogNotifier,
    WebPushNotifier,
    ZaloZnsNotifier,
    notifier_for,
)

CALLED = messages.called(1, 7, "A005", "3", phone="0912345678")


def test_log_notifier_writes_one_line_with_the_phone_masked(caplog) -> None:
    caplog.set_level("INFO", logger="server.notifications.notifiers")
    LogNotifier().send(CALLED)
    [record] = caplog.records
    assert "mời đến quầy số 3" in record.getMessage()
    assert "*******678" in record.getMessage()
    assert "0912345678" not in record.getMessage()


def test_http_sms_posts_the_body_template_with_json_escaped_values() -> None:
    with fake_gateway() as gateway:
        HttpSmsNotifier(
            url=gateway.url + "/sms/send",
            auth_header="Authorization: Basic dXNlcjpwYXNz",
            body_template='{"to": "{phone}", "brandname": "UBND", "message": "{text}"}',
        ).send(CALLED)
    [received] = gateway.received
    assert received.method == "POST"
    assert received.path == "/sms/send"
    assert received.headers["authorization"] == "Basic dXNlcjpwYXNz"
    assert received.json() == {
        "to": "0912345678",
        "brandname": "UBND",
        "message": "Số A005: mời đến quầy số 3.",
    }


def test_http_sms_by_get_puts_percent_encoded_values_in_the_url() -> None:
    with fake_gateway() as gateway:
        HttpSmsNotifier(
            url=gateway.url + "/send?u=ubnd&phone={phone}&msg={text}", method="GET"
        ).send(CALLED)
    [received] = gateway.received
    query = parse_qs(urlsplit(received.path).query)
    assert query == {"u": ["ubnd"], "phone": ["0912345678"], "msg": [CALLED.text]}


def test_zalo_zns_posts_the_template_message_with_the_access_token() -> None:
    with fake_gateway(answer={"error": 0, "message": "Success"}) as gateway:
        ZaloZnsNotifier(
            access_token="zalo-token", templates={"called": "231245"}, base_url=gateway.url
        ).send(CALLED)
        # A kind without an approved template is not sent at all.
        ZaloZnsNotifier("zalo-token", templates={}, base_url=gateway.url).send(CALLED)
    [received] = gateway.received
    assert received.path == "/message/template"
    assert received.headers["access_token"] == "zalo-token"
    assert received.json() == {
        "phone": "84912345678",
        "template_id": "231245",
        "template_data": {"number": "A005", "counter": "3"},
        "tracking_id": CALLED.tracking_id,
    }


def test_zalo_refusal_is_not_retried() -> None:
    with fake_gateway(answer={"error": -124, "message": "Access token invalid"}) as gateway:
        notifier = ZaloZnsNotifier("bad", templates={"called": "1"}, base_url=gateway.url)
        with pytest.raises(DeliveryError) as refused:
            notifier.send(CALLED)
    assert refused.value.retry is False


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_web_push_posts_an_encrypted_payload_signed_with_vapid() -> None:
    browser_key = ec.generate_private_key(ec.SECP256R1())
    p256dh = browser_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    vapid = ec.generate_private_key(ec.SECP256R1())
    vapid_der = vapid.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with fake_gateway(status=201) as gateway:
        subscription = {
            "endpoint": gateway.url + "/push/abc",
            "keys": {"p256dh": _b64(p256dh), "auth": _b64(os.urandom(16))},
        }
        message = messages.called(1, 7, "A005", "3", push_subscription=subscription)
        WebPushNotifier(_b64(vapid_der), "mailto:it@yenthe.gov.vn").send(message)
    [received] = gateway.received
    assert received.path == "/push/abc"
    assert received.headers["content-encoding"] == "aes128gcm"
    assert received.headers["authorization"].startswith("vapid t=")
    assert CALLED.text.encode() not in received.body  # encrypted for the browser only
    # The browser, with its private key and auth secret, reads the message.
    plain = http_ece.decrypt(
        received.body,
        private_key=browser_key,
        auth_secret=base64.urlsafe_b64decode(subscription["keys"]["auth"] + "=="),
        version="aes128gcm",
    )
    assert json.loads(plain) == {
        "kind": "called",
        "text": "Số A005: mời đến quầy số 3.",
        "number": "A005",
        "counter": "3",
    }
    # The VAPID token is signed by the server's key for the push service's origin.
    token = received.headers["authorization"].removeprefix("vapid t=").split(",")[0]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["aud"] == gateway.url and claims["sub"] == "mailto:it@yenthe.gov.vn"


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_failing_gateway_may_heal(status: int) -> None:
    with fake_gateway(status=status) as gateway, pytest.raises(DeliveryError) as failed:
        HttpSmsNotifier(url=gateway.url).send(CALLED)
    assert failed.value.retry is True


def test_a_refusal_does_not_heal() -> None:
    with fake_gateway(status=401) as gateway, pytest.raises(DeliveryError) as failed:
        HttpSmsNotifier(url=gateway.url).send(CALLED)
    assert failed.value.retry is False


def test_a_closed_port_may_heal() -> None:
    with pytest.raises(DeliveryError) as failed:
        HttpSmsNotifier(url=closed_port_url()).send(CALLED)
    assert failed.value.retry is True


def test_a_gateway_that_never_answers_times_out() -> None:
    with (
        fake_gateway(hold=threading.Event()) as gateway,
        pytest.raises(DeliveryError) as failed,
    ):
        HttpSmsNotifier(url=gateway.url, timeout=0.2).send(CALLED)
    assert failed.value.retry is True
    assert "timeout" in str(failed.value).lower()


def test_incomplete_settings_fall_back_to_logging() -> None:
    assert isinstance(notifier_for("http_sms", {}, timeout=1), LogNotifier)
    assert isinstance(notifier_for("web_push", {}, timeout=1), LogNotifier)  # no VAPID key
    assert isinstance(notifier_for("nonsense", {}, timeout=1), LogNotifier)
    zalo = notifier_for("zalo_zns", {"access_token": "t", "templates": {"called": "1"}}, timeout=1)
    assert isinstance(zalo, ZaloZnsNotifier)
    assert json.dumps(dict(zalo.templates)) == '{"called": "1"}'
