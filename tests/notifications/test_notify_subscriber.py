"""After commit, citizens with a phone hear when they are called and when their turn nears."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import World, running_app
from flask import Flask
from notify_support import FakeGateway, closed_port_url, fake_gateway
from sqlalchemy.orm import Session
from waiting import wait_until

from server.models import Office, Ticket
from server.realtime.notify_dispatch import notification_outbox


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app with quick retries and a short gateway timeout."""
    with running_app(
        database_url, tmp_path, NOTIFY_BACKOFF_SECONDS=0.01, NOTIFY_TIMEOUT_SECONDS=0.5
    ) as app:
        yield app


def use_sms_gateway(session: Session, office: Office, url: str) -> None:
    office.notifier_kind = "http_sms"
    office.notifier_settings = {
        "url": url + "/sms",
        "auth_header": "Authorization: Bearer sms-token",
        "body_template": '{"to": "{phone}", "message": "{text}"}',
    }
    session.commit()


def issue_with_phone(client, session: Session, world: World, phone: str | None, service=None):  # type: ignore[no-untyped-def]
    """A kiosk ticket, then its phone set on the model (as a remote number would carry it)."""
    service = service or world.land
    answer = client.post(
        "/api/v1/tickets", json={"service_id": service.id}, headers=world.headers("kiosk")
    )
    assert answer.status_code == 201, answer.json
    ticket = session.get(Ticket, answer.json["id"])
    assert ticket is not None
    ticket.phone = phone
    session.commit()
    return ticket


def call_next(client, world: World):  # type: ignore[no-untyped-def]
    answer = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    )
    assert answer.status_code == 200, answer.json
    return answer.json


def start(client, world: World, ticket_id: int) -> None:
    answer = client.post(f"/api/v1/tickets/{ticket_id}/start", headers=world.headers("clerk1"))
    assert answer.status_code == 200, answer.json


def texts(gateway: FakeGateway) -> list[tuple[str, str]]:
    return [(r.json()["to"], r.json()["message"]) for r in gateway.received]


def test_a_called_ticket_with_a_phone_hears_its_counter(client, session, world: World) -> None:
    with fake_gateway() as gateway:
        use_sms_gateway(session, world.office, gateway.url)
        ticket = issue_with_phone(client, session, world, "0912345678")
        issue_with_phone(client, session, world, None)  # no phone: never a message
        call_next(client, world)
        wait_until(lambda: gateway.answered >= 1, what="the SMS sent")
    assert texts(gateway)[0] == ("0912345678", f"Số {ticket.number}: mời đến quầy số 1.")
    assert gateway.received[0].headers["authorization"] == "Bearer sms-token"
    assert all(to == "0912345678" for to, _ in texts(gateway))


def test_a_call_answers_while_the_gateway_still_holds_the_message(
    client, session, world: World
) -> None:
    release = threading.Event()
    with fake_gateway(hold=release) as gateway:
        use_sms_gateway(session, world.office, gateway.url)
        issue_with_phone(client, session, world, "0912345678")
        call_next(client, world)
        assert gateway.answered == 0  # the call has its answer; the SMS has not gone yet
        wait_until(lambda: gateway.received, what="the SMS on its way")
        release.set()


def test_a_dead_gateway_costs_a_log_line_and_a_retry(client, session, world: World, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="server.notifications.outbox")
    use_sms_gateway(session, world.office, closed_port_url())
    issue_with_phone(client, session, world, "0912345678")
    called = call_next(client, world)
    assert called["status"] == "called"
    wait_until(
        lambda: any("given up" in record.getMessage() for record in caplog.records),
        what="tried and given up",
    )
    lines = [record.getMessage() for record in caplog.records]
    assert sum("will retry" in line for line in lines) == 3  # XEPHANG_NOTIFY_ATTEMPTS 4


def test_a_500_is_retried(client, session, world: World) -> None:
    with fake_gateway(status=500) as gateway:
        use_sms_gateway(session, world.office, gateway.url)
        issue_with_phone(client, session, world, "0912345678")
        call_next(client, world)
        wait_until(lambda: gateway.answered >= 4, what="four attempts")


