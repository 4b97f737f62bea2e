"""GET /reports/summary against a hand-computed day of tickets with known times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import World, bearer

from server.rules.transitions import TicketAction
from server.services.actor import Actor
from server.services.counters import call_next
from server.services.settings import QueueSettings
from server.services.tickets import act_on_ticket, issue_ticket, transfer_ticket

DAY = "2024-06-03"


def at(hour: int, minute: int, day: int = 3) -> datetime:
    """A moment on June 2024 in UTC (Hà Nội is UTC+7, so 01:00 UTC is 08:00 local)."""
    return datetime(2024, 6, day, hour, minute, tzinfo=UTC)


def assert_error(response, status: int, code: str) -> None:
    """The response is the JSON error of DESIGN §5 with this status and code."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]


def stats(mean, median, p90) -> dict:
    """A wait_seconds / service_seconds object."""
    return {"mean": mean, "median": median, "p90": p90}


@pytest.fixture
def day(client, world: World, session, app) -> dict[str, int]:
    """One business day at the office, driven through the service functions with explicit times.

    ticket  service        issued  called        started  finished  end
    T1      A (Đất đai)    01:00   01:02 c1/k1   01:03    01:08     done       wait 120, service 300
    T2      A              01:01   01:08 c1/k1   01:09    01:19     done       wait 420, service 600
    T3      B (Tư pháp)    01:02   01:05 c2/k2   01:05    01:07     done       wait 180, service 120
    T4      B              01:03   01:07 c2/k2   -        01:09     no-show    wait 240
    T5      B              01:04   -             -        01:10     cancelled
    T6      A → B at 01:06 01:05   01:12 c2/k2   01:12    01:15     done       wait 420, service 180
    T7      A              next business day (00:30 local on June 4): outside the range
    Ratings: T1 very satisfied (tablet), T2 satisfied (phone), T3 dissatisfied (phone).
    """
    world.justice.number_start = 100  # keeps B's sequences apart from A's (see test_api_transfer)
    session.commit()
    settings = QueueSettings.from_config(app.config)
    kiosk = Actor(device=world.kiosk[0])
    clerk1 = Actor(user=world.clerk1[0])
    clerk2 = Actor(user=world.clerk2[0])

    def issue(service, moment) -> int:
        return issue_ticket(session, kiosk, service.id, settings, now=moment).body["id"]

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
    token = {
        name: client.get(f"/api/v1/tickets/{ticket_id}", headers=world.headers("manager")).json[
            "public_token"
        ]
        for name, ticket_id in tickets.items()
    }
    assert (
        client.post(
            f"/api/v1/tickets/{t1}/rating",
            json={"level": "very_satisfied"},
            headers=world.headers("rating1"),
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"/api/v1/public/tickets/{token['t2']}/rating", json={"level": "satisfied"}
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"/api/v1/public/tickets/{token['t3']}/rating",
            json={"level": "dissatisfied", "reasons": ["waiting_time"]},
        ).status_code
        == 201
    )
    return tickets


def summary(client, world: World, query: str, who: str = "manager"):
    """GET the summary report."""
    return client.get(f"/api/v1/reports/summary?{query}", headers=world.headers(who))


def test_totals(client, world: World, day):
    response = summary(client, world, f"office_id={world.office.id}&from={DAY}&to={DAY}")
    assert response.status_code == 200, response.json
    report = response.json
    assert report["office_id"] == world.office.id
    assert report["from"] == DAY and report["to"] == DAY
    assert report["totals"] == {
        "issued": 6,
        "served": 4,
        "no_show": 1,
        "cancelled": 1,
        "transferred": 1,
        "wait_seconds": stats(276.0, 240.0, 420.0),
        "service_seconds": stats(300.0, 240.0, 510.0),
        "ratings": {"very_satisfied": 1, "satisfied": 1, "dissatisfied": 1},
    }


def test_by_service(client, world: World, day):
    report = summary(client, world, f"office_id={world.office.id}&from={DAY}&to={DAY}").json
    rows = {row["service_id"]: row for row in report["by_service"]}
    assert set(rows) == {world.land.id, world.justice.id}
    land, justice = rows[world.land.id], rows[world.justice.id]
    assert land["name"] == "Đất đai" and justice["name"] == "Tư pháp – Hộ tịch"
    # Rows are by the service a ticket ended in; a transfer counts for the service it left.
    assert (
        land["issued"],
        land["served"],
        land["no_show"],
        land["cancelled"],
        land["transferred"],
    ) == (2, 2, 0, 0, 1)
    assert land["wait_seconds"] == stats(270.0, 270.0, 390.0)
    assert land["service_seconds"] == stats(450.0, 450.0, 570.0)
    assert land["ratings"] == {"very_satisfied": 1, "satisfied": 1, "dissatisfied": 0}
    assert (
        justice["issued"],
        justice["served"],
        justice["no_show"],
        justice["cancelled"],
        justice["transferred"],
    ) == (4, 2, 1, 1, 0)
    assert justice["wait_seconds"] == stats(280.0, 240.0, 384.0)
    assert justice["service_seconds"] == stats(150.0, 150.0, 174.0)
    assert justice["ratings"] == {"very_satisfied": 0, "satisfied": 0, "dissatisfied": 1}


