"""Counter actions: call-next, open, pause, close; who may use a counter; who is called next."""

from __future__ import annotations

import pytest
from conftest import World, assert_error

from server.models import Counter, TicketEvent


def issue(client, world: World, service_id: int, **fields) -> dict:
    """Issue a ticket from the kiosk."""
    response = client.post(
        "/api/v1/tickets", json={"service_id": service_id, **fields}, headers=world.headers("kiosk")
    )
    assert response.status_code == 201, response.json
    return response.json


def call_next(client, world: World, counter_id: int, who: str = "clerk1", **body):
    """POST call-next as a clerk."""
    return client.post(
        f"/api/v1/counters/{counter_id}/call-next", json=body or None, headers=world.headers(who)
    )


def counter_action(client, world: World, counter_id: int, action: str, who: str = "clerk1"):
    """POST open/pause/close as a clerk."""
    return client.post(f"/api/v1/counters/{counter_id}/{action}", headers=world.headers(who))


def seq(client, world: World) -> int:
    """The office's event counter."""
    return client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    ).json["seq"]


def serve_in_order(
    client, world: World, counter_id: int, count: int, who: str = "clerk1"
) -> list[str]:
    """Call `count` tickets one after another (start each so the next call completes it)."""
    numbers = []
    for _ in range(count):
        called = call_next(client, world, counter_id, who)
        assert called.status_code == 200, called.json
        numbers.append(called.json["number"])
        assert (
            client.post(
                f"/api/v1/tickets/{called.json['id']}/start", headers=world.headers(who)
            ).status_code
            == 200
        )
    return numbers


# --- call-next ---------------------------------------------------------------------------


def test_call_next_opens_a_closed_counter(client, world: World, session):
    ticket = issue(client, world, world.land.id)
    response = call_next(client, world, world.counter1.id)
    assert response.status_code == 200
    called = response.json
    assert called["id"] == ticket["id"]
    assert called["status"] == "called"
    assert called["counter_id"] == world.counter1.id
    assert called["called_at"] is not None
    assert called["people_ahead"] == 0
    counter = session.get(Counter, world.counter1.id)
    session.refresh(counter)
    assert counter.status == "open" and counter.clerk_id == world.clerk1[0].id


def test_call_next_with_nobody_waiting_is_204_and_still_opens(client, world: World):
    response = call_next(client, world, world.counter1.id)
    assert response.status_code == 204
    assert response.get_data() == b""
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("clerk1")
    ).json
    assert state["counters"][0]["status"] == "open"
    assert state["counters"][0]["clerk"]["id"] == world.clerk1[0].id


def test_call_next_while_ticket_only_called_is_409(client, world: World):
    first = issue(client, world, world.land.id)
    issue(client, world, world.land.id)
    call_next(client, world, world.counter1.id)
    assert_error(call_next(client, world, world.counter1.id), 409, "ticket_pending")
    # Nothing moved: the first ticket is still the called one, the second still waits.
    counter = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("clerk1")
    ).json["counters"][0]
    assert counter["ticket"]["id"] == first["id"] and counter["ticket"]["status"] == "called"
    waiting = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("clerk1")
    ).json["waiting"]
    assert {row["service_id"]: row["waiting"] for row in waiting}[world.land.id] == 1


def test_call_next_completes_the_serving_ticket_first(client, world: World):
    first = issue(client, world, world.land.id)
    second = issue(client, world, world.land.id)
    call_next(client, world, world.counter1.id)
    client.post(f"/api/v1/tickets/{first['id']}/start", headers=world.headers("clerk1"))
    response = call_next(client, world, world.counter1.id)
    assert response.status_code == 200
    assert response.json["id"] == second["id"]
    done = client.get(f"/api/v1/tickets/{first['id']}", headers=world.headers("clerk1")).json
    assert done["status"] == "done"
    assert [event["action"] for event in done["events"]] == ["issue", "call", "start", "complete"]
    assert done["events"][-1]["actor_user_id"] == world.clerk1[0].id


def test_call_next_completes_serving_ticket_even_when_nobody_waits(client, world: World):
    ticket = issue(client, world, world.land.id)
    call_next(client, world, world.counter1.id)
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world.headers("clerk1"))
    assert call_next(client, world, world.counter1.id).status_code == 204
    assert (
        client.get(f"/api/v1/tickets/{ticket['id']}", headers=world.headers("clerk1")).json[
            "status"
        ]
        == "done"
    )


