"""A phone's socket: it hears its own ticket and the office's public figures, nothing else."""

from __future__ import annotations

from typing import Any

from conftest import World

from server.realtime.socket import socketio

STAFF_KEYS = {
    "clerk",
    "clerk_id",
    "actor_user_id",
    "actor_device_id",
    "dossier_code",
    "events",
    "full_name",
    "username",
    "target_counter_id",
    "transferred_from_service_id",
    "announcement",
}
STAFF_EVENTS = {"state", "ticket_issued", "ticket_called", "ticket_updated", "counter_updated"}


def issue(client, world: World, service_id: int, who: str = "kiosk", **fields) -> dict:
    """Issue a ticket."""
    response = client.post(
        "/api/v1/tickets", json={"service_id": service_id, **fields}, headers=world.headers(who)
    )
    assert response.status_code == 201
    return response.json


def act(client, world: World, path: str, who: str, **body) -> dict:
    """A clerk's command."""
    response = client.post(f"/api/v1{path}", json=body or None, headers=world.headers(who))
    assert response.status_code == 200, response.json
    return response.json


def phone(app, token: str):  # type: ignore[no-untyped-def]
    """A Socket.IO test client connecting like the phone page."""
    return socketio.test_client(app, auth={"public_token": token})


def walk(value: Any) -> list[tuple[str, Any]]:
    """Every (key, value) pair in a JSON value, at any depth."""
    pairs: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            pairs.append((key, item))
            pairs.extend(walk(item))
    elif isinstance(value, list):
        for item in value:
            pairs.extend(walk(item))
    return pairs


def assert_private(payload: dict, mine: dict, others: list[dict]) -> None:
    """No staff fields, no names, nothing that identifies another ticket."""
    pairs = walk(payload)
    assert not STAFF_KEYS & {key for key, _ in pairs}
    text = repr(payload)
    for secret in ("Trần Thị Một", "Lê Văn Hai", "canbo1", "canbo2", "H12-0001"):
        assert secret not in text
    for other in others:
        assert other["public_token"] not in text
    ticket_ids = {value for key, value in pairs if key in {"id", "ticket_id"}}
    assert ticket_ids <= {mine["id"]}


def test_unknown_or_malformed_public_tokens_are_refused(app, world: World):
    for token in ("no-such-ticket", "", None, 12, "x" * 100, ["a"]):
        client = phone(app, token)  # type: ignore[arg-type]
        assert not client.is_connected()


def test_phone_gets_its_ticket_on_connect_and_never_the_office_state(app, client, world: World):
    mine = issue(client, world, world.land.id)
    listener = phone(app, mine["public_token"])
    assert listener.is_connected()
    received = listener.get_received()
    assert [packet["name"] for packet in received] == ["public_ticket"]
    [payload] = received[0]["args"]
    assert payload == client.get(f"/api/v1/public/tickets/{mine['public_token']}").json
    listener.disconnect()


def test_phone_hears_only_its_own_ticket_and_public_figures(app, client, world: World):
    before = issue(client, world, world.land.id, "clerk1", dossier_code="H12-0001")
    mine = issue(client, world, world.land.id)
    listener = phone(app, mine["public_token"])
    listener.get_received()
    staff = socketio.test_client(app, auth={"token": world.display[1]})
    staff.get_received()

    others = [before]
    others.append(issue(client, world, world.justice.id, "clerk1", dossier_code="H12-0001"))
    act(client, world, f"/counters/{world.counter2.id}/call-next", "clerk2")  # B001 elsewhere
    act(client, world, f"/counters/{world.counter1.id}/call-next", "clerk1")  # A001, not mine
    received = listener.get_received()
    names = [packet["name"] for packet in received]
    assert not STAFF_EVENTS & set(names)
    assert set(names) == {"public_queue"}  # my ticket did not change: no public_ticket
    latest = received[-1]["args"][0]
    assert latest["office_id"] == world.office.id
    assert [row["number"] for row in latest["now_serving"]] == ["A001", "B001"]
    assert {row["service_id"]: row["waiting"] for row in latest["waiting"]} == {world.land.id: 1}
    for packet in received:
        assert_private(packet["args"][0], mine, others)
    # The staff display in the same office did get the staff events the phone did not.
    assert {"ticket_issued", "ticket_called"} <= {p["name"] for p in staff.get_received()}

    act(client, world, f"/tickets/{before['id']}/start", "clerk1")
    act(client, world, f"/tickets/{before['id']}/complete", "clerk1")
    act(client, world, f"/counters/{world.counter1.id}/call-next", "clerk1")  # now mine
    act(client, world, f"/tickets/{mine['id']}/recall", "clerk1")
    received = listener.get_received()
    mine_pushed = [p["args"][0] for p in received if p["name"] == "public_ticket"]
    assert [(t["status"], t["recall_count"]) for t in mine_pushed] == [("called", 0), ("called", 1)]
    assert mine_pushed[-1]["called_counter"] == {"number": "1", "name": "Quầy 1"}
    assert mine_pushed[-1] == client.get(f"/api/v1/public/tickets/{mine['public_token']}").json
    for packet in received:
        assert packet["name"] in {"public_ticket", "public_queue"}
        assert_private(packet["args"][0], mine, others)
    listener.disconnect()
    staff.disconnect()


def test_phone_of_another_office_hears_nothing(app, client, world: World):
    mine = issue(client, world, world.land.id)
    services = client.get(
        f"/api/v1/offices/{world.other_office.id}/services", headers=world.headers("other_kiosk")
    ).json
    theirs = issue(client, world, services[0]["id"], "other_kiosk")
    listener = phone(app, theirs["public_token"])
    listener.get_received()
    issue(client, world, world.land.id)
    act(client, world, f"/counters/{world.counter1.id}/call-next", "clerk1")
    act(client, world, f"/tickets/{mine['id']}/start", "clerk1")
    assert listener.get_received() == []
    listener.disconnect()


def test_a_staff_session_does_not_widen_a_public_connection(app, client, world: World):
    login = client.post("/api/v1/auth/login", json={"username": "canbo1", "password": "secret-pw"})
    assert login.status_code == 200
    mine = issue(client, world, world.land.id)
    listener = socketio.test_client(
        app, auth={"public_token": mine["public_token"]}, flask_test_client=client
    )
    assert listener.is_connected()
    assert [p["name"] for p in listener.get_received()] == ["public_ticket"]
    issue(client, world, world.justice.id)
    assert {p["name"] for p in listener.get_received()} <= {"public_queue"}
    listener.disconnect()
