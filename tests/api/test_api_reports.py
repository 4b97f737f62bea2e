"""GET /reports/summary against a hand-computed day of tickets with known times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import World, assert_error, bearer
from reports.report_day import DAY, play_day, stats
from sqlalchemy import select

from server.models import Appointment, Ticket


@pytest.fixture
def day(client, world: World, session, app) -> dict[str, int]:
    """The hand-computed business day of tests/reports/report_day.py (table in its docstring)."""
    return play_day(client, world, session, app)


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
        "appointments": {"booked": 0, "checked_in": 0, "cancelled": 0, "expired": 0},
    }


def test_appointment_totals(client, world: World, session):
    """Every booking of the day counts as booked; the rest say what became of it (§12)."""
    slot = datetime.combine(date.fromisoformat(DAY), time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    statuses = ["booked", "checked_in", "cancelled", "expired", "booked"]
    for number, status in enumerate(statuses):
        session.add(
            Appointment(
                office_id=world.office.id,
                service_id=world.land.id,
                slot_start=slot,
                slot_end=slot + timedelta(minutes=15),
                code=f"CODE{number}",
                public_token=f"token-{number}",
                status=status,
            )
        )
    session.add(  # the next day: not counted
        Appointment(
            office_id=world.office.id,
            service_id=world.land.id,
            slot_start=slot + timedelta(days=1),
            slot_end=slot + timedelta(days=1, minutes=15),
            code="LATER1",
            public_token="token-later",
        )
    )
    session.commit()
    report = summary(client, world, f"office_id={world.office.id}&from={DAY}&to={DAY}").json
    # The day is past: a booking never checked in expired (a no-show).
    assert report["totals"]["appointments"] == {
        "booked": 5,
        "checked_in": 1,
        "cancelled": 1,
        "expired": 3,
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


def test_office_left_out_is_422_missing_field(client, world: World):
    # One rule for every request (server/api/contract.py): a required argument left out is
    # `missing_field`; one sent empty or wrong is `invalid_field`, as above.
    response = summary(client, world, "from=2024-06-03")
    assert_error(response, 422, "missing_field")
    assert response.json["error"]["message"].startswith("office_id: ")


def test_unknown_office_is_404(client, world: World):
    assert_error(summary(client, world, "office_id=99999", "admin"), 404, "office_not_found")


def test_by_channel(client, world: World, day, session):
    """A row per channel, every channel, in the enum's order (design §12)."""
    day_tickets = select(Ticket).where(Ticket.business_date == date.fromisoformat(DAY))
    first, second = sorted(session.scalars(day_tickets), key=lambda ticket: ticket.id)[:2]
    first.channel, second.channel = "online", "appointment"
    session.commit()
    report = summary(client, world, f"office_id={world.office.id}&from={DAY}&to={DAY}").json
    channels = [row["channel"] for row in report["by_channel"]]
    assert channels == ["kiosk", "reception", "online", "appointment"]
    issued = {row["channel"]: row["issued"] for row in report["by_channel"]}
    assert issued == {"kiosk": 4, "reception": 0, "online": 1, "appointment": 1}
    for name in ("served", "no_show", "cancelled", "transferred"):
        assert sum(row[name] for row in report["by_channel"]) == report["totals"][name], name
