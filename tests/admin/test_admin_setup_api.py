"""Administration API: services and counters, with Vietnamese field errors and the audit log."""

from __future__ import annotations

import pytest
from conftest import World, assert_field_error

ADMIN = "admin"


def post(client, world: World, path: str, body: dict, who: str = ADMIN):
    """POST as someone of the world."""
    return client.post(f"/api/v1/admin{path}", json=body, headers=world.headers(who))


def patch(client, world: World, path: str, body: dict, who: str = ADMIN):
    """PATCH as someone of the world."""
    return client.patch(f"/api/v1/admin{path}", json=body, headers=world.headers(who))


def get(client, world: World, path: str, who: str = ADMIN):
    """GET as someone of the world."""
    return client.get(f"/api/v1/admin{path}", headers=world.headers(who))


def audit(client, world: World) -> list[dict]:
    """The office's audit log, newest first."""
    return get(client, world, f"/offices/{world.office.id}/audit").json["entries"]


NEW_SERVICE = {
    "prefix": "g",
    "name": "Đăng ký kinh doanh",
    "target_wait_minutes": 25,
    "daily_limit": 80,
    "cutoff_minutes": 30,
    "agency": "",
}


def test_a_new_service_is_offered_to_the_kiosk_once_a_counter_serves_it(client, world: World):
    created = post(client, world, f"/offices/{world.office.id}/services", NEW_SERVICE)
    assert created.status_code == 201, created.json
    service = created.json
    assert (service["prefix"], service["name"], service["daily_limit"]) == (
        "G",
        "Đăng ký kinh doanh",
        80,
    )
    assert service["cutoff_minutes"] == 30 and service["hours"] == []
    kiosk_view = client.get(
        f"/api/v1/offices/{world.office.id}/services", headers=world.headers("kiosk")
    ).json
    listed = next(row for row in kiosk_view if row["id"] == service["id"])
    assert listed["status"] == "unavailable" and listed["reason"] == "no_counter"
    linked = patch(
        client,
        world,
        f"/counters/{world.counter2.id}",
        {"service_ids": [service["id"], world.justice.id]},
    )
    assert linked.status_code == 200
    assert linked.json["service_ids"] == [service["id"], world.justice.id]
    kiosk_view = client.get(
        f"/api/v1/offices/{world.office.id}/services", headers=world.headers("kiosk")
    ).json
    assert next(row for row in kiosk_view if row["id"] == service["id"])["status"] == "available"
    entry = audit(client, world)[1]
    assert (entry["action"], entry["entity"], entry["username"]) == ("create", "service", "admin")
    assert entry["summary"].startswith("Thêm lĩnh vực G – Đăng ký kinh doanh")
    assert entry["changes"]["daily_limit"] == [None, 80]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_SERVICE, "prefix": "A1"}, "prefix"),
        ({**NEW_SERVICE, "prefix": "ABC"}, "prefix"),
        ({**NEW_SERVICE, "prefix": "A"}, "prefix"),  # Đất đai has it
        ({**NEW_SERVICE, "name": "   "}, "name"),
        ({key: value for key, value in NEW_SERVICE.items() if key != "name"}, "name"),
        ({**NEW_SERVICE, "target_wait_minutes": 0}, "target_wait_minutes"),
        ({**NEW_SERVICE, "daily_limit": "nhiều"}, "daily_limit"),
        ({**NEW_SERVICE, "audience": "everyone"}, "audience"),
        ({**NEW_SERVICE, "active": "yes"}, "active"),
        (
            {**NEW_SERVICE, "hours": [{"weekday": 0, "start": "11:00", "end": "08:00"}]},
            "hours[0].end",
        ),
        (
            {**NEW_SERVICE, "hours": [{"weekday": 9, "start": "07:00", "end": "08:00"}]},
            "hours[0].weekday",
        ),
    ],
)
def test_service_fields_are_checked_with_the_field_named(client, world: World, body, field):
    response = post(client, world, f"/offices/{world.office.id}/services", body)
    assert_field_error(response, field)


def test_the_duplicate_prefix_message_names_the_other_service(client, world: World):
    response = post(
        client, world, f"/offices/{world.office.id}/services", {**NEW_SERVICE, "prefix": "a"}
    )
    assert response.json["error"]["message"] == "prefix: ký hiệu A đã dùng cho lĩnh vực Đất đai"


