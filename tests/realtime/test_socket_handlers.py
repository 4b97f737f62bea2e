"""Socket.IO handlers in-process: authentication, rooms, state, seq, sync, events after commit."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from conftest import World

from server.models import ApiToken
from server.realtime.socket import socketio


def connect(app, token: str | None):  # type: ignore[no-untyped-def]
    """A Socket.IO test client authenticated with a token (or none)."""
    return socketio.test_client(app, auth={"token": token} if token else None)


def events_named(client, name: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Payloads of received events with that name."""
    return [packet["args"][0] for packet in client.get_received() if packet["name"] == name]


def test_connect_with_device_token_receives_state(app, world: World):
    display = connect(app, world.display[1])
    assert display.is_connected()
    [state] = events_named(display, "state")
    assert state["office_id"] == world.office.id
    assert [c["number"] for c in state["counters"]] == ["1", "2"]
    assert state["counters"][0]["service_ids"] == [world.land.id, world.justice.id]


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_connect_without_valid_token_is_refused(app, world: World, token):
    client = connect(app, token)
    assert not client.is_connected()


def test_connect_with_expired_user_token_is_refused(app, world: World, session):
    api_token = session.query(ApiToken).filter_by(user_id=world.clerk1[0].id).one()
    api_token.expires_at = datetime(2020, 1, 1, tzinfo=UTC)
    session.commit()
    assert not connect(app, world.clerk1[1]).is_connected()


def test_connect_with_revoked_device_is_refused(app, world: World, session):
    device = world.display[0]
    device.revoked_at = datetime.now(UTC)
    session.commit()
    assert not connect(app, world.display[1]).is_connected()


def test_call_next_reaches_office_room_with_consecutive_seq(app, client, world: World):
    display = connect(app, world.display[1])
    [state] = events_named(display, "state")
    other = connect(app, world.other_kiosk[1])
    other.get_received()
    issued = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert issued.status_code == 201
    called = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    )
    assert called.status_code == 200
    received = display.get_received()
    names = [packet["name"] for packet in received]
    assert names == ["ticket_issued", "counter_updated", "ticket_called"]
    seqs = [packet["args"][0]["seq"] for packet in received]
    assert seqs == [state["seq"] + 1, state["seq"] + 2, state["seq"] + 3]
    call = received[-1]["args"][0]
    assert call["ticket"]["number"] == "A001"
    assert call["counter"]["number"] == "1"
    assert call["recall"] is False
    assert call["announcement"]["text"] == "Mời công dân có số thứ tự a một đến quầy số một"
    assert call["announcement"]["audio_url"].startswith("/audio/call.wav?")
    assert other.get_received() == []  # another office hears nothing


def test_recall_is_announced_again(app, client, world: World):
    client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    ticket = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    ).json
    display = connect(app, world.display[1])
    display.get_received()
    client.post(f"/api/v1/tickets/{ticket['id']}/recall", headers=world.headers("clerk1"))
    [call] = events_named(display, "ticket_called")
    assert call["recall"] is True
    assert call["announcement"]["text"].startswith("Xin nhắc lại")
    # In a burst the display plays the short form: no chime, no invitation, still a recall.
    assert call["announcement"]["follow"]["text"] == "Xin nhắc lại, a một đến quầy số một"
    assert "&follow=1&" in call["announcement"]["follow"]["audio_url"]


def test_sync_answers_with_fresh_state(app, client, world: World):
    display = connect(app, world.display[1])
    display.get_received()
    client.post(
        "/api/v1/tickets", json={"service_id": world.justice.id}, headers=world.headers("kiosk")
    )
    display.get_received()
    display.emit("sync")  # answered after SYNC_INTERVAL_SECONDS from the connect's snapshot
    deadline = time.monotonic() + 5
    while not (states := events_named(display, "state")) and time.monotonic() < deadline:
        time.sleep(0.01)  # polling for the snapshot
    [state] = states
    waiting = {row["service_id"]: row["waiting"] for row in state["waiting"]}
    assert waiting[world.justice.id] == 1
    assert state["seq"] >= 1


def test_user_may_watch_a_child_office_but_not_another(app, world: World, make_office, make_user):
    child = make_office(name="Xã con", parent_id=world.office.id)
    manager_token = world.manager[1]
    watcher = socketio.test_client(app, auth={"token": manager_token, "office_id": child.id})
    assert watcher.is_connected()
    [state] = events_named(watcher, "state")
    assert state["office_id"] == child.id
    stranger = socketio.test_client(
        app, auth={"token": manager_token, "office_id": world.other_office.id}
    )
    assert not stranger.is_connected()


def test_browser_session_connects_without_token(app, client, world: World):
    from conftest import PASSWORD

    login = client.post("/api/v1/auth/login", json={"username": "canbo1", "password": PASSWORD})
    assert login.status_code == 200
    console = socketio.test_client(app, flask_test_client=client)
    assert console.is_connected()
    assert events_named(console, "state")


def test_admin_revoking_a_device_closes_its_socket(app, client, world: World):
    display = connect(app, world.display[1])
    assert display.is_connected()
    response = client.post(
        f"/api/v1/devices/{world.display[0].id}/revoke", headers=world.headers("admin")
    )
    assert response.status_code == 200 and response.json["revoked"] is True
    assert not display.is_connected()
    assert (
        client.get(
            f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
        ).status_code
        == 401
    )


def test_only_an_admin_revokes(client, world: World):
    for who in ("manager", "clerk1", "kiosk"):
        response = client.post(
            f"/api/v1/devices/{world.display[0].id}/revoke", headers=world.headers(who)
        )
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"


def test_sweep_finds_sockets_revoked_elsewhere(app, world: World, session):
    """A device revoked by another process (or the CLI) is found by this process's sweep."""
    from server.realtime.connections import connections, stale_sids

    display = connect(app, world.display[1])
    clerk = connect(app, world.clerk1[1])
    assert display.is_connected() and clerk.is_connected()
    assert stale_sids(app, datetime.now(UTC)) == []
    world.display[0].revoked_at = datetime.now(UTC)
    session.query(ApiToken).filter_by(user_id=world.clerk1[0].id).one().expires_at = datetime(
        2020, 1, 1, tzinfo=UTC
    )
    session.commit()
    stale = stale_sids(app, datetime.now(UTC))
    assert len(stale) == 2
    assert {connections(app)[sid].device_id or connections(app)[sid].user_id for sid in stale} == {
        world.display[0].id,
        world.clerk1[0].id,
    }
