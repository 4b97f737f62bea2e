"""GET /counters/<id>/queue and /offices/<id>/printers: what the clerk console reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import World

from server.models import Ticket
from server.services.screens.console import tally_figures


def issue(client, world: World, service_id: int, **fields) -> dict:
    """A ticket from the kiosk."""
    response = client.post(
        "/api/v1/tickets", json={"service_id": service_id, **fields}, headers=world.headers("kiosk")
    )
    assert response.status_code == 201, response.json
    return response.json


def post(client, world: World, path: str, who: str = "clerk1", **body):
    """A clerk's command."""
    return client.post(f"/api/v1{path}", json=body or None, headers=world.headers(who))


def console(client, world: World, counter_id: int, who: str = "clerk1") -> dict:
    """The console view of a counter."""
    response = client.get(f"/api/v1/counters/{counter_id}/queue", headers=world.headers(who))
    assert response.status_code == 200, response.json
    return response.json


def test_line_is_in_the_order_call_next_calls(client, world: World, app) -> None:
    app.config["MAX_PRIORITY_IN_ROW"] = 2
    issue(client, world, world.justice.id)  # B001: second service of counter 1
    issue(client, world, world.land.id)  # A001
    issue(client, world, world.land.id, priority="elderly")  # A002
    issue(client, world, world.land.id, priority="disabled")  # A003
    issue(client, world, world.land.id, priority="pregnant")  # A004
    issue(client, world, world.land.id)  # A005
    view = console(client, world, world.counter1.id)
    listed = [entry["number"] for entry in view["waiting"]]
    # Two priority calls, then a normal one slips in; land before justice at counter 1.
    assert listed == ["A002", "A003", "A001", "A004", "A005", "B001"]
    called = []
    for _ in listed:
        ticket = post(client, world, f"/counters/{world.counter1.id}/call-next").json
        called.append(ticket["number"])
        assert post(client, world, f"/tickets/{ticket['id']}/start").status_code == 200
    assert called == listed


def test_line_entries_carry_what_the_clerk_sees(client, world: World) -> None:
    issue(client, world, world.land.id, priority="merit")
    entry = console(client, world, world.counter1.id)["waiting"][0]
    assert entry["number"] == "A001"
    assert entry["service_name"] == "Đất đai"
    assert entry["priority"] == "merit"
    assert entry["waited_minutes"] == 0
    assert entry["issued_at"]
    assert entry["for_this_counter"] is False


def test_only_the_counters_own_line(client, world: World) -> None:
    issue(client, world, world.land.id)
    issue(client, world, world.justice.id)
    assert [
        e["number"] for e in console(client, world, world.counter2.id, "clerk2")["waiting"]
    ] == ["B001"]


def test_current_ticket_and_counter_state(client, world: World) -> None:
    issue(client, world, world.land.id)
    post(client, world, f"/counters/{world.counter1.id}/call-next")
    view = console(client, world, world.counter1.id)
    assert view["counter"]["status"] == "open"
    assert view["counter"]["clerk"]["full_name"] == "Trần Thị Một"
    assert view["counter"]["ticket"]["number"] == "A001"
    assert view["counter"]["ticket"]["status"] == "called"
    assert view["waiting"] == []
    assert view["no_show_after_recalls"] == 1


def test_parked_tickets_are_listed_and_resume_to_their_counter(client, world: World) -> None:
    issue(client, world, world.land.id)
    issue(client, world, world.land.id)
    ticket = post(client, world, f"/counters/{world.counter1.id}/call-next").json
    assert post(client, world, f"/tickets/{ticket['id']}/park").status_code == 200
    view = console(client, world, world.counter1.id)
    assert [p["number"] for p in view["parked"]] == ["A001"]
    assert view["parked"][0]["target_counter_number"] == "1"
    assert view["counter"]["ticket"] is None
    assert post(client, world, f"/tickets/{ticket['id']}/resume").status_code == 200
    view = console(client, world, world.counter1.id)
    assert view["parked"] == []
    assert view["waiting"][0]["number"] == "A001"
    assert view["waiting"][0]["for_this_counter"] is True