def test_by_counter_and_by_clerk(client, world: World, day):
    report = summary(client, world, f"office_id={world.office.id}&from={DAY}&to={DAY}").json
    counters = {row["counter_id"]: row for row in report["by_counter"]}
    clerks = {row["user_id"]: row for row in report["by_clerk"]}
    assert set(counters) == {world.counter1.id, world.counter2.id}
    assert set(clerks) == {world.clerk1[0].id, world.clerk2[0].id}
    assert "1" in counters[world.counter1.id]["name"]
    assert clerks[world.clerk1[0].id]["name"] == "Trần Thị Một"
    assert clerks[world.clerk2[0].id]["name"] == "Lê Văn Hai"
    for first, second in (
        (counters[world.counter1.id], counters[world.counter2.id]),
        (clerks[world.clerk1[0].id], clerks[world.clerk2[0].id]),
    ):
        assert (first["issued"], first["served"], first["no_show"], first["cancelled"]) == (
            2,
            2,
            0,
            0,
        )
        assert first["wait_seconds"] == stats(270.0, 270.0, 390.0)
        assert first["service_seconds"] == stats(450.0, 450.0, 570.0)
        assert first["ratings"] == {"very_satisfied": 1, "satisfied": 1, "dissatisfied": 0}
        assert (second["issued"], second["served"], second["no_show"], second["cancelled"]) == (
            3,
            2,
            1,
            0,
        )
        assert second["wait_seconds"] == stats(280.0, 240.0, 384.0)
        assert second["service_seconds"] == stats(150.0, 150.0, 174.0)
        assert second["ratings"] == {"very_satisfied": 0, "satisfied": 0, "dissatisfied": 1}


def test_range_follows_the_office_calendar(client, world: World, day):
    next_day = summary(
        client, world, f"office_id={world.office.id}&from=2024-06-04&to=2024-06-04"
    ).json
    assert next_day["totals"]["issued"] == 1
    assert next_day["totals"]["wait_seconds"] == stats(None, None, None)
    both = summary(client, world, f"office_id={world.office.id}&from={DAY}&to=2024-06-04").json
    assert both["totals"]["issued"] == 7
    before = summary(
        client, world, f"office_id={world.office.id}&from=2024-06-01&to=2024-06-02"
    ).json
    assert before["totals"]["issued"] == 0
    assert before["by_service"] == [] and before["by_counter"] == [] and before["by_clerk"] == []


def test_default_range_is_today(client, world: World, day):
    report = summary(client, world, f"office_id={world.office.id}").json
    assert report["from"] == report["to"]
    assert report["from"] != DAY
    assert report["totals"]["issued"] == 0
    client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert summary(client, world, f"office_id={world.office.id}").json["totals"]["issued"] == 1
    explicit = summary(
        client, world, f"office_id={world.office.id}&from={report['from']}&to={report['to']}"
    ).json
    assert explicit["totals"]["issued"] == 1


def test_admin_and_parent_manager_read_reports(client, world: World, make_office):
    assert summary(client, world, f"office_id={world.office.id}", "admin").status_code == 200
    child = make_office(parent_id=world.office.id)
    assert summary(client, world, f"office_id={child.id}", "manager").status_code == 200


@pytest.mark.parametrize("who", ["clerk1", "kiosk", "display", "rating1"])
def test_non_managers_are_403(client, world: World, who):
    assert_error(summary(client, world, f"office_id={world.office.id}", who), 403, "forbidden")


def test_manager_of_another_office_is_403(client, world: World, make_user):
    _, token = make_user(world.other_office, "manager", "quanly_xa")
    response = client.get(
        f"/api/v1/reports/summary?office_id={world.office.id}", headers=bearer(token)
    )
    assert_error(response, 403, "forbidden")


def test_anonymous_is_401(client, world: World):
    assert_error(
        client.get(f"/api/v1/reports/summary?office_id={world.office.id}"), 401, "unauthorized"
    )


@pytest.mark.parametrize(
    "query",
    [
        "from=2024-06-03",
        "office_id=",
        "office_id=abc",
        "office_id=-1",
        "office_id=1.5",
        "office_id=²",
        "office_id=+1",
        "office_id={office}&from=2024-13-01",
        "office_id={office}&from=03/06/2024",
        "office_id={office}&to=yesterday",
        "office_id={office}&from=2024-06-04&to=2024-06-03",
        "office_id={office}&from=2020-01-01&to=2024-01-01",
    ],
)
def test_bad_parameters_are_422(client, world: World, query):
    response = summary(client, world, query.format(office=world.office.id))
    assert_error(response, 422, "invalid_field")


def test_unknown_office_is_404(client, world: World):
    assert_error(summary(client, world, "office_id=99999", "admin"), 404, "office_not_found")
