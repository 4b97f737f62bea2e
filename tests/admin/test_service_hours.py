"""A service's own hours replace its office's when it has any (the kiosk shows why not)."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import World

from server.services.queue.availability import service_availability

MONDAY_MORNING = {"weekday": 0, "start": "07:30", "end": "11:30", "name": "Sáng"}


def at_local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in the week of Monday 2 March 2026, Hà Nội time (UTC+7)."""
    return datetime(2026, 3, day, hour - 7, minute, tzinfo=UTC)


def test_own_hours_decide_availability(client, session, world: World):
    response = client.patch(
        f"/api/v1/admin/services/{world.land.id}",
        json={"hours": [MONDAY_MORNING]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 200
    session.refresh(world.land)
    office = world.office
    assert service_availability(session, office, world.land, at_local(2, 8)).available
    assert (
        service_availability(session, office, world.land, at_local(2, 14)).reason == "after_hours"
    )
    assert (
        service_availability(session, office, world.land, at_local(3, 9)).reason == "closed_today"
    )
    # Tư pháp keeps the office's hours (open around the clock in the tests' office).
    assert service_availability(session, office, world.justice, at_local(3, 9)).available


def test_an_empty_list_returns_the_service_to_its_offices_hours(client, session, world: World):
    path = f"/api/v1/admin/services/{world.land.id}"
    client.patch(path, json={"hours": [MONDAY_MORNING]}, headers=world.headers("admin"))
    cleared = client.patch(path, json={"hours": []}, headers=world.headers("admin"))
    assert cleared.json["hours"] == []
    assert service_availability(session, world.office, world.land, at_local(3, 9)).available
