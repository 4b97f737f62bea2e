"""POST /tickets/<id>/transfer: to another service's line or to a named counter."""

from __future__ import annotations

import pytest
from conftest import World, assert_error

from server.models import TicketEvent


def issue(client, world: World, service_id: int) -> dict:
    """Issue a ticket from the kiosk."""
    response = client.post(
        "/api/v1/tickets", json={"service_id": service_id}, headers=world.headers("kiosk")
    )
    assert response.status_code == 201, response.json
    return response.json


def call(client, world: World, counter_id: int, who: str):
    """Call next at a counter."""
    return client.post(f"/api/v1/counters/{counter_id}/call-next", headers=world.headers(who))


def transfer(client, world: World, ticket_id: int, body, who: str = "clerk1"):
    """POST a transfer."""
    return client.post(
        f"/api/v1/tickets/{ticket_id}/transfer", json=body, headers=world.headers(who)
    )


def test_transfer_to_service_keeps_identity(client, world: World, session):
    ticket = issue(client, world, world.land.id)
    assert call(client, world, world.counter1.id, "clerk1").json["id"] == ticket["id"]
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world.headers("clerk1"))
    response = transfer(client, world, ticket["id"], {"service_id": world.justice.id})
    assert response.status_code == 200, response.json
    moved = response.json
    assert moved["id"] == ticket["id"]
    assert moved["number"] == "A001"
    assert "public_token" not in moved  # the clerk's answer is the staff view (design §5)
    assert moved["issued_at"] == ticket["issued_at"]
    assert moved["service_id"] == world.justice.id
    assert moved["service_name"] == "Tư pháp – Hộ tịch"
    assert moved["status"] == "waiting"
    assert moved["counter_id"] is None and moved["called_at"] is None
    assert moved["transferred_from_service_id"] == world.land.id
    event = session.query(TicketEvent).filter_by(ticket_id=ticket["id"], action="transfer").one()
    assert (event.from_status, event.to_status) == ("serving", "waiting")
    assert event.actor_user_id == world.clerk1[0].id
    assert event.data["from_service_id"] == world.land.id
    assert event.data["to_service_id"] == world.justice.id
    assert event.data["from_counter_id"] == world.counter1.id
    # The counter is free again: closing works.
    assert (
        client.post(
            f"/api/v1/counters/{world.counter1.id}/close", headers=world.headers("clerk1")
        ).status_code
        == 200
    )


def number_justice_from(session, world: World, start: int) -> None:
    """Let Tư pháp's numbers start elsewhere, so a transferred A00n never shares B's sequence."""
    world.justice.number_start = start
    session.commit()


def test_transferred_ticket_joins_the_target_line_at_its_arrival_time(
    client, world: World, session
):
    number_justice_from(session, world, 500)
    early = issue(client, world, world.land.id)  # A001, arrives first
    later = issue(client, world, world.justice.id)  # B500, arrives later
    assert call(client, world, world.counter1.id, "clerk1").json["id"] == early["id"]
    moved = transfer(client, world, early["id"], {"service_id": world.justice.id}).json
    assert moved["people_ahead"] == 0
    # Counter 2 serves only Tư pháp: the transferred A001 is called before the later B500.
    assert call(client, world, world.counter2.id, "clerk2").json["id"] == early["id"]
    client.post(f"/api/v1/tickets/{early['id']}/start", headers=world.headers("clerk2"))
    assert call(client, world, world.counter2.id, "clerk2").json["id"] == later["id"]


def test_transfer_to_front_setting(client, world: World, app, session):
    number_justice_from(session, world, 500)
    app.config["TRANSFER_TO_FRONT"] = True
    issue(client, world, world.justice.id)  # B500
    issue(client, world, world.justice.id)  # B501
    # Issued last, but sent to the front of Tư pháp's line.
    last = issue(client, world, world.land.id)
    assert transfer(client, world, last["id"], {"service_id": world.justice.id}).status_code == 200
    assert call(client, world, world.counter2.id, "clerk2").json["id"] == last["id"]


def test_transfer_into_a_line_that_already_has_the_same_sequence(client, world: World):
    issue(client, world, world.justice.id)  # B001
    ticket = issue(client, world, world.land.id)  # A001: the same sequence 1 on the same day
    response = transfer(client, world, ticket["id"], {"service_id": world.justice.id})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["number"] == "A001" and response.json["service_id"] == world.justice.id


def test_transfer_waiting_ticket(client, world: World):
    ticket = issue(client, world, world.land.id)
    moved = transfer(client, world, ticket["id"], {"service_id": world.justice.id}).json
    assert moved["status"] == "waiting" and moved["service_id"] == world.justice.id
    assert call(client, world, world.counter2.id, "clerk2").json["id"] == ticket["id"]


def test_transfer_to_counter_only_that_counter_calls_it(client, world: World):
    ticket = issue(client, world, world.justice.id)
    assert call(client, world, world.counter1.id, "clerk1").json["id"] == ticket["id"]
    response = transfer(client, world, ticket["id"], {"counter_id": world.counter2.id})
    assert response.status_code == 200, response.json
    moved = response.json
    assert moved["id"] == ticket["id"] and moved["number"] == "B001"
    assert moved["status"] == "waiting"
    assert moved["service_id"] == world.justice.id
    assert moved["target_counter_id"] == world.counter2.id
    # Counter 1 also serves Tư pháp, but the ticket was sent to counter 2 by name.
    assert call(client, world, world.counter1.id, "clerk1").status_code == 204
    assert call(client, world, world.counter2.id, "clerk2").json["id"] == ticket["id"]


