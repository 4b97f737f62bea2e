"""GET /dashboard: waiting now, SLA breaches, counters, today's figures and chart data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import World, bearer

from server.models import Appointment, utcnow
from server.rules.business_day import business_date, day_bounds_utc, local_time
from server.rules.transitions import TicketAction
from server.services.actor import Actor
from server.services.queue.counters import call_next
from server.services.queue.tickets import act_on_ticket, issue_ticket
from server.services.settings import QueueSettings


@pytest.fixture
def live(client, world: World, session, app) -> dict:
    """Now at the office: one served and rated, one at counter 1, two waiting (one too long)."""
    settings = QueueSettings.from_config(app.config)
    kiosk = Actor(device=world.kiosk[0])
    clerk1 = Actor(user=world.clerk1[0])
    now = utcnow()
    world.land.target_wait_minutes = 30
    world.justice.number_start = 100
    session.commit()

    def issue(service, minutes_ago: float) -> dict:
        moment = now - timedelta(minutes=minutes_ago)
        return issue_ticket(session, kiosk, service.id, settings, now=moment).body

    served = issue(world.land, 50)
    call_next(session, clerk1, world.counter1.id, settings, now=now - timedelta(minutes=45))
    act_on_ticket(
        session, clerk1, served["id"], TicketAction.START, settings, now=now - timedelta(minutes=44)
    )
    act_on_ticket(
        session,
        clerk1,
        served["id"],
        TicketAction.COMPLETE,
        settings,
        now=now - timedelta(minutes=40),
    )
    rated = client.post(
        f"/api/v1/tickets/{served['id']}/rating",
        json={"level": "satisfied"},
        headers=world.headers("rating1"),
    )
    assert rated.status_code == 201
    at_counter = issue(world.land, 39)
    call_next(session, clerk1, world.counter1.id, settings, now=now - timedelta(minutes=2))
    late = issue(world.land, 35)  # waiting longer than Đất đai's 30 minutes
    recent = issue(world.justice, 3)
    return {"served": served, "at_counter": at_counter, "late": late, "recent": recent, "now": now}


def dashboard(client, world: World, query: str = "", who: str = "manager"):
    """GET the dashboard of the world's office."""
    return client.get(
        f"/api/v1/dashboard?office_id={world.office.id}{query}", headers=world.headers(who)
    )


def test_waiting_now_and_the_longest_wait(client, world: World, live):
    body = dashboard(client, world).json
    assert body["office"]["id"] == world.office.id and body["subtree"] is False
    assert body["waiting"]["total"] == 2
    assert body["waiting"]["longest"]["number"] == live["late"]["number"]
    assert 35 * 60 <= body["waiting"]["longest_seconds"] < 36 * 60
    services = {row["service_id"]: row for row in body["services"]}
    land, justice = services[world.land.id], services[world.justice.id]
    assert (land["waiting"], justice["waiting"]) == (1, 1)
    assert land["breaches"] == 1 and justice["breaches"] == 0
    assert land["open_counters"] == 1 and justice["open_counters"] == 1


def test_sla_breaches_list_tickets_waiting_past_their_target(client, world: World, live):
    sla = dashboard(client, world).json["sla"]
    assert sla["waiting_over_target"] == 1
    assert [ticket["number"] for ticket in sla["tickets"]] == [live["late"]["number"]]
    assert sla["tickets"][0]["target_minutes"] == 30
    assert sla["tickets"][0]["service_name"] == "Đất đai"
    # The ticket now at counter 1 waited 37 minutes before its call: late today.
    assert sla["served_over_target_today"] == 1


def test_todays_figures(client, world: World, live):
    today = dashboard(client, world).json["today"]
    assert (today["issued"], today["served"], today["no_show"]) == (4, 1, 0)
    # Waits of called tickets: 5 minutes (served) and 37 minutes (at the counter).
    assert today["wait_seconds"]["mean"] == pytest.approx(21 * 60, abs=1)
    assert today["service_seconds"]["mean"] == pytest.approx(4 * 60, abs=1)
    assert today["ratings"] == {"very_satisfied": 0, "satisfied": 1, "dissatisfied": 0}
    assert today["ratings_percent"]["satisfied"] == 100.0


def test_counters_show_state_ticket_and_clerk(client, world: World, live):
    counters = {row["id"]: row for row in dashboard(client, world).json["counters"]}
    first, second = counters[world.counter1.id], counters[world.counter2.id]
    assert first["status"] == "open"
    assert first["clerk"]["full_name"] == "Trần Thị Một"
    assert first["ticket"]["number"] == live["at_counter"]["number"]
    assert first["ticket"]["status"] == "called"
    assert first["served_today"] == 1
    assert second["status"] == "closed" and second["ticket"] is None and second["clerk"] is None


