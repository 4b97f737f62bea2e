"""Nothing is built for an empty room: print jobs and phone updates wait until someone listens."""

from __future__ import annotations

import time

import pytest
from conftest import World

import server.realtime.print_dispatch as print_dispatch
import server.services.screens.public_updates as public_updates
from server.realtime.audience import may_have_listeners
from server.realtime.rooms import device_room, office_public_room
from server.realtime.socket import socketio

AGENT = {"client": "print-agent"}


def issue(client, world: World) -> dict:  # type: ignore[no-untyped-def]
    """A kiosk ticket for Đất đai."""
    response = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert response.status_code == 201, response.json
    return response.json


def print_jobs(client, timeout: float = 10.0) -> list[dict]:  # type: ignore[no-untyped-def]
    """The `print_job` payloads a socket test client received, waiting for the first one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p["args"][0] for p in client.get_received() if p["name"] == "print_job"]
        if found:
            return found
        time.sleep(0.01)
    raise TimeoutError("no print_job")


def test_a_room_has_listeners_once_a_socket_joined_it(app, world: World):
    room = device_room(world.kiosk[0].id)
    assert not may_have_listeners(room)
    page = socketio.test_client(app, auth={"token": world.kiosk[1]})
    assert may_have_listeners(room)
    page.disconnect()
    assert not may_have_listeners(room)


def test_a_job_for_an_absent_agent_is_rendered_when_it_connects(
    app, client, world: World, monkeypatch: pytest.MonkeyPatch
):
    started: list[object] = []
    original = print_dispatch._work
    monkeypatch.setattr(
        print_dispatch, "_work", lambda app, queue: started.append(queue) or original(app, queue)
    )

    ticket = issue(client, world)
    assert started == []  # nobody in the kiosk's room: nothing rendered

    agent = socketio.test_client(app, auth={"token": world.kiosk[1], **AGENT})
    [job] = print_jobs(agent)
    assert job["ticket"]["id"] == ticket["id"]

    issue(client, world)  # now someone listens: rendered and pushed live
    assert len(started) == 1
    assert len(print_jobs(agent)) == 1


def test_phone_figures_are_built_only_while_a_phone_listens(
    app, client, world: World, monkeypatch: pytest.MonkeyPatch
):
    built: list[int] = []
    original = public_updates.public_queue_dict
    monkeypatch.setattr(
        public_updates,
        "public_queue_dict",
        lambda session, office_id: built.append(office_id) or original(session, office_id),
    )
    first = issue(client, world)
    assert built == [] and not may_have_listeners(office_public_room(world.office.id))

    phone = socketio.test_client(app, auth={"public_token": first["public_token"]})
    phone.get_received()
    issue(client, world)
    assert built == [world.office.id]
    queue = [p["args"][0] for p in phone.get_received() if p["name"] == "public_queue"]
    assert queue[-1]["waiting"] == [{"service_id": world.land.id, "waiting": 2}]