def test_transfer_to_counter_that_does_not_serve_the_service(client, world: World):
    ticket = issue(client, world, world.land.id)
    transfer(client, world, ticket["id"], {"counter_id": world.counter2.id})
    assert call(client, world, world.counter1.id, "clerk1").status_code == 204
    called = call(client, world, world.counter2.id, "clerk2").json
    assert called["id"] == ticket["id"] and called["service_id"] == world.land.id


def test_targeted_ticket_goes_before_the_counters_line(client, world: World):
    issue(client, world, world.justice.id)  # B001 waits at counter 2
    ticket = issue(client, world, world.land.id)
    transfer(client, world, ticket["id"], {"counter_id": world.counter2.id})
    assert call(client, world, world.counter2.id, "clerk2").json["id"] == ticket["id"]


def test_transfer_to_own_counter_is_409(client, world: World):
    ticket = issue(client, world, world.land.id)
    call(client, world, world.counter1.id, "clerk1")
    assert_error(
        transfer(client, world, ticket["id"], {"counter_id": world.counter1.id}),
        409,
        "invalid_transfer",
    )


@pytest.mark.parametrize(
    "body",
    [{}, {"service_id": None, "counter_id": None}, {"service_id": 1, "counter_id": 1}],
)
def test_transfer_needs_exactly_one_target(client, world: World, body):
    ticket = issue(client, world, world.land.id)
    if body.get("service_id"):
        body = {"service_id": world.justice.id, "counter_id": world.counter2.id}
    assert_error(transfer(client, world, ticket["id"], body), 422, "invalid_field")


@pytest.mark.parametrize(
    "body", [{"service_id": "2"}, {"service_id": True}, {"counter_id": 1.5}, {"counter_id": [1]}]
)
def test_transfer_with_wrongly_typed_target_is_422(client, world: World, body):
    ticket = issue(client, world, world.land.id)
    assert_error(transfer(client, world, ticket["id"], body), 422, "invalid_field")


def test_transfer_body_must_be_a_json_object(client, world: World):
    ticket = issue(client, world, world.land.id)
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/transfer", headers=world.headers("clerk1")
    )
    assert_error(response, 400, "malformed_json")
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/transfer",
        data="[2]",
        content_type="application/json",
        headers=world.headers("clerk1"),
    )
    assert_error(response, 400, "malformed_json")


def test_transfer_to_another_office_is_404(client, world: World):
    ticket = issue(client, world, world.land.id)
    services = client.get(
        f"/api/v1/offices/{world.other_office.id}/services", headers=world.headers("other_kiosk")
    ).json
    assert_error(
        transfer(client, world, ticket["id"], {"service_id": services[0]["id"]}),
        404,
        "service_not_found",
    )
    state = client.get(
        f"/api/v1/offices/{world.other_office.id}/state", headers=world.headers("other_kiosk")
    ).json
    assert_error(
        transfer(client, world, ticket["id"], {"counter_id": state["counters"][0]["id"]}),
        404,
        "counter_not_found",
    )
    assert_error(
        transfer(client, world, ticket["id"], {"service_id": 99999}), 404, "service_not_found"
    )
    assert_error(
        transfer(client, world, ticket["id"], {"counter_id": 99999}), 404, "counter_not_found"
    )


def test_transfer_to_inactive_service_is_409(client, world: World, session):
    ticket = issue(client, world, world.land.id)
    world.justice.active = False
    session.commit()
    assert_error(
        transfer(client, world, ticket["id"], {"service_id": world.justice.id}),
        409,
        "service_unavailable",
    )


@pytest.mark.parametrize("final", ["complete", "cancel"])
def test_finished_ticket_cannot_be_transferred(client, world: World, final):
    ticket = issue(client, world, world.land.id)
    call(client, world, world.counter1.id, "clerk1")
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world.headers("clerk1"))
    client.post(f"/api/v1/tickets/{ticket['id']}/{final}", headers=world.headers("clerk1"))
    assert_error(
        transfer(client, world, ticket["id"], {"service_id": world.justice.id}),
        409,
        "invalid_transition",
    )


def test_transfer_permissions(client, world: World):
    ticket = issue(client, world, world.land.id)
    call(client, world, world.counter1.id, "clerk1")
    assert_error(
        transfer(client, world, ticket["id"], {"service_id": world.justice.id}, "clerk2"),
        403,
        "not_your_counter",
    )
    for who in ("other_clerk", "manager", "kiosk"):
        assert_error(
            transfer(client, world, ticket["id"], {"service_id": world.justice.id}, who),
            403,
            "forbidden",
        )
    assert_error(
        client.post(
            f"/api/v1/tickets/{ticket['id']}/transfer", json={"service_id": world.justice.id}
        ),
        401,
        "unauthorized",
    )


def test_transfer_unknown_ticket_is_404(client, world: World):
    assert_error(
        transfer(client, world, 99999, {"service_id": world.justice.id}), 404, "ticket_not_found"
    )
