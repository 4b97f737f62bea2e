"""The after-commit dispatcher: subscribers per kind, in order, one failure never stops the rest."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest
from conftest import World

from server.after_commit import AfterCommit, after_commit
from server.models import Ticket, User
from server.notifications.messages import Message
from server.realtime.socket import socketio
from server.schemas.admin_offices import NewOffice
from server.services.actor import Actor
from server.services.admin import offices as admin_offices
from server.services.changes import AccessChange, Change, Outcome, PrintOrder, StateRefresh


def test_kinds_go_out_in_order_each_to_its_subscribers_in_order():
    heard: list[tuple[str, list[object]]] = []
    dispatcher = AfterCommit()
    dispatcher.subscribe(PrintOrder, lambda orders: heard.append(("printers", list(orders))))
    dispatcher.subscribe(Change, lambda changes: heard.append(("sockets", list(changes))))
    dispatcher.subscribe(Change, lambda changes: heard.append(("phones", list(changes))))
    dispatcher.subscribe(AccessChange, lambda access: heard.append(("access", list(access))))
    dispatcher.subscribe(StateRefresh, lambda refreshes: heard.append(("state", list(refreshes))))
    change = Change("ticket_issued", 1, {"seq": 1})
    order = PrintOrder(job_id=7, device_id=3)
    refresh = StateRefresh(1)
    access = AccessChange(user_id=5)
    dispatcher.dispatch(Outcome({}, [change], [order], [refresh], [access]))
    assert heard == [
        ("sockets", [change]),
        ("phones", [change]),
        ("state", [refresh]),
        ("printers", [order]),
        ("access", [access]),
    ]


def test_a_kind_without_messages_reaches_nobody():
    heard: list[Sequence[PrintOrder]] = []
    dispatcher = AfterCommit()
    dispatcher.subscribe(PrintOrder, heard.append)
    dispatcher.dispatch(Outcome({}, [Change("ticket_updated", 1, {"seq": 2})]))
    assert heard == []


def test_a_failing_subscriber_is_logged_and_the_others_still_run(caplog: pytest.LogCaptureFixture):
    heard: list[Sequence[Change]] = []

    def broken(_changes: Sequence[Change]) -> None:
        raise RuntimeError("socket gone")

    dispatcher = AfterCommit()
    dispatcher.subscribe(Change, broken)
    dispatcher.subscribe(Change, heard.append)
    change = Change("counter_updated", 1, {"seq": 3})
    with caplog.at_level(logging.ERROR, logger="server.after_commit"):
        dispatcher.dispatch(Outcome(None, [change]))  # does not raise
    assert heard == [[change]]
    assert "socket gone" in caplog.text


def test_create_app_subscribes_screens_phones_notifiers_printers_and_sockets(app):
    registered = after_commit(app)._subscribers
    names = {
        kind: [getattr(s, "func", s).__name__ for s in found] for kind, found in registered.items()
    }
    assert names == {
        Change: ["emit_changes", "publish_public", "notify_changes"],
        StateRefresh: ["refresh_screens"],
        PrintOrder: ["send_jobs"],
        AccessChange: ["close_stale_sockets"],
        Message: ["send_notices"],
    }


def test_a_failing_subscriber_never_turns_a_committed_issue_into_an_error(
    app, client, world: World, session, caplog: pytest.LogCaptureFixture
):
    def broken(_changes: Sequence[Change]) -> None:
        raise RuntimeError("notifier down")

    after_commit(app)._subscribers[Change].insert(0, broken)
    display = socketio.test_client(app, auth={"token": world.display[1]})
    display.get_received()
    with caplog.at_level(logging.ERROR, logger="server.after_commit"):
        issued = client.post(
            "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
        )
    assert issued.status_code == 201
    assert session.get(Ticket, issued.json["id"]) is not None
    events = [packet["name"] for packet in display.get_received()]
    assert events == ["ticket_issued"]
    assert "notifier down" in caplog.text


def test_set_up_commands_refresh_their_office_screens_without_the_route_looking_it_up(
    app, client, world: World
):
    display = socketio.test_client(app, auth={"token": world.display[1]})
    display.get_received()
    admin = world.headers("admin")
    added = client.post(
        f"/api/v1/admin/offices/{world.office.id}/holidays",
        json={"day": "2026-09-02", "name": "Quốc khánh"},
        headers=admin,
    )
    assert added.status_code == 201
    assert [packet["name"] for packet in display.get_received()] == ["state"]
    removed = client.delete(f"/api/v1/admin/holidays/{added.json['id']}", headers=admin)
    assert removed.status_code == 204
    [packet] = display.get_received()
    assert packet["name"] == "state" and packet["args"][0]["office_id"] == world.office.id


def test_office_commands_return_outcomes_and_delete_office_names_its_screens(
    app, session, world: World
):
    admin = Actor(user=session.get(User, world.admin[0].id))
    sent = NewOffice(code="XA-TAM", name="Xã Tạm", parent_id=world.office.id)
    created = admin_offices.create_office(session, admin, sent)
    assert isinstance(created, Outcome) and created.refreshes == []  # nobody watches it yet
    assert isinstance(created.body, dict)
    deleted = admin_offices.delete_office(session, admin, created.body["id"])
    assert deleted == Outcome(None, refreshes=[StateRefresh(created.body["id"])])