def test_counter_held_by_another_clerk_is_409_counter_in_use(client, world: World):
    issue(client, world, world.land.id)
    assert counter_action(client, world, world.counter1.id, "open", "clerk2").status_code == 200
    assert_error(call_next(client, world, world.counter1.id, "clerk1"), 409, "counter_in_use")
    assert_error(
        counter_action(client, world, world.counter1.id, "open", "clerk1"), 409, "counter_in_use"
    )
    assert_error(
        counter_action(client, world, world.counter1.id, "pause", "clerk1"), 409, "counter_in_use"
    )
    assert_error(
        counter_action(client, world, world.counter1.id, "close", "clerk1"), 409, "counter_in_use"
    )
    # The holder is undisturbed and calls the waiting ticket.
    assert call_next(client, world, world.counter1.id, "clerk2").json["number"] == "A001"


def test_paused_counter_is_still_held(client, world: World):
    counter_action(client, world, world.counter1.id, "open", "clerk2")
    counter_action(client, world, world.counter1.id, "pause", "clerk2")
    assert_error(call_next(client, world, world.counter1.id, "clerk1"), 409, "counter_in_use")
    assert_error(
        counter_action(client, world, world.counter1.id, "open", "clerk1"), 409, "counter_in_use"
    )


def test_closed_counter_is_free_for_another_clerk(client, world: World):
    counter_action(client, world, world.counter1.id, "open", "clerk2")
    assert counter_action(client, world, world.counter1.id, "close", "clerk2").status_code == 200
    response = counter_action(client, world, world.counter1.id, "open", "clerk1")
    assert response.status_code == 200
    assert response.json["clerk"]["id"] == world.clerk1[0].id


def test_a_clerk_holds_one_counter_at_a_time(client, world: World):
    counter_action(client, world, world.counter1.id, "open")
    assert_error(
        counter_action(client, world, world.counter2.id, "open"), 409, "clerk_at_other_counter"
    )
    assert_error(call_next(client, world, world.counter2.id), 409, "clerk_at_other_counter")


# --- open / pause / close ----------------------------------------------------------------


def test_open_returns_the_counter(client, world: World):
    response = counter_action(client, world, world.counter1.id, "open")
    assert response.status_code == 200
    counter = response.json
    assert counter["id"] == world.counter1.id
    assert counter["number"] == "1"
    assert counter["status"] == "open"
    assert counter["service_ids"] == [world.land.id, world.justice.id]
    assert counter["clerk"] == {"id": world.clerk1[0].id, "full_name": "Trần Thị Một"}
    assert counter["ticket"] is None


def test_open_twice_is_a_no_op(client, world: World):
    first = counter_action(client, world, world.counter1.id, "open")
    before = seq(client, world)
    second = counter_action(client, world, world.counter1.id, "open")
    assert second.status_code == 200
    assert second.json == first.json
    assert seq(client, world) == before  # no counter_updated event


def test_pause_then_close(client, world: World):
    counter_action(client, world, world.counter1.id, "open")
    paused = counter_action(client, world, world.counter1.id, "pause")
    assert paused.status_code == 200
    assert paused.json["status"] == "paused"
    assert paused.json["clerk"]["id"] == world.clerk1[0].id  # pause keeps the clerk
    closed = counter_action(client, world, world.counter1.id, "close")
    assert closed.status_code == 200
    assert closed.json["status"] == "closed"
    assert closed.json["clerk"] is None
    # Closing a closed counter is a no-op too.
    assert counter_action(client, world, world.counter1.id, "close").json["status"] == "closed"


def test_paused_counter_is_not_counted_open_and_reopens(client, world: World):
    counter_action(client, world, world.counter1.id, "open")
    counter_action(client, world, world.counter1.id, "pause")
    assert counter_action(client, world, world.counter1.id, "open").json["status"] == "open"


def test_call_next_on_a_paused_counter_reopens_it(client, world: World):
    issue(client, world, world.land.id)
    counter_action(client, world, world.counter1.id, "open")
    counter_action(client, world, world.counter1.id, "pause")
    assert call_next(client, world, world.counter1.id).status_code == 200
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("clerk1")
    ).json
    assert state["counters"][0]["status"] == "open"


def test_pause_a_closed_counter_is_409(client, world: World):
    assert_error(counter_action(client, world, world.counter1.id, "pause"), 409, "counter_closed")


def test_close_with_a_called_ticket_is_409(client, world: World):
    issue(client, world, world.land.id)
    call_next(client, world, world.counter1.id)
    assert_error(counter_action(client, world, world.counter1.id, "close"), 409, "ticket_pending")
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("clerk1")
    ).json
    assert state["counters"][0]["status"] == "open"