def test_almost_your_turn_once_when_notify_ahead_or_fewer_wait(
    client, session, world: World
) -> None:
    with fake_gateway() as gateway:
        use_sms_gateway(session, world.office, gateway.url)
        tickets = [
            issue_with_phone(client, session, world, f"090000000{index}") for index in range(6)
        ]
        first = call_next(client, world)  # tickets[0]; tickets[1..5] have 0..4 ahead
        wait_until(lambda: gateway.answered >= 5, what="called + four heads-ups")
        heads_up = {to: text for to, text in texts(gateway) if "đến lượt" in text}
        assert set(heads_up) == {"0900000001", "0900000002", "0900000003", "0900000004"}
        assert (
            heads_up["0900000004"]
            == f"Số {tickets[4].number}: còn 3 người nữa đến lượt, xin mời đến văn phòng."
        )
        start(client, world, first["id"])
        call_next(client, world)  # tickets[1]; now tickets[5] has 3 ahead
        wait_until(lambda: gateway.answered >= 7, what="second call + one heads-up")
        wait_until(lambda: notification_outbox(client.application).pending() == 0, what="done")
        later = texts(gateway)[5:]
    assert (
        "0900000005",
        f"Số {tickets[5].number}: còn 3 người nữa đến lượt, xin mời đến văn phòng.",
    ) in later
    assert ("0900000001", f"Số {tickets[1].number}: mời đến quầy số 1.") in later
    assert len(gateway.received) == 7  # nobody warned twice


def test_the_notifier_the_admin_sets_is_the_one_used(client, session, world: World) -> None:
    with fake_gateway(answer={"error": 0}) as zalo:
        chosen = client.put(
            f"/api/v1/admin/offices/{world.office.id}/notifier",
            json={
                "kind": "zalo_zns",
                "access_token": "oa-token",
                "templates": {"called": "231245"},
                "base_url": zalo.url,
            },
            headers=world.headers("admin"),
        )
        assert chosen.status_code == 200, chosen.json
        ticket = issue_with_phone(client, session, world, "0912345678")
        call_next(client, world)
        wait_until(lambda: zalo.answered >= 1, what="the ZNS message sent")
    [received] = zalo.received  # no template for almost_your_turn: only the call goes out
    assert received.headers["access_token"] == "oa-token"
    assert received.json()["template_data"] == {"number": ticket.number, "counter": "1"}
    assert received.json()["phone"] == "84912345678"


def test_a_ticket_issued_near_the_front_with_a_phone_hears_at_once(
    app, session, world: World
) -> None:
    from server.services.changes import Change
    from server.services.notifications import messages_for

    walk_in = issue_with_phone(app.test_client(), session, world, None)
    remote = issue_with_phone(app.test_client(), session, world, "0912345678")
    issued = Change(
        "ticket_issued",
        world.office.id,
        # As a remote number's change says: only online and appointment tickets carry a phone.
        {"ticket": {"id": remote.id, "service_id": world.land.id, "channel": "online"}},
    )
    warned: set[int] = set()

    def first(ticket_id: int) -> bool:
        fresh = ticket_id not in warned
        warned.add(ticket_id)
        return fresh

    [message] = messages_for(session, [issued], first)
    assert message.text == f"Số {remote.number}: còn 1 người nữa đến lượt, xin mời đến văn phòng."
    walk_in_issued = Change(
        "ticket_issued",
        world.office.id,
        {"ticket": {"id": walk_in.id, "service_id": world.land.id, "channel": "kiosk"}},
    )
    assert messages_for(session, [walk_in_issued], first) == []


def test_priority_tickets_count_ahead(client, session, world: World) -> None:
    with fake_gateway() as gateway:
        use_sms_gateway(session, world.office, gateway.url)
        for _ in range(4):
            issue_with_phone(client, session, world, None)
        late = issue_with_phone(client, session, world, "0912345678")  # 4 ahead: no heads-up
        answer = client.post(
            "/api/v1/tickets",
            json={"service_id": world.land.id, "priority": "elderly"},
            headers=world.headers("kiosk"),
        )
        assert answer.status_code == 201, answer.json
        call_next(client, world)  # the priority ticket goes first: still 4 ahead of `late`
        wait_until(lambda: notification_outbox(client.application).pending() == 0, what="done")
        assert gateway.received == []
        call_next_after_start(client, world)
        wait_until(lambda: gateway.answered >= 1, what="the heads-up")
    assert texts(gateway) == [
        ("0912345678", f"Số {late.number}: còn 3 người nữa đến lượt, xin mời đến văn phòng.")
    ]


def call_next_after_start(client, world: World) -> None:  # type: ignore[no-untyped-def]
    counter = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    ).json
    serving = [
        c["ticket"]["id"]
        for c in counter["counters"]
        if c.get("ticket") and c["id"] == world.counter1.id
    ]
    if serving:
        start(client, world, serving[0])
    call_next(client, world)