def test_yesterdays_parked_tickets_are_not_listed(client, world: World, session) -> None:
    issue(client, world, world.land.id)
    ticket = post(client, world, f"/counters/{world.counter1.id}/call-next").json
    assert post(client, world, f"/tickets/{ticket['id']}/park").status_code == 200
    row = session.get(Ticket, ticket["id"])
    row.business_date -= timedelta(days=1)
    session.commit()
    assert console(client, world, world.counter1.id)["parked"] == []


def test_todays_figures_are_the_callers_own(client, world: World) -> None:
    for _ in range(3):
        issue(client, world, world.land.id)
    for _ in range(2):
        ticket = post(client, world, f"/counters/{world.counter1.id}/call-next").json
        post(client, world, f"/tickets/{ticket['id']}/start")
        assert post(client, world, f"/tickets/{ticket['id']}/complete").status_code == 200
    figures = console(client, world, world.counter1.id)["figures"]
    assert figures["called"] == 2
    assert figures["served"] == 2
    assert figures["mean_service_seconds"] is not None
    other = console(client, world, world.counter1.id, "clerk2")["figures"]
    assert other["served"] == 0
    assert other["mean_service_seconds"] is None


def test_tally_counts_actions_and_means() -> None:
    issued = datetime(2024, 5, 6, 1, 0, tzinfo=UTC)
    rows = [
        ("call", issued + timedelta(minutes=10), {}, issued),
        ("complete", issued + timedelta(minutes=14), {"service_seconds": 240.0}, issued),
        ("call", issued + timedelta(minutes=20), {}, issued),
        ("no-show", issued + timedelta(minutes=22), {}, issued),
        ("complete", issued + timedelta(minutes=30), {"service_seconds": 120}, issued),
        ("transfer", issued + timedelta(minutes=31), None, issued),
    ]
    figures = tally_figures(rows)
    assert figures == {
        "called": 2,
        "served": 2,
        "no_show": 1,
        "transferred": 1,
        "mean_service_seconds": 180.0,
        "mean_wait_seconds": 900.0,
    }


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("other_clerk", 403, "forbidden"), ("display", 403, "forbidden"), ("kiosk", 403, "forbidden")],
)
def test_queue_is_for_staff_of_the_office(client, world: World, who, status, code) -> None:
    response = client.get(f"/api/v1/counters/{world.counter1.id}/queue", headers=world.headers(who))
    assert response.status_code == status
    assert response.json["error"]["code"] == code


def test_queue_needs_credentials_and_a_known_counter(client, world: World) -> None:
    response = client.get(f"/api/v1/counters/{world.counter1.id}/queue")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    response = client.get("/api/v1/counters/9999/queue", headers=world.headers("clerk1"))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "counter_not_found"


def test_printers_are_the_offices_kiosks(client, world: World, session) -> None:
    response = client.get(
        f"/api/v1/offices/{world.office.id}/printers", headers=world.headers("clerk1")
    )
    assert response.status_code == 200
    kiosk = world.kiosk[0]
    assert response.json == [
        {
            "id": kiosk.id,
            "name": kiosk.name,
            "printer_status": None,
            "printer_message": None,
            "printer_status_at": None,
        }
    ]


def test_a_printer_fault_is_worded(client, world: World, session) -> None:
    kiosk = world.kiosk[0]
    kiosk.printer_status = "paper_out"
    session.commit()
    response = client.get(
        f"/api/v1/offices/{world.office.id}/printers", headers=world.headers("clerk1")
    )
    assert response.json[0]["printer_status"] == "paper_out"
    assert response.json[0]["printer_message"] == "Máy in hết giấy"


def test_revoked_kiosks_are_not_printers(client, world: World, session) -> None:
    kiosk = world.kiosk[0]
    kiosk.revoked_at = datetime.now(UTC)
    session.commit()
    response = client.get(
        f"/api/v1/offices/{world.office.id}/printers", headers=world.headers("clerk1")
    )
    assert response.json == []


def test_printers_of_another_office_are_refused(client, world: World) -> None:
    response = client.get(
        f"/api/v1/offices/{world.office.id}/printers", headers=world.headers("other_clerk")
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_call_next_on_another_offices_counter_is_refused(client, world: World) -> None:
    issue(client, world, world.land.id)
    response = post(client, world, f"/counters/{world.counter1.id}/call-next", "other_clerk")
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert response.json["error"]["message"]