def test_close_with_a_serving_ticket_is_409(client, world: World):
    ticket = issue(client, world, world.land.id)
    call_next(client, world, world.counter1.id)
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world.headers("clerk1"))
    assert_error(counter_action(client, world, world.counter1.id, "close"), 409, "ticket_pending")


def test_counter_events_are_published_with_seq(client, world: World):
    before = seq(client, world)
    counter_action(client, world, world.counter1.id, "open")
    counter_action(client, world, world.counter1.id, "pause")
    counter_action(client, world, world.counter1.id, "close")
    assert seq(client, world) == before + 3


# --- who may use counters ----------------------------------------------------------------


@pytest.mark.parametrize("action", ["call-next", "open", "pause", "close"])
def test_clerk_of_another_office_is_403(client, world: World, action):
    response = client.post(
        f"/api/v1/counters/{world.counter1.id}/{action}", headers=world.headers("other_clerk")
    )
    assert_error(response, 403, "forbidden")


@pytest.mark.parametrize("who", ["manager", "kiosk", "display", "rating1"])
@pytest.mark.parametrize("action", ["call-next", "open"])
def test_non_clerks_are_403(client, world: World, who, action):
    response = client.post(
        f"/api/v1/counters/{world.counter1.id}/{action}", headers=world.headers(who)
    )
    assert_error(response, 403, "forbidden")


def test_anonymous_is_401(client, world: World):
    assert_error(
        client.post(f"/api/v1/counters/{world.counter1.id}/call-next"), 401, "unauthorized"
    )
    assert_error(client.post(f"/api/v1/counters/{world.counter1.id}/open"), 401, "unauthorized")


def test_unknown_action_is_404_json(client, world: World):
    response = client.post(
        f"/api/v1/counters/{world.counter1.id}/explode", headers=world.headers("clerk1")
    )
    assert_error(response, 404, "not_found")


def test_unknown_counter_is_404_json(client, world: World):
    assert_error(call_next(client, world, 99999), 404, "counter_not_found")
    assert_error(counter_action(client, world, 99999, "open"), 404, "counter_not_found")


# --- who is next -------------------------------------------------------------------------


def test_priority_is_fair_through_the_api(client, world: World, app):
    assert app.config["MAX_PRIORITY_IN_ROW"] == 3
    issue(client, world, world.land.id)  # A001, normal, arrives first
    for category in ("elderly", "disabled", "pregnant", "merit"):
        issue(client, world, world.land.id, priority=category)  # A002..A005
    issue(client, world, world.land.id)  # A006, normal
    assert serve_in_order(client, world, world.counter1.id, 6) == [
        "A002",
        "A003",
        "A004",
        "A001",
        "A005",
        "A006",
    ]


def test_priority_streak_setting_is_read(client, world: World, app):
    app.config["MAX_PRIORITY_IN_ROW"] = 1
    issue(client, world, world.land.id)
    issue(client, world, world.land.id)
    issue(client, world, world.land.id, priority="elderly")
    issue(client, world, world.land.id, priority="elderly")
    assert serve_in_order(client, world, world.counter1.id, 4) == ["A003", "A001", "A004", "A002"]


def test_counter_prefers_its_first_service(client, world: World):
    issue(client, world, world.justice.id)  # B001 arrives first
    issue(client, world, world.land.id)  # A001
    issue(client, world, world.land.id)  # A002
    assert serve_in_order(client, world, world.counter1.id, 3) == ["A001", "A002", "B001"]


def test_counter_calls_only_its_services(client, world: World):
    issue(client, world, world.land.id)
    assert call_next(client, world, world.counter2.id, "clerk2").status_code == 204
    issue(client, world, world.justice.id)
    assert call_next(client, world, world.counter2.id, "clerk2").json["number"] == "B001"


def test_two_counters_never_call_the_same_ticket(client, world: World):
    issue(client, world, world.justice.id)
    issue(client, world, world.justice.id)
    first = call_next(client, world, world.counter1.id, "clerk1").json
    second = call_next(client, world, world.counter2.id, "clerk2").json
    assert {first["number"], second["number"]} == {"B001", "B002"}
    assert call_next(client, world, world.counter2.id, "clerk2").status_code == 409