def test_editing_a_service_logs_what_changed(client, world: World):
    response = patch(
        client,
        world,
        f"/services/{world.land.id}",
        {
            "target_wait_minutes": 20,
            "active": False,
            "hours": [{"weekday": 0, "start": "07:30", "end": "11:30", "name": "Sáng"}],
        },
    )
    assert response.status_code == 200, response.json
    assert response.json["active"] is False
    assert response.json["hours"] == [
        {"weekday": 0, "start": "07:30", "end": "11:30", "name": "Sáng"}
    ]
    entry = audit(client, world)[0]
    assert entry["action"] == "update" and entry["entity_id"] == world.land.id
    assert entry["changes"]["target_wait_minutes"] == [30, 20]
    assert entry["changes"]["active"] == [True, False]
    assert entry["changes"]["hours"] == ["theo giờ làm việc của đơn vị", "Thứ Hai 07:30–11:30"]
    kiosk_view = client.get(
        f"/api/v1/offices/{world.office.id}/services", headers=world.headers("kiosk")
    ).json
    assert next(row for row in kiosk_view if row["id"] == world.land.id)["reason"] == "inactive"


def test_a_service_with_tickets_cannot_be_deleted_but_a_new_one_can(client, world: World):
    issued = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert issued.status_code == 201
    refused = client.delete(f"/api/v1/admin/services/{world.land.id}", headers=world.headers(ADMIN))
    assert refused.status_code == 409 and refused.json["error"]["code"] == "service_in_use"
    created = post(client, world, f"/offices/{world.office.id}/services", NEW_SERVICE).json
    # The list says beforehand which delete would be refused: the page offers "Xóa" only there.
    listed = {s["id"]: s for s in get(client, world, f"/offices/{world.office.id}/services").json}
    assert listed[world.land.id]["deletable"] is False
    assert listed[created["id"]]["deletable"] is True and created["deletable"] is True
    patch(
        client,
        world,
        f"/counters/{world.counter1.id}",
        {"service_ids": [world.land.id, created["id"]]},
    )
    deleted = client.delete(f"/api/v1/admin/services/{created['id']}", headers=world.headers(ADMIN))
    assert deleted.status_code == 204
    counters = get(client, world, f"/offices/{world.office.id}/counters").json
    assert next(c for c in counters if c["id"] == world.counter1.id)["service_ids"] == [
        world.land.id
    ]
    assert audit(client, world)[0]["action"] == "delete"


def test_counters_serve_services_in_the_order_given(client, world: World):
    created = post(
        client,
        world,
        f"/offices/{world.office.id}/counters",
        {"number": "3", "name": "Quầy Tư pháp", "service_ids": [world.justice.id, world.land.id]},
    )
    assert created.status_code == 201
    assert created.json["service_ids"] == [world.justice.id, world.land.id]
    assert created.json["service_names"] == ["B – Tư pháp – Hộ tịch", "A – Đất đai"]
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    ).json
    counter = next(c for c in state["counters"] if c["number"] == "3")
    assert counter["service_ids"] == [world.justice.id, world.land.id]
    changed = patch(
        client, world, f"/counters/{created.json['id']}", {"service_ids": [world.land.id]}
    )
    assert changed.json["service_ids"] == [world.land.id]
    assert audit(client, world)[0]["changes"]["services"] == [
        "B – Tư pháp – Hộ tịch, A – Đất đai",
        "A – Đất đai",
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"number": "1"}, "number"),
        ({"number": ""}, "number"),
        ({"number": "5", "service_ids": [999999]}, "service_ids"),
        ({"number": "5", "service_ids": "A"}, "service_ids"),
    ],
)
def test_counter_fields_are_checked(client, world: World, body, field):
    assert_field_error(post(client, world, f"/offices/{world.office.id}/counters", body), field)


def test_services_of_another_office_cannot_be_served(client, world: World, make_service):
    other_service = make_service(world.other_office, "Q")
    response = patch(
        client, world, f"/counters/{world.counter1.id}", {"service_ids": [other_service.id]}
    )
    assert_field_error(response, "service_ids")


