"""`sync` answers are paced per socket: merged while pending, spaced by the interval, never lost."""

from __future__ import annotations

import time

import pytest
from conftest import World

from server.realtime.socket import socketio
from server.realtime.sync_pacing import SyncPacer

SID = "socket-1"


def test_first_sync_of_a_fresh_socket_is_answered_at_once():
    assert SyncPacer(1.0).request(SID, now=100.0) == 0.0


def test_a_sync_soon_after_a_snapshot_waits_out_the_interval():
    pacer = SyncPacer(1.0)
    pacer.sent(SID, now=100.0)
    assert pacer.request(SID, now=100.25) == 0.75
    assert SyncPacer(1.0).request("other", now=100.25) == 0.0  # sockets are paced apart


def test_syncs_while_one_is_scheduled_merge_into_it():
    pacer = SyncPacer(1.0)
    pacer.sent(SID, now=100.0)
    assert pacer.request(SID, now=100.1) == pytest.approx(0.9)
    assert [pacer.request(SID, now=100.1 + i / 100) for i in range(50)] == [None] * 50
    pacer.begin(SID)  # the scheduled snapshot is built after all of them: it answers them all
    assert pacer.finish(SID, now=101.0) is None
    assert not pacer.pending(SID)


def test_a_sync_during_building_is_owed_one_more_snapshot_an_interval_later():
    pacer = SyncPacer(1.0)
    assert pacer.request(SID, now=100.0) == 0.0
    pacer.begin(SID)
    assert pacer.request(SID, now=100.05) is None  # the snapshot being built may predate it
    assert pacer.finish(SID, now=100.1) == 1.0
    assert pacer.pending(SID)
    pacer.begin(SID)
    assert pacer.finish(SID, now=101.1) is None
    assert pacer.request(SID, now=101.2) == pytest.approx(0.9)


def test_a_closed_socket_is_forgotten():
    pacer = SyncPacer(1.0)
    pacer.request(SID, now=100.0)
    pacer.forget(SID)
    assert pacer.finish(SID, now=100.1) is None
    assert pacer.request(SID, now=100.2) == 0.0


def states_until_idle(app, display, timeout: float = 10.0) -> list[dict]:  # type: ignore[no-untyped-def]
    """The `state` snapshots a test client gets until its socket has no snapshot pending."""
    from server.realtime.handlers import sync_pacer

    sid = socketio.server.manager.sid_from_eio_sid(display.eio_sid, "/")
    deadline = time.monotonic() + timeout
    while sync_pacer(app).pending(sid):
        assert time.monotonic() < deadline, "the owed snapshot never came"
        time.sleep(0.01)  # polling for the condition above
    return [p["args"][0] for p in display.get_received() if p["name"] == "state"]


def test_a_flood_of_syncs_gets_one_fresh_snapshot(app, client, world: World):
    # Long enough that 200 syncs and a ticket fit in it on a loaded machine too.
    app.config["SYNC_INTERVAL_SECONDS"] = 1.5
    display = socketio.test_client(app, auth={"token": world.display[1]})
    display.get_received()
    started = time.monotonic()
    for _ in range(200):
        display.emit("sync")
    issued = client.post(
        "/api/v1/tickets", json={"service_id": world.justice.id}, headers=world.headers("kiosk")
    )
    assert issued.status_code == 201
    states = states_until_idle(app, display)
    assert len(states) == 1  # 200 syncs, one snapshot
    assert time.monotonic() - started >= 1.5 * 0.9  # spaced from the one sent on connect
    waiting = {row["service_id"]: row["waiting"] for row in states[0]["waiting"]}
    assert waiting[world.justice.id] == 1  # built after the syncs: fresh


def test_a_sync_after_the_interval_gets_its_own_snapshot(app, client, world: World):
    app.config["SYNC_INTERVAL_SECONDS"] = 0.2
    display = socketio.test_client(app, auth={"token": world.display[1]})
    display.get_received()
    display.emit("sync")
    assert len(states_until_idle(app, display)) == 1
    display.emit("sync")
    assert len(states_until_idle(app, display)) == 1