def test_explicit_call_of_a_chosen_waiting_ticket(client, world: World, session):
    issue(client, world, world.land.id)
    issue(client, world, world.land.id)
    third = issue(client, world, world.land.id)
    response = call_next(client, world, world.counter1.id, ticket_id=third["id"])
    assert response.status_code == 200
    assert response.json["id"] == third["id"] and response.json["number"] == "A003"
    assert response.json["status"] == "called"
    events = (
        session.query(TicketEvent).filter_by(ticket_id=third["id"]).order_by(TicketEvent.id).all()
    )
    assert [event.action for event in events] == ["issue", "call"]


def test_explicit_call_of_a_ticket_not_waiting_is_409(client, world: World):
    ticket = issue(client, world, world.land.id)
    call_next(client, world, world.counter1.id)
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world.headers("clerk1"))
    response = call_next(client, world, world.counter1.id, ticket_id=ticket["id"])
    assert_error(response, 409, "ticket_not_waiting")
    # The refused call did not complete the ticket being served.
    assert (
        client.get(f"/api/v1/tickets/{ticket['id']}", headers=world.headers("clerk1")).json[
            "status"
        ]
        == "serving"
    )


def test_explicit_call_of_an_unknown_or_foreign_ticket_is_409(client, world: World):
    other_service = client.get(
        f"/api/v1/offices/{world.other_office.id}/services", headers=world.headers("other_kiosk")
    ).json[0]
    foreign = client.post(
        "/api/v1/tickets",
        json={"service_id": other_service["id"]},
        headers=world.headers("other_kiosk"),
    ).json
    assert_error(
        call_next(client, world, world.counter1.id, ticket_id=foreign["id"]),
        409,
        "ticket_not_waiting",
    )
    assert_error(
        call_next(client, world, world.counter1.id, ticket_id=99999), 409, "ticket_not_waiting"
    )


def test_explicit_call_respects_a_transfer_to_another_counter(client, world: World):
    ticket = issue(client, world, world.justice.id)
    moved = client.post(
        f"/api/v1/tickets/{ticket['id']}/transfer",
        json={"counter_id": world.counter2.id},
        headers=world.headers("clerk1"),
    )
    assert moved.status_code == 200
    assert_error(
        call_next(client, world, world.counter1.id, ticket_id=ticket["id"]),
        409,
        "ticket_not_waiting",
    )
    assert (
        call_next(client, world, world.counter2.id, "clerk2", ticket_id=ticket["id"]).json["id"]
        == ticket["id"]
    )


def test_explicit_call_of_a_service_the_counter_does_not_serve_is_409(client, world: World):
    ticket = issue(client, world, world.land.id)
    assert_error(
        call_next(client, world, world.counter2.id, "clerk2", ticket_id=ticket["id"]),
        409,
        "ticket_not_waiting",
    )


@pytest.mark.parametrize("ticket_id", ["1", True, 1.5, [1]])
def test_explicit_call_with_a_badly_typed_id_is_422(client, world: World, ticket_id):
    issue(client, world, world.land.id)
    assert_error(
        call_next(client, world, world.counter1.id, ticket_id=ticket_id), 422, "invalid_field"
    )


def test_call_next_body_must_be_json_object_when_present(client, world: World):
    response = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next",
        data="[1]",
        content_type="application/json",
        headers=world.headers("clerk1"),
    )
    assert_error(response, 400, "malformed_json")


def test_call_event_names_actor_and_counter(client, world: World, session):
    ticket = issue(client, world, world.land.id)
    call_next(client, world, world.counter1.id)
    event = session.query(TicketEvent).filter_by(ticket_id=ticket["id"], action="call").one()
    assert event.from_status == "waiting" and event.to_status == "called"
    assert event.actor_user_id == world.clerk1[0].id
    assert event.counter_id == world.counter1.id


def test_yesterdays_waiting_tickets_are_not_called_today(client, world, session):
    """The line is today's: a ticket left waiting yesterday is not called the next morning."""
    from datetime import UTC, datetime, timedelta

    from server.services.actor import Actor
    from server.services.queue.tickets import issue_ticket
    from server.services.settings import QueueSettings

    yesterday = datetime.now(UTC) - timedelta(days=1)
    kiosk = Actor(device=world.kiosk[0])
    issue_ticket(session, kiosk, world.land.id, QueueSettings(), now=yesterday)
    today = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert today.json["number"] == "A001"  # numbering starts again each day
    called = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    )
    assert called.status_code == 200 and called.json["id"] == today.json["id"]
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    ).json
    assert {row["service_id"]: row["waiting"] for row in state["waiting"]}[world.land.id] == 0
