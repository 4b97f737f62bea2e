"""The phone page's browser subscribes to Web Push; its ticket then hears its turn by push too."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import World, running_app
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from notify_support import fake_gateway
from test_notify_subscriber import call_next, issue_with_phone, texts, use_sms_gateway
from waiting import wait_until

from server.models import Ticket, utcnow
from server.services.personal_data import erase_phone_numbers


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


VAPID_KEY = _b64(
    ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
)


def browser_subscription(endpoint: str = "https://fcm.googleapis.com/fcm/send/abc") -> dict:
    """What `PushSubscription.toJSON()` gives: an endpoint and the browser's keys."""
    browser_key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = browser_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {"endpoint": endpoint, "keys": {"p256dh": _b64(point), "auth": _b64(os.urandom(16))}}


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app with a VAPID key: Web Push is on."""
    with running_app(
        database_url,
        tmp_path,
        NOTIFY_BACKOFF_SECONDS=0.01,
        NOTIFY_TIMEOUT_SECONDS=0.5,
        NOTIFY_VAPID_PRIVATE_KEY=VAPID_KEY,
        NOTIFY_VAPID_SUBJECT="mailto:it@yenthe.gov.vn",
    ) as app:
        yield app


def subscribe(client, ticket: Ticket, body: object):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/public/tickets/{ticket.public_token}/push", json=body)


def test_a_subscription_is_kept_on_the_ticket_and_shown_to_nobody(
    client, session, world: World
) -> None:
    ticket = issue_with_phone(client, session, world, None)
    sent = browser_subscription()
    answer = subscribe(client, ticket, sent)
    assert answer.status_code == 200, answer.json
    assert answer.json == {"subscribed": True}
    assert answer.headers["Cache-Control"] == "no-store"
    session.expire_all()
    assert session.get(Ticket, ticket.id).push_subscription == sent
    public = client.get(f"/api/v1/public/tickets/{ticket.public_token}")
    staff = client.get(f"/api/v1/tickets/{ticket.id}", headers=world.headers("clerk1"))
    assert staff.status_code == 200
    for shown in (public, staff):
        text = shown.get_data(as_text=True)
        assert "fcm.googleapis.com" not in text
        assert sent["keys"]["auth"] not in text


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"endpoint": "http://push.example.net/x", "keys": browser_subscription()["keys"]},
        {"endpoint": "javascript:alert(1)", "keys": browser_subscription()["keys"]},
        {"endpoint": "https://push.example.net/x", "keys": {"p256dh": "x", "auth": "y"}},
        {"endpoint": "https://push.example.net/x"},
        ["https://push.example.net/x"],
        {"endpoint": "https://push.example.net/" + "a" * 2000, "keys": {}},
        # Anywhere but a browser's push service: the server would post wherever it is told.
        {"endpoint": "https://push.example.net/x", "keys": browser_subscription()["keys"]},
        {"endpoint": "https://10.0.0.5/admin", "keys": browser_subscription()["keys"]},
        {
            "endpoint": "https://fcm.googleapis.com.evil.net/x",
            "keys": browser_subscription()["keys"],
        },
    ],
)
def test_a_bad_subscription_is_refused(client, session, world: World, body) -> None:
    ticket = issue_with_phone(client, session, world, None)
    answer = subscribe(client, ticket, body)
    assert answer.status_code in (400, 422), answer.get_data(as_text=True)
    session.expire_all()
    assert session.get(Ticket, ticket.id).push_subscription is None


def test_an_unknown_ticket_is_a_404(client) -> None:
    answer = client.post("/api/v1/public/tickets/nope/push", json=browser_subscription())
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "ticket_not_found"


def test_push_is_refused_without_a_vapid_key(client, session, world: World, app) -> None:
    ticket = issue_with_phone(client, session, world, None)
    app.config["NOTIFY_VAPID_PRIVATE_KEY"] = ""
    answer = subscribe(client, ticket, browser_subscription())
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "push_unavailable"


def test_a_finished_ticket_takes_no_subscription(client, session, world: World) -> None:
    ticket = issue_with_phone(client, session, world, None)
    ticket.status = "done"
    session.commit()
    answer = subscribe(client, ticket, browser_subscription())
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "push_unavailable"


def test_a_call_goes_by_push_in_addition_to_sms(client, session, world: World) -> None:
    with fake_gateway(status=201) as push, fake_gateway() as sms:
        use_sms_gateway(session, world.office, sms.url)
        ticket = issue_with_phone(client, session, world, "0912345678")
        assert subscribe(client, ticket, browser_subscription()).status_code == 200
        # Push services are https; the test's fake one is plain http on 127.0.0.1.
        stored = session.get(Ticket, ticket.id)
        stored.push_subscription = {**stored.push_subscription, "endpoint": push.url + "/p/1"}
        session.commit()
        call_next(client, world)
        wait_until(lambda: push.answered >= 1 and sms.answered >= 1, what="push and SMS sent")
    assert texts(sms)[0] == ("0912345678", f"Số {ticket.number}: mời đến quầy số 1.")
    [received] = [r for r in push.received if r.path == "/p/1"][:1]
    assert received.method == "POST"
    assert received.headers["content-encoding"] == "aes128gcm"
    assert received.headers["authorization"].startswith("vapid t=")
    assert b"0912345678" not in received.body  # encrypted for the browser


def test_a_ticket_without_a_phone_hears_its_call_by_push(client, session, world: World) -> None:
    with fake_gateway(status=201) as push:
        ticket = issue_with_phone(client, session, world, None)
        ticket.push_subscription = browser_subscription(push.url + "/p/2")
        session.commit()
        call_next(client, world)
        wait_until(lambda: push.answered >= 1, what="the push sent")
    assert {r.path for r in push.received} == {"/p/2"}


def test_the_subscription_is_erased_with_the_phone(client, session, world: World) -> None:
    ticket = issue_with_phone(client, session, world, None)
    assert subscribe(client, ticket, browser_subscription()).status_code == 200
    erased = erase_phone_numbers(session, days=30, now=utcnow() + timedelta(days=32))
    assert erased.tickets == 1
    session.expire_all()
    assert session.get(Ticket, ticket.id).push_subscription is None


def test_the_phone_page_offers_push_with_the_vapid_key(client, session, world: World) -> None:
    ticket = issue_with_phone(client, session, world, None)
    page = client.get(f"/t/{ticket.public_token}").get_data(as_text=True)
    assert 'id="push-offer"' in page and "Nhận thông báo khi sắp đến lượt" in page
    key = page.split('data-push-key="')[1].split('"')[0]
    assert len(base64.urlsafe_b64decode(key + "=")) == 65  # a P-256 point
    assert VAPID_KEY not in page  # the private key stays on the server


def test_no_vapid_key_no_offer(client, session, world: World, app) -> None:
    ticket = issue_with_phone(client, session, world, None)
    app.config["NOTIFY_VAPID_PRIVATE_KEY"] = ""
    page = client.get(f"/t/{ticket.public_token}").get_data(as_text=True)
    assert "push-offer" not in page and "data-push-key" not in page and "push_page.js" not in page


def test_the_service_worker_is_served_under_t(client) -> None:
    answer = client.get("/t/sw.js")
    assert answer.status_code == 200
    assert answer.mimetype in ("text/javascript", "application/javascript")
    assert answer.headers["Service-Worker-Allowed"] == "/t/"
    assert "showNotification" in answer.get_data(as_text=True)