def test_chart_data(client, world: World, live):
    body = dashboard(client, world).json
    issued = sum(row["issued"] for row in body["hourly"])
    served = sum(row["served"] for row in body["hourly"])
    assert (issued, served) == (4, 1)
    hours = [row["hour"] for row in body["hourly"]]
    assert hours == list(range(hours[0], hours[-1] + 1))
    assert local_time(live["now"], "Asia/Ho_Chi_Minh").hour in hours
    bars = {bar["label"]: bar for bar in body["wait_distribution"]}
    assert list(bars) == ["0–5", "5–10", "10–15", "15–20", "20–30", "30–45", "45–60", "≥ 60"]
    assert bars["5–10"]["called"] == 1  # served after 5 minutes
    assert bars["30–45"]["called"] == 1 and bars["30–45"]["waiting"] == 1
    assert bars["0–5"]["waiting"] == 1


def test_a_parent_office_aggregates_its_children(
    client, session, world: World, live, make_office, make_user
):
    parent = make_office(name="UBND tỉnh Thử")
    world.office.parent_id = parent.id
    session.commit()
    _, token = make_user(parent, "manager", "lanhdao_tinh")
    response = client.get(
        f"/api/v1/dashboard?office_id={parent.id}&subtree=1", headers=bearer(token)
    )
    assert response.status_code == 200
    body = response.json
    assert body["subtree"] is True
    offices = {row["office_id"]: row for row in body["offices"]}
    assert set(offices) == {parent.id, world.office.id}
    assert offices[world.office.id]["waiting"] == 2
    assert offices[world.office.id]["breaches"] == 1
    assert body["waiting"]["total"] == 2


@pytest.mark.parametrize("who", ["clerk1", "kiosk", "display", "other_clerk"])
def test_clerks_and_devices_are_refused(client, world: World, who):
    response = dashboard(client, world, who=who)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_anonymous_bad_and_unknown(client, world: World):
    assert client.get(f"/api/v1/dashboard?office_id={world.office.id}").status_code == 401
    bad = client.get("/api/v1/dashboard?office_id=x", headers=world.headers("manager"))
    assert bad.status_code == 422 and bad.json["error"]["message"].startswith("office_id:")
    unknown = client.get("/api/v1/dashboard?office_id=99999", headers=world.headers("admin"))
    assert unknown.status_code == 404


def test_kiosk_printers_in_trouble_are_listed_alerts_first(client, world: World, make_device):
    assert dashboard(client, world).json["printers"] == []  # never reported: no alert
    second_kiosk, second_token = make_device(world.office, "kiosk")
    for headers, status in (
        (bearer(second_token), "paper_near_end"),
        (world.headers("kiosk"), "ok"),
    ):
        sent = client.post(
            "/api/v1/devices/printer-status", json={"status": status}, headers=headers
        )
        assert sent.status_code == 200, sent.json
    printers = dashboard(client, world).json["printers"]
    assert [(p["device_id"], p["level"], p["message"]) for p in printers] == [
        (second_kiosk.id, "warning", "Máy in sắp hết giấy")
    ]
    assert printers[0]["at"] is not None and printers[0]["office_name"] == world.office.name
    client.post(
        "/api/v1/devices/printer-status",
        json={"status": "paper_out"},
        headers=world.headers("kiosk"),
    )
    printers = dashboard(client, world).json["printers"]
    assert [(p["device_id"], p["status"], p["level"]) for p in printers] == [
        (world.kiosk[0].id, "paper_out", "alert"),
        (second_kiosk.id, "paper_near_end", "warning"),
    ]


def test_todays_bookings_check_ins_and_no_shows(client, world: World, session):
    today = business_date(utcnow(), world.office.timezone)
    start_of_day = day_bounds_utc(today, world.office.timezone)[0]
    bookings = [
        ("checked_in", start_of_day),
        ("cancelled", start_of_day),
        ("expired", start_of_day),
        ("cancelled", start_of_day - timedelta(minutes=15)),  # yesterday: not counted
        ("booked", start_of_day + timedelta(days=1)),  # tomorrow: not counted
    ]
    for number, (status, slot) in enumerate(bookings):
        session.add(
            Appointment(
                office_id=world.office.id,
                service_id=world.land.id,
                slot_start=slot,
                slot_end=slot + timedelta(minutes=15),
                code=f"DASH{number}",
                public_token=f"dash-{number}",
                status=status,
                phone="0912345678",
            )
        )
    session.commit()
    answer = dashboard(client, world)
    assert answer.status_code == 200
    assert answer.json["appointments"] == {
        "booked": 3,
        "checked_in": 1,
        "cancelled": 1,
        "expired": 1,
    }
    assert "912345678" not in answer.get_data(as_text=True)
