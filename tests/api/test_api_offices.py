"""GET /offices, /offices/<id>/services and /offices/<id>/state."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import World, assert_error, bearer

from server.models import Holiday, utcnow
from server.rules.transitions import TicketAction
from server.services.actor import Actor
from server.services.queue import tickets as ticket_service
from server.services.queue.counters import call_next
from server.services.queue.tickets import act_on_ticket, issue_ticket
from server.services.screens import state as state_service
from server.services.settings import QueueSettings

# A Monday, 10:00 in Hà Nội (03:00 UTC).
MONDAY_10_00 = datetime(2024, 6, 3, 3, 0, tzinfo=UTC)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def frozen_now(monkeypatch):
    """Freeze the clock the services list and issuing read (a Monday, 10:00 local)."""

    def freeze(moment: datetime = MONDAY_10_00) -> datetime:
        monkeypatch.setattr(state_service, "utcnow", lambda: moment)
        monkeypatch.setattr(ticket_service, "utcnow", lambda: moment)
        return moment

    return freeze


def services_by_prefix(client, office_id: int, who_headers) -> dict[str, dict]:
    """The services list keyed by prefix."""
    response = client.get(f"/api/v1/offices/{office_id}/services", headers=who_headers)
    assert response.status_code == 200, response.json
    return {service["prefix"]: service for service in response.json}


# --- GET /offices ------------------------------------------------------------------------


def test_clerk_sees_only_own_office(client, world: World):
    response = client.get("/api/v1/offices", headers=world.headers("clerk1"))
    assert response.status_code == 200
    assert [office["id"] for office in response.json] == [world.office.id]
    office = response.json[0]
    assert office["name"] == "Bộ phận Một cửa huyện Thử"
    assert office["timezone"] == "Asia/Ho_Chi_Minh"
    assert office["header_lines"] == ["UBND HUYỆN THỬ", "BỘ PHẬN MỘT CỬA"]


def test_device_sees_its_office(client, world: World):
    for who in ("kiosk", "display", "rating1"):
        response = client.get("/api/v1/offices", headers=world.headers(who))
        assert [office["id"] for office in response.json] == [world.office.id]
    response = client.get("/api/v1/offices", headers=world.headers("other_kiosk"))
    assert [office["id"] for office in response.json] == [world.other_office.id]


def test_manager_and_admin_of_parent_see_descendants(client, world: World, make_office, make_user):
    child = make_office(name="Điểm tiếp nhận", parent_id=world.office.id)
    grandchild = make_office(name="Điểm con", parent_id=child.id)
    for who in ("manager", "admin"):
        response = client.get("/api/v1/offices", headers=world.headers(who))
        assert response.status_code == 200
        ids = [office["id"] for office in response.json]
        assert ids == sorted([world.office.id, child.id, grandchild.id])
        assert world.other_office.id not in ids
    # A manager of the child sees the child and below, not the parent.
    _, child_manager = make_user(child, "manager", "quanly_con")
    response = client.get("/api/v1/offices", headers=bearer(child_manager))
    assert [office["id"] for office in response.json] == [child.id, grandchild.id]
    # A clerk does not see descendants.
    response = client.get("/api/v1/offices", headers=world.headers("clerk1"))
    assert [office["id"] for office in response.json] == [world.office.id]


def test_manager_of_parent_reads_child_state_and_services(
    client, world: World, make_office, make_service, make_counter
):
    child = make_office(name="Điểm tiếp nhận", parent_id=world.office.id)
    service = make_service(child, "A")
    make_counter(child, "1", [service])
    assert (
        client.get(
            f"/api/v1/offices/{child.id}/services", headers=world.headers("manager")
        ).status_code
        == 200
    )
    assert (
        client.get(
            f"/api/v1/offices/{child.id}/state", headers=world.headers("manager")
        ).status_code
        == 200
    )
    assert_error(
        client.get(f"/api/v1/offices/{child.id}/state", headers=world.headers("clerk1")),
        403,
        "forbidden",
    )
    assert_error(
        client.get(
            f"/api/v1/offices/{world.office.id}/state", headers=world.headers("other_clerk")
        ),
        403,
    )


def test_offices_needs_credentials(client, world: World):
    assert_error(client.get("/api/v1/offices"), 401, "unauthorized")
    assert_error(client.get(f"/api/v1/offices/{world.office.id}/services"), 401, "unauthorized")
    assert_error(client.get(f"/api/v1/offices/{world.office.id}/state"), 401, "unauthorized")


def test_unknown_office_is_404(client, world: World):
    assert_error(
        client.get("/api/v1/offices/9999/services", headers=world.headers("admin")),
        404,
        "office_not_found",
    )
    assert_error(
        client.get("/api/v1/offices/9999/state", headers=world.headers("admin")),
        404,
        "office_not_found",
    )


def test_other_office_services_is_403(client, world: World):
    assert_error(
        client.get(
            f"/api/v1/offices/{world.other_office.id}/services", headers=world.headers("kiosk")
        ),
        403,
        "forbidden",
    )
    assert_error(
        client.get(
            f"/api/v1/offices/{world.other_office.id}/services", headers=world.headers("clerk1")
        ),
        403,
        "forbidden",
    )


# --- GET /offices/<id>/services ----------------------------------------------------------


def test_services_available_with_waiting_and_estimate(client, world: World):
    for _ in range(3):
        client.post(
            "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
        )
    services = services_by_prefix(client, world.office.id, world.headers("kiosk"))
    assert set(services) == {"A", "B"}
    land = services["A"]
    assert land["id"] == world.land.id
    assert land["name"] == "Đất đai"
    assert land["status"] == "available"
    assert land["reason"] is None and land["reason_message"] is None
    assert land["waiting"] == 3
    # Nobody has been served yet: 5 default minutes each, no counter open (counts as one).
    assert land["estimated_wait_minutes"] == 15
    assert land["counter_numbers"] == ["1"]
    assert services["B"]["waiting"] == 0
    assert services["B"]["estimated_wait_minutes"] == 0
    assert services["B"]["counter_numbers"] == ["1", "2"]
    assert land["appointments_enabled"] is False  # the kiosk offers check-in when one is on


def test_estimate_divides_by_open_counters(client, world: World):
    for _ in range(4):
        client.post(
            "/api/v1/tickets", json={"service_id": world.justice.id}, headers=world.headers("kiosk")
        )
    assert (
        services_by_prefix(client, world.office.id, world.headers("kiosk"))["B"][
            "estimated_wait_minutes"
        ]
        == 20
    )
    client.post(f"/api/v1/counters/{world.counter1.id}/open", headers=world.headers("clerk1"))
    client.post(f"/api/v1/counters/{world.counter2.id}/open", headers=world.headers("clerk2"))
    assert (
        services_by_prefix(client, world.office.id, world.headers("kiosk"))["B"][
            "estimated_wait_minutes"
        ]
        == 10
    )


def test_inactive_service_is_unavailable(client, world: World, session):
    world.justice.active = False
    session.commit()
    justice = services_by_prefix(client, world.office.id, world.headers("kiosk"))["B"]
    assert justice["status"] == "unavailable"
    assert justice["reason"] == "inactive"
    assert justice["reason_message"] == "Lĩnh vực tạm ngừng"


def test_service_without_counter_is_unavailable(client, world: World, make_service):
    make_service(world.office, "C", name="Chứng thực")
    service = services_by_prefix(client, world.office.id, world.headers("kiosk"))["C"]
    assert service["status"] == "unavailable"
    assert service["reason"] == "no_counter"
    assert service["reason_message"] == "Chưa có quầy phục vụ"
    assert service["counter_numbers"] == []


def test_closed_counters_do_not_make_a_service_unavailable(client, world: World):
    # Both counters are closed in the world fixture.
    services = services_by_prefix(client, world.office.id, world.headers("kiosk"))
    assert services["A"]["status"] == "available" and services["B"]["status"] == "available"


def test_daily_limit_reached(client, world: World, make_service, make_counter):
    limited = make_service(world.office, "D", daily_limit=2)
    make_counter(world.office, "3", [limited])
    for _ in range(2):
        assert (
            client.post(
                "/api/v1/tickets", json={"service_id": limited.id}, headers=world.headers("kiosk")
            ).status_code
            == 201
        )
    service = services_by_prefix(client, world.office.id, world.headers("kiosk"))["D"]
    assert service["status"] == "unavailable"
    assert service["reason"] == "daily_limit_reached"
    assert service["reason_message"] == "Đã hết số trong ngày"


def test_holiday(client, world: World, session, frozen_now):
    frozen_now()
    session.add(Holiday(office_id=world.office.id, day=date(2024, 6, 3), name="Nghỉ bù"))
    session.commit()
    services = services_by_prefix(client, world.office.id, world.headers("kiosk"))
    assert services["A"]["status"] == "unavailable"
    assert services["A"]["reason"] == "holiday"
    assert services["A"]["reason_message"] == "Hôm nay là ngày nghỉ"


SANG_CHIEU = [(weekday, 7 * 60 + 30, 11 * 60 + 30) for weekday in range(5)] + [
    (weekday, 13 * 60 + 30, 17 * 60) for weekday in range(5)
]


@pytest.mark.parametrize(
    ("local_hour", "local_minute", "reason", "opens_at"),
    [
        (6, 0, "before_hours", "07:30"),
        (12, 0, "between_sessions", "13:30"),
        (17, 30, "after_hours", None),
        (9, 0, None, None),
    ],
)
def test_working_sessions(
    client,
    make_office,
    make_service,
    make_counter,
    make_device,
    frozen_now,
    local_hour,
    local_minute,
    reason,
    opens_at,
):
    office = make_office(sessions=SANG_CHIEU)
    service = make_service(office, "A")
    make_counter(office, "1", [service])
    _, kiosk = make_device(office, "kiosk")
    frozen_now(datetime(2024, 6, 3, local_hour, local_minute, tzinfo=HANOI).astimezone(UTC))
    listed = services_by_prefix(client, office.id, bearer(kiosk))["A"]
    issued = client.post("/api/v1/tickets", json={"service_id": service.id}, headers=bearer(kiosk))
    if reason is None:
        assert listed["status"] == "available"
        assert listed["reason"] is None
        assert issued.status_code == 201
    else:
        assert listed["status"] == "unavailable"
        assert listed["reason"] == reason
        assert listed["reason_message"]
        assert_error(issued, 409, "service_unavailable")
    assert listed["opens_at"] == opens_at  # the kiosk says when to come back


def test_weekend_is_closed_today(
    client, make_office, make_service, make_counter, make_device, frozen_now
):
    office = make_office(sessions=SANG_CHIEU)
    service = make_service(office, "A")
    make_counter(office, "1", [service])
    _, kiosk = make_device(office, "kiosk")
    frozen_now(datetime(2024, 6, 8, 3, 0, tzinfo=UTC))  # Saturday 10:00
    listed = services_by_prefix(client, office.id, bearer(kiosk))["A"]
    assert listed["reason"] == "closed_today"


def test_cut_off_before_closing(
    client, make_office, make_service, make_counter, make_device, frozen_now
):
    office = make_office(sessions=SANG_CHIEU)
    service = make_service(office, "A", cutoff_minutes=30)
    make_counter(office, "1", [service])
    _, kiosk = make_device(office, "kiosk")
    frozen_now(datetime(2024, 6, 3, 9, 45, tzinfo=UTC))  # 16:45, closing at 17:00
    listed = services_by_prefix(client, office.id, bearer(kiosk))["A"]
    assert listed["reason"] == "cut_off"


# --- GET /offices/<id>/state -------------------------------------------------------------


def test_state_snapshot_shape(client, world: World):
    response = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    )
    assert response.status_code == 200
    state = response.json
    assert state["office_id"] == world.office.id
    assert isinstance(state["seq"], int)
    counters = state["counters"]
    assert [counter["number"] for counter in counters] == ["1", "2"]
    first = counters[0]
    assert set(first) >= {"id", "number", "name", "status", "service_ids", "ticket"}
    assert first["id"] == world.counter1.id
    assert first["name"] == "Quầy 1"
    assert first["status"] == "closed"
    assert first["service_ids"] == [world.land.id, world.justice.id]  # preference order
    assert first["ticket"] is None
    assert counters[1]["service_ids"] == [world.justice.id]
    assert state["recent_calls"] == []
    assert {row["service_id"]: row["waiting"] for row in state["waiting"]} == {
        world.land.id: 0,
        world.justice.id: 0,
    }


def test_state_preference_order_is_kept(client, world: World, make_counter):
    reverse = make_counter(world.office, "3", [world.justice, world.land])
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    ).json
    listed = next(counter for counter in state["counters"] if counter["id"] == reverse.id)
    assert listed["service_ids"] == [world.justice.id, world.land.id]


def test_state_follows_calls_and_seq_counts_events(client, world: World):
    def state():
        response = client.get(
            f"/api/v1/offices/{world.office.id}/state", headers=world.headers("clerk1")
        )
        assert response.status_code == 200
        return response.json

    start = state()["seq"]
    issued = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    ).json
    assert state()["seq"] == start + 1  # ticket_issued
    client.post(
        "/api/v1/tickets", json={"service_id": world.justice.id}, headers=world.headers("kiosk")
    )
    snapshot = state()
    assert snapshot["seq"] == start + 2
    assert {row["service_id"]: row["waiting"] for row in snapshot["waiting"]} == {
        world.land.id: 1,
        world.justice.id: 1,
    }

    called = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    )
    assert called.json["id"] == issued["id"]
    snapshot = state()
    assert snapshot["seq"] == start + 4  # counter_updated (opened) + ticket_called
    counter = snapshot["counters"][0]
    assert counter["status"] == "open"
    assert counter["clerk"]["id"] == world.clerk1[0].id
    assert counter["ticket"]["id"] == issued["id"] and counter["ticket"]["status"] == "called"
    assert snapshot["recent_calls"][0]["ticket_id"] == issued["id"]
    assert snapshot["recent_calls"][0]["number"] == "A001"
    assert snapshot["recent_calls"][0]["counter_number"] == "1"
    assert {row["service_id"]: row["waiting"] for row in snapshot["waiting"]} == {
        world.land.id: 0,
        world.justice.id: 1,
    }

    client.post(f"/api/v1/tickets/{issued['id']}/recall", headers=world.headers("clerk1"))
    assert state()["seq"] == start + 5
    client.post(f"/api/v1/tickets/{issued['id']}/start", headers=world.headers("clerk1"))
    assert state()["seq"] == start + 6
    client.post(f"/api/v1/counters/{world.counter1.id}/pause", headers=world.headers("clerk1"))
    assert state()["seq"] == start + 7
    # A no-op (pausing a paused counter) is not an event.
    client.post(f"/api/v1/counters/{world.counter1.id}/pause", headers=world.headers("clerk1"))
    assert state()["seq"] == start + 7
    # A refused action is not an event either.
    client.post(f"/api/v1/tickets/{issued['id']}/start", headers=world.headers("clerk1"))
    assert state()["seq"] == start + 7


def test_state_seq_is_per_office(client, world: World):
    other_before = client.get(
        f"/api/v1/offices/{world.other_office.id}/state", headers=world.headers("other_kiosk")
    ).json["seq"]
    client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    other_after = client.get(
        f"/api/v1/offices/{world.other_office.id}/state", headers=world.headers("other_kiosk")
    ).json["seq"]
    assert other_after == other_before


def test_estimate_uses_recent_service_times_from_the_event_log(client, world: World, session, app):
    settings = QueueSettings.from_config(app.config)
    kiosk, clerk = Actor(device=world.kiosk[0]), Actor(user=world.clerk1[0])
    start = utcnow() - timedelta(minutes=30)
    for index in range(2):
        moment = start + timedelta(minutes=5 * index)
        ticket_id = issue_ticket(session, kiosk, world.land.id, settings, now=moment).body["id"]
        assert (
            call_next(session, clerk, world.counter1.id, settings, now=moment).body["id"]
            == ticket_id
        )
        act_on_ticket(session, clerk, ticket_id, TicketAction.START, settings, now=moment)
        act_on_ticket(
            session,
            clerk,
            ticket_id,
            TicketAction.COMPLETE,
            settings,
            now=moment + timedelta(seconds=120),
        )
    tickets = [
        client.post(
            "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
        ).json
        for _ in range(3)
    ]
    # Two services of 2 minutes beside the configured 5 (worth eight services): 264 s per
    # citizen, one open counter (counter 1, opened by the calls above).
    assert [ticket["estimated_wait_minutes"] for ticket in tickets] == [0, 5, 9]
    land = services_by_prefix(client, world.office.id, world.headers("kiosk"))["A"]
    assert land["waiting"] == 3
    assert land["estimated_wait_minutes"] == 14


def test_priority_ticket_has_fewer_people_ahead(client, world: World):
    for _ in range(2):
        client.post(
            "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
        )
    elderly = client.post(
        "/api/v1/tickets",
        json={"service_id": world.land.id, "priority": "elderly"},
        headers=world.headers("kiosk"),
    ).json
    assert elderly["people_ahead"] == 0


def test_counter_display_reads_state(client, world: World, make_device):
    _, token = make_device(world.office, "counter_display", world.counter1)
    response = client.get(f"/api/v1/offices/{world.office.id}/state", headers=bearer(token))
    assert response.status_code == 200
    assert response.json["office_id"] == world.office.id
