"""A business day with hand-computed figures, played through the service functions."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import World

from server.rules.transitions import TicketAction
from server.services.actor import Actor
from server.services.queue.counters import call_next
from server.services.queue.tickets import act_on_ticket, issue_ticket, transfer_ticket
from server.services.settings import QueueSettings

DAY = "2024-06-03"


def at(hour: int, minute: int, day: int = 3) -> datetime:
    """A moment in June 2024 in UTC (Hà Nội is UTC+7, so 01:00 UTC is 08:00 local)."""
    return datetime(2024, 6, day, hour, minute, tzinfo=UTC)


def stats(mean, median, p90) -> dict:
    """A wait_seconds / service_seconds object."""
    return {"mean": mean, "median": median, "p90": p90}


def play_day(client, world: World, session, app) -> dict[str, int]:
    """One business day at the office, driven through the service functions with explicit times.

    Returns the ticket ids by name ("t1" … "t7"). Times are UTC on June 3 (local: +7 hours).

    ticket  service        issued  called        started  finished  end
    T1      A (Đất đai)    01:00   01:02 c1/k1   01:03    01:08     done       wait 120, service 300
    T2      A              01:01   01:08 c1/k1   01:09    01:19     done       wait 420, service 600
    T3      B (Tư pháp)    01:02   01:05 c2/k2   01:05    01:07     done       wait 180, service 120
    T4      B              01:03   01:07 c2/k2   -        01:09     no-show    wait 240
    T5      B              01:04   -             -        01:10     cancelled
    T6      A → B at 01:06 01:05   01:12 c2/k2   01:12    01:15     done       wait 420, service 180
    T7      A              next business day (00:30 local on June 4): outside the range
    T6 is transferred by clerk 1 (k1) while waiting.
    Ratings: T1 very satisfied (tablet), T2 satisfied (phone), T3 dissatisfied (phone).
    """
    world.justice.number_start = 100  # keeps B's sequences apart from A's (see test_api_transfer)
    session.commit()
    settings = QueueSettings.from_config(app.config)
    kiosk = Actor(device=world.kiosk[0])
    clerk1 = Actor(user=world.clerk1[0])
    clerk2 = Actor(user=world.clerk2[0])

    token: dict[int, str] = {}  # the citizens' keys, as the kiosk printed them

    def issue(service, moment) -> int:
        body = issue_ticket(session, kiosk, service.id, settings, now=moment).body
        assert body is not None
        token[body["id"]] = body["public_token"]
        return body["id"]

    def call(actor, counter, moment) -> int:
        return call_next(session, actor, counter.id, settings, now=moment).body["id"]

    def act(actor, ticket_id, action, moment) -> None:
        act_on_ticket(session, actor, ticket_id, TicketAction(action), settings, now=moment)

    t1 = issue(world.land, at(1, 0))
    t2 = issue(world.land, at(1, 1))
    t3 = issue(world.justice, at(1, 2))
    t4 = issue(world.justice, at(1, 3))
    t5 = issue(world.justice, at(1, 4))
    t6 = issue(world.land, at(1, 5))
    assert call(clerk1, world.counter1, at(1, 2)) == t1
    act(clerk1, t1, "start", at(1, 3))
    assert call(clerk2, world.counter2, at(1, 5)) == t3
    act(clerk2, t3, "start", at(1, 5))
    transfer_ticket(session, clerk1, t6, settings, service_id=world.justice.id, now=at(1, 6))
    act(clerk2, t3, "complete", at(1, 7))
    assert call(clerk2, world.counter2, at(1, 7)) == t4
    act(clerk1, t1, "complete", at(1, 8))
    assert call(clerk1, world.counter1, at(1, 8)) == t2
    act(clerk2, t4, "recall", at(1, 8))
    act(clerk1, t2, "start", at(1, 9))
    act(clerk2, t4, "no-show", at(1, 9))
    act(clerk2, t5, "cancel", at(1, 10))
    assert call(clerk2, world.counter2, at(1, 12)) == t6
    act(clerk2, t6, "start", at(1, 12))
    act(clerk2, t6, "complete", at(1, 15))
    act(clerk1, t2, "complete", at(1, 19))
    t7 = issue(world.land, at(17, 30))  # 00:30 on June 4 in Hà Nội
    tickets = {"t1": t1, "t2": t2, "t3": t3, "t4": t4, "t5": t5, "t6": t6, "t7": t7}
    rated = client.post(
        f"/api/v1/tickets/{t1}/rating",
        json={"level": "very_satisfied"},
        headers=world.headers("rating1"),
    )
    assert rated.status_code == 201
    for name, level in (("t2", "satisfied"), ("t3", "dissatisfied")):
        response = client.post(
            f"/api/v1/public/tickets/{token[tickets[name]]}/rating", json={"level": level}
        )
        assert response.status_code == 201
    return tickets
