"""Clerk actions on tickets (design §5) and GET /tickets/<id> with its event log."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import World, assert_error

from server.models import TicketEvent, utcnow

ACTIONS = ["recall", "start", "complete", "no-show", "requeue", "park", "resume", "cancel"]


def issue(client, world: World, service_id: int | None = None, **fields) -> dict:
    """Issue a ticket from the kiosk (Đất đai unless told)."""
    body = {"service_id": service_id or world.land.id, **fields}
    response = client.post("/api/v1/tickets", json=body, headers=world.headers("kiosk"))
    assert response.status_code == 201, response.json
    return response.json


def act(client, world: World, ticket_id: int, action: str, who: str = "clerk1"):
    """POST a ticket action."""
    return client.post(f"/api/v1/tickets/{ticket_id}/{action}", headers=world.headers(who))


def call(client, world: World, counter_id: int | None = None, who: str = "clerk1") -> dict:
    """Call next at a counter (counter 1 unless told)."""
    response = client.post(
        f"/api/v1/counters/{counter_id or world.counter1.id}/call-next", headers=world.headers(who)
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def detail(client, world: World, ticket_id: int, who: str = "clerk1") -> dict:
    """GET /tickets/<id>."""
    response = client.get(f"/api/v1/tickets/{ticket_id}", headers=world.headers(who))
    assert response.status_code == 200, response.json
    return response.json


def ticket_in(client, world: World, status: str) -> dict:
    """A ticket of Đất đai brought into `status` at counter 1 by clerk 1."""
    ticket = issue(client, world)
    if status == "waiting":
        return ticket
    if status == "parked":
        assert act(client, world, ticket["id"], "park").status_code == 200
        return ticket
    assert call(client, world)["id"] == ticket["id"]
    steps = {
        "called": [],
        "serving": ["start"],
        "done": ["start", "complete"],
        "no_show": ["recall", "no-show"],
        "cancelled": ["cancel"],
    }[status]
    for step in steps:
        assert act(client, world, ticket["id"], step).status_code == 200
    return ticket


ALLOWED = {
    "recall": {"called": "called"},
    "start": {"called": "serving"},
    "complete": {"serving": "done"},
    "no-show": {"called": "no_show"},  # after a recall: see the no-show tests
    "requeue": {"no_show": "waiting"},
    "park": {"waiting": "parked", "called": "parked", "serving": "parked"},
    "resume": {"parked": "waiting"},
    "cancel": {
        "waiting": "cancelled",
        "called": "cancelled",
        "serving": "cancelled",
        "parked": "cancelled",
    },
}
STATUSES = ["waiting", "called", "serving", "done", "no_show", "parked", "cancelled"]
CASES = [(action, status) for action in ACTIONS for status in STATUSES]


@pytest.mark.parametrize(("action", "status"), CASES)
def test_every_action_from_every_status(client, world: World, action, status, session):
    ticket = ticket_in(client, world, status)
    if action == "no-show" and status == "called":
        act(client, world, ticket["id"], "recall")
    events_before = session.query(TicketEvent).filter_by(ticket_id=ticket["id"]).count()
    response = act(client, world, ticket["id"], action)
    target = ALLOWED[action].get(status)
    events = (
        session.query(TicketEvent).filter_by(ticket_id=ticket["id"]).order_by(TicketEvent.id).all()
    )
    if target is None:
        assert_error(response, 409, "invalid_transition")
        assert len(events) == events_before  # a refused action writes nothing
        assert detail(client, world, ticket["id"])["status"] == status
    else:
        assert response.status_code == 200, response.json
        assert response.json["id"] == ticket["id"]
        assert response.json["status"] == target
        assert len(events) == events_before + 1
        last = events[-1]
        assert (last.action, last.from_status, last.to_status) == (action, status, target)
        assert last.actor_user_id == world.clerk1[0].id


def test_recall_counts_and_stays_called(client, world: World):
    ticket = ticket_in(client, world, "called")
    first = act(client, world, ticket["id"], "recall").json
    assert first["status"] == "called" and first["recall_count"] == 1
    second = act(client, world, ticket["id"], "recall").json
    assert second["recall_count"] == 2
    events = detail(client, world, ticket["id"])["events"]
    assert [
        event["data"].get("recall_count") for event in events if event["action"] == "recall"
    ] == [1, 2]


def test_no_show_needs_a_recall_first(client, world: World):
    ticket = ticket_in(client, world, "called")
    assert_error(act(client, world, ticket["id"], "no-show"), 409, "recall_required")
    assert detail(client, world, ticket["id"])["status"] == "called"
    assert [event["action"] for event in detail(client, world, ticket["id"])["events"]] == [
        "issue",
        "call",
    ]
    act(client, world, ticket["id"], "recall")
    response = act(client, world, ticket["id"], "no-show")
    assert response.status_code == 200
    assert response.json["status"] == "no_show"
    assert response.json["finished_at"] is not None


def test_no_show_recall_count_is_configurable(client, world: World, app):
    app.config["NO_SHOW_AFTER_RECALLS"] = 2
    ticket = ticket_in(client, world, "called")
    act(client, world, ticket["id"], "recall")
    assert_error(act(client, world, ticket["id"], "no-show"), 409, "recall_required")
    act(client, world, ticket["id"], "recall")
    assert act(client, world, ticket["id"], "no-show").json["status"] == "no_show"


def test_no_show_frees_the_counter_for_the_next_call(client, world: World):
    ticket = ticket_in(client, world, "called")
    issue(client, world)
    act(client, world, ticket["id"], "recall")
    act(client, world, ticket["id"], "no-show")
    assert call(client, world)["number"] == "A002"


def test_requeue_goes_to_the_back_of_the_line(client, world: World):
    first = issue(client, world)
    issue(client, world)
    issue(client, world)
    assert call(client, world)["id"] == first["id"]
    act(client, world, first["id"], "recall")
    act(client, world, first["id"], "no-show")
    requeued = act(client, world, first["id"], "requeue").json
    assert requeued["status"] == "waiting"
    assert requeued["counter_id"] is None and requeued["called_at"] is None
    assert requeued["recall_count"] == 0
    assert requeued["number"] == "A001"
    assert requeued["people_ahead"] == 2
    order = []
    for _ in range(3):
        called = call(client, world)
        order.append(called["number"])
        act(client, world, called["id"], "start")
    assert order == ["A002", "A003", "A001"]


def test_any_clerk_may_requeue_a_returning_no_show(client, world: World):
    ticket = ticket_in(client, world, "no_show")
    # Counter 1 is still held by clerk 1, but the ticket left it: the citizen came back to
    # another desk, and that clerk puts them back in line.
    response = act(client, world, ticket["id"], "requeue", "clerk2")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "waiting"


def test_requeue_after_the_counter_changed_hands(client, world: World):
    ticket = ticket_in(client, world, "no_show")
    assert (
        client.post(
            f"/api/v1/counters/{world.counter1.id}/close", headers=world.headers("clerk1")
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/counters/{world.counter1.id}/open", headers=world.headers("clerk2")
        ).status_code
        == 200
    )
    assert act(client, world, ticket["id"], "requeue", "clerk1").json["status"] == "waiting"


def test_park_and_resume_a_called_ticket_returns_to_the_same_counter(client, world: World):
    ticket = issue(client, world, world.justice.id)
    assert call(client, world)["id"] == ticket["id"]
    parked = act(client, world, ticket["id"], "park").json
    assert parked["status"] == "parked"
    assert parked["counter_id"] is None
    # Parked is out of the line: nobody calls it.
    assert (
        client.post(
            f"/api/v1/counters/{world.counter2.id}/call-next", headers=world.headers("clerk2")
        ).status_code
        == 204
    )
    resumed = act(client, world, ticket["id"], "resume").json
    assert resumed["status"] == "waiting"
    assert resumed["target_counter_id"] == world.counter1.id
    # Counter 2 also serves Tư pháp but the ticket belongs to counter 1 now.
    assert (
        client.post(
            f"/api/v1/counters/{world.counter2.id}/call-next", headers=world.headers("clerk2")
        ).status_code
        == 204
    )
    assert call(client, world)["id"] == ticket["id"]


def test_park_frees_the_counter(client, world: World):
    ticket = ticket_in(client, world, "serving")
    act(client, world, ticket["id"], "park")
    assert (
        client.post(
            f"/api/v1/counters/{world.counter1.id}/close", headers=world.headers("clerk1")
        ).status_code
        == 200
    )


def test_resumed_waiting_ticket_keeps_its_place(client, world: World):
    first = issue(client, world)
    issue(client, world)
    act(client, world, first["id"], "park")
    resumed = act(client, world, first["id"], "resume").json
    assert resumed["people_ahead"] == 0
    assert call(client, world)["id"] == first["id"]


def test_cancel_sets_finished_and_leaves_the_line(client, world: World):
    ticket = issue(client, world)
    cancelled = act(client, world, ticket["id"], "cancel").json
    assert cancelled["status"] == "cancelled" and cancelled["finished_at"] is not None
    assert (
        client.post(
            f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
        ).status_code
        == 204
    )


def test_start_and_complete_set_timestamps(client, world: World):
    ticket = ticket_in(client, world, "called")
    started = act(client, world, ticket["id"], "start").json
    assert started["started_at"] is not None and started["finished_at"] is None
    completed = act(client, world, ticket["id"], "complete").json
    assert completed["finished_at"] is not None
    assert datetime.fromisoformat(completed["finished_at"]) >= datetime.fromisoformat(
        completed["started_at"]
    )
    complete_event = detail(client, world, ticket["id"])["events"][-1]
    assert complete_event["action"] == "complete"
    assert complete_event["data"]["service_seconds"] >= 0


# --- who may act -------------------------------------------------------------------------


def test_another_clerk_cannot_act_at_my_counter(client, world: World):
    ticket = ticket_in(client, world, "called")
    for action in ("recall", "start", "park", "cancel"):
        assert_error(act(client, world, ticket["id"], action, "clerk2"), 403, "not_your_counter")
    assert detail(client, world, ticket["id"])["status"] == "called"


@pytest.mark.parametrize("who", ["other_clerk", "manager", "kiosk", "display", "rating1"])
def test_only_clerks_of_the_office_act(client, world: World, who):
    ticket = issue(client, world)
    assert_error(act(client, world, ticket["id"], "cancel", who), 403, "forbidden")
    assert detail(client, world, ticket["id"])["status"] == "waiting"


def test_admin_may_step_in(client, world: World):
    ticket = ticket_in(client, world, "called")
    assert act(client, world, ticket["id"], "start", "admin").json["status"] == "serving"


def test_anonymous_is_401(client, world: World):
    ticket = issue(client, world)
    assert_error(client.post(f"/api/v1/tickets/{ticket['id']}/cancel"), 401, "unauthorized")


def test_unknown_ticket_is_404(client, world: World):
    assert_error(act(client, world, 99999, "start"), 404, "ticket_not_found")
    assert_error(
        client.get("/api/v1/tickets/99999", headers=world.headers("clerk1")),
        404,
        "ticket_not_found",
    )


@pytest.mark.parametrize("action", ["call", "transfer-now", "delete", "no_show", "START"])
def test_unknown_action_is_404_json(client, world: World, action):
    ticket = issue(client, world)
    assert_error(act(client, world, ticket["id"], action), 404, "not_found")


def test_action_body_if_any_must_be_json(client, world: World):
    ticket = issue(client, world)
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/cancel",
        data="{oops",
        content_type="application/json",
        headers=world.headers("clerk1"),
    )
    assert_error(response, 400, "malformed_json")
    assert detail(client, world, ticket["id"])["status"] == "waiting"


# --- GET /tickets/<id> -------------------------------------------------------------------


def test_ticket_detail_has_events_with_actor_and_time(client, world: World):
    before = utcnow()
    ticket = ticket_in(client, world, "done")
    body = detail(client, world, ticket["id"])
    assert body["id"] == ticket["id"] and body["status"] == "done"
    events = body["events"]
    assert [(e["action"], e["from_status"], e["to_status"]) for e in events] == [
        ("issue", None, "waiting"),
        ("call", "waiting", "called"),
        ("start", "called", "serving"),
        ("complete", "serving", "done"),
    ]
    assert events[0]["actor_device_id"] == world.kiosk[0].id and events[0]["actor_user_id"] is None
    for event in events[1:]:
        assert event["actor_user_id"] == world.clerk1[0].id
        assert event["counter_id"] == world.counter1.id
    moments = [datetime.fromisoformat(event["at"]) for event in events]
    assert moments == sorted(moments)
    assert before - timedelta(seconds=1) <= moments[0] <= utcnow()


def test_ticket_detail_readers(client, world: World):
    ticket = issue(client, world)
    for who in ("clerk1", "clerk2", "manager", "admin"):
        assert detail(client, world, ticket["id"], who)["id"] == ticket["id"]
    for who in ("other_clerk", "kiosk", "display"):
        assert_error(
            client.get(f"/api/v1/tickets/{ticket['id']}", headers=world.headers(who)),
            403,
            "forbidden",
        )
    assert_error(client.get(f"/api/v1/tickets/{ticket['id']}"), 401, "unauthorized")