def test_a_counter_that_served_cannot_be_deleted(client, world: World):
    client.post(
        "/api/v1/tickets", json={"service_id": world.justice.id}, headers=world.headers("kiosk")
    )
    called = client.post(
        f"/api/v1/counters/{world.counter2.id}/call-next", headers=world.headers("clerk2")
    )
    assert called.status_code == 200
    refused = client.delete(
        f"/api/v1/admin/counters/{world.counter2.id}", headers=world.headers(ADMIN)
    )
    assert refused.status_code == 409 and refused.json["error"]["code"] == "counter_in_use"
    spare = post(client, world, f"/offices/{world.office.id}/counters", {"number": "9"}).json
    listed = {c["id"]: c for c in get(client, world, f"/offices/{world.office.id}/counters").json}
    assert listed[world.counter2.id]["deletable"] is False
    assert listed[spare["id"]]["deletable"] is True
    assert (
        client.delete(
            f"/api/v1/admin/counters/{spare['id']}", headers=world.headers(ADMIN)
        ).status_code
        == 204
    )


@pytest.mark.parametrize("who", ["manager", "clerk1", "kiosk", "display", "other_clerk"])
def test_only_admins_may_set_up(client, world: World, who):
    for response in (
        get(client, world, f"/offices/{world.office.id}/services", who),
        post(client, world, f"/offices/{world.office.id}/services", NEW_SERVICE, who),
        patch(client, world, f"/counters/{world.counter1.id}", {"name": "x"}, who),
        client.delete(f"/api/v1/admin/services/{world.land.id}", headers=world.headers(who)),
    ):
        assert response.status_code == 403, response.get_data(as_text=True)
        assert response.json["error"]["code"] == "forbidden"


def test_an_admin_of_another_office_is_refused(client, world: World, make_user):
    _, token = make_user(world.other_office, "admin", "admin_xa")
    response = client.get(
        f"/api/v1/admin/offices/{world.office.id}/services",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403


def test_anonymous_is_401_and_a_browser_needs_its_csrf_token(client, world: World):
    assert client.get(f"/api/v1/admin/offices/{world.office.id}/services").status_code == 401
    login = client.post("/api/v1/auth/login", json={"username": "admin", "password": "secret-pw"})
    assert login.status_code == 200
    path = f"/api/v1/admin/offices/{world.office.id}/services"
    refused = client.post(path, json=NEW_SERVICE)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "csrf_failed"
    accepted = client.post(
        path, json=NEW_SERVICE, headers={"X-CSRF-Token": login.json["csrf_token"]}
    )
    assert accepted.status_code == 201


def test_remote_numbers_and_appointments_are_set_per_service(client, world: World):
    created = post(client, world, f"/offices/{world.office.id}/services", NEW_SERVICE).json
    assert (created["remote_enabled"], created["remote_share"], created["notify_ahead"]) == (
        False,
        30,
        3,
    )
    assert (
        created["appointments_enabled"],
        created["slot_minutes"],
        created["slot_capacity"],
        created["booking_days"],
    ) == (False, 15, 2, 14)
    response = patch(
        client,
        world,
        f"/services/{world.land.id}",
        {"appointments_enabled": True, "slot_minutes": 20, "slot_capacity": 3, "remote_share": 50},
    )
    assert response.status_code == 200, response.json
    assert response.json["slot_minutes"] == 20 and response.json["slot_capacity"] == 3
    entry = audit(client, world)[0]
    assert entry["changes"]["appointments_enabled"] == [False, True]
    assert entry["changes"]["remote_share"] == [30, 50]
    offices = client.get(f"/api/v1/public/offices/{world.office.id}").json
    land = next(row for row in offices["services"] if row["id"] == world.land.id)
    assert land["appointments"] == {"enabled": True, "slot_minutes": 20}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"remote_share": 101}, "remote_share"),
        ({"slot_minutes": 0}, "slot_minutes"),
        ({"slot_capacity": 0}, "slot_capacity"),
        ({"booking_days": 91}, "booking_days"),
        ({"appointments_enabled": "yes"}, "appointments_enabled"),
    ],
)
def test_remote_and_appointment_settings_are_checked(client, world: World, body, field):
    assert_field_error(patch(client, world, f"/services/{world.land.id}", body), field)
