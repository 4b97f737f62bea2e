"""GET /public/tickets/<token>: the citizen's view of a ticket, with no staff data."""

from __future__ import annotations

from conftest import World

STAFF_FIELDS = {
    "clerk_id",
    "dossier_code",
    "target_counter_id",
    "transferred_from_service_id",
    "events",
}


def public(client, token: str):
    """GET the public ticket without credentials."""
    return client.get(f"/api/v1/public/tickets/{token}")


def issue(client, world: World, service_id: int, who: str = "kiosk", **fields) -> dict:
    """Issue a ticket."""
    response = client.post(
        "/api/v1/tickets", json={"service_id": service_id, **fields}, headers=world.headers(who)
    )
    assert response.status_code == 201, response.json
    return response.json


def test_public_ticket_while_waiting(client, world: World):
    issue(client, world, world.land.id)
    ticket = issue(client, world, world.land.id)
    response = public(client, ticket["public_token"])
    assert response.status_code == 200
    body = response.json
    assert body["id"] == ticket["id"]
    assert body["number"] == "A002"
    assert body["status"] == "waiting"
    assert body["service_name"] == "Đất đai"
    assert body["people_ahead"] == 1
    assert body["estimated_wait_minutes"] == 5
    assert body["public_token"] == ticket["public_token"]
    assert body["called_counter"] is None
    assert body["now_serving"] == []
    assert not STAFF_FIELDS & set(body)


def test_public_ticket_has_no_staff_data_even_when_called(client, world: World):
    ticket = issue(client, world, world.land.id, "clerk1", dossier_code="H12-0001")
    client.post(f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1"))
    body = public(client, ticket["public_token"]).json
    assert not STAFF_FIELDS & set(body)
    text = str(body)
    assert "H12-0001" not in text
    assert "Trần Thị Một" not in text  # the clerk's name
    assert "canbo1" not in text


def test_public_ticket_shows_called_counter_and_now_serving(client, world: World):
    mine = issue(client, world, world.land.id)
    other = issue(client, world, world.justice.id)
    client.post(f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1"))
    body = public(client, mine["public_token"]).json
    assert body["status"] == "called"
    assert body["called_counter"] == {"number": "1", "name": "Quầy 1"}
    assert [row["number"] for row in body["now_serving"]] == ["A001"]
    assert body["now_serving"][0]["counter_number"] == "1"

    client.post(f"/api/v1/counters/{world.counter2.id}/call-next", headers=world.headers("clerk2"))
    client.post(f"/api/v1/tickets/{mine['id']}/start", headers=world.headers("clerk1"))
    body = public(client, mine["public_token"]).json
    assert body["status"] == "serving"
    assert body["called_counter"] == {"number": "1", "name": "Quầy 1"}
    assert sorted(row["number"] for row in body["now_serving"]) == ["A001", "B001"]
    other_body = public(client, other["public_token"]).json
    assert other_body["called_counter"] == {"number": "2", "name": "Quầy 2"}

    client.post(f"/api/v1/tickets/{mine['id']}/complete", headers=world.headers("clerk1"))
    body = public(client, mine["public_token"]).json
    assert body["status"] == "done"
    assert body["called_counter"] is None
    assert [row["number"] for row in body["now_serving"]] == ["B001"]


def test_now_serving_is_only_the_tickets_office(client, world: World):
    mine = issue(client, world, world.land.id)
    other_service = client.get(
        f"/api/v1/offices/{world.other_office.id}/services", headers=world.headers("other_kiosk")
    ).json[0]
    client.post(
        "/api/v1/tickets",
        json={"service_id": other_service["id"]},
        headers=world.headers("other_kiosk"),
    )
    state = client.get(
        f"/api/v1/offices/{world.other_office.id}/state", headers=world.headers("other_kiosk")
    ).json
    client.post(
        f"/api/v1/counters/{state['counters'][0]['id']}/call-next",
        headers=world.headers("other_clerk"),
    )
    assert public(client, mine["public_token"]).json["now_serving"] == []


def test_unknown_token_is_plain_404_json(client):
    response = public(client, "does-not-exist")
    assert response.status_code == 404
    assert response.is_json
    assert response.json["error"]["code"] == "ticket_not_found"
    assert response.json["error"]["message"]
    assert set(response.json) == {"error"}


def test_public_ticket_needs_no_credentials_and_ignores_them(client, world: World):
    ticket = issue(client, world, world.land.id)
    # Even another office's kiosk token does not matter: the public token is the key.
    response = client.get(
        f"/api/v1/public/tickets/{ticket['public_token']}", headers=world.headers("other_kiosk")
    )
    assert response.status_code == 200
