"""The routes of design §12 as a phone, a kiosk and a clerk use them."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import World, assert_error, assert_field_error, upcoming_slots

PHONE = "0912345678"
CITIZEN_ID = "001099012345"


@pytest.fixture
def offered(world: World, session) -> World:
    """Đất đai takes remote numbers and bookings; Tư pháp neither."""
    world.land.remote_enabled = True
    world.land.appointments_enabled = True
    session.commit()
    return world


def next_slot(client, world: World) -> dict[str, Any]:
    """The slot after the current one: its check-in window is open (it starts within 15 min)."""
    return upcoming_slots(client, world.land.id)[1]


def book(client, world: World, **extra: Any) -> dict[str, Any]:
    slot = next_slot(client, world)
    sent = {"service_id": world.land.id, "start": slot["start"], **extra}
    answer = client.post("/api/v1/public/appointments", json=sent)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.json


def test_the_public_office_page_says_what_can_be_taken(client, offered: World):
    answer = client.get(f"/api/v1/public/offices/{offered.office.id}")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    services = {service["prefix"]: service for service in answer.json["services"]}
    assert services["A"]["remote"] == {"available": True, "reason": None, "message": None}
    assert services["A"]["appointments"] == {"enabled": True, "slot_minutes": 15}
    assert services["B"]["remote"]["available"] is False
    assert services["B"]["remote"]["reason"] == "remote_off"
    assert services["B"]["appointments"]["enabled"] is False
    assert_error(client.get("/api/v1/public/offices/999999"), 404, "office_not_found")


def test_a_remote_number_is_a_public_online_ticket(client, offered: World):
    answer = client.post(
        "/api/v1/public/tickets", json={"service_id": offered.land.id, "phone": PHONE}
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert answer.json["channel"] == "online"
    assert answer.json["number"] == "A001"
    assert PHONE not in answer.get_data(as_text=True)
    followed = client.get(f"/api/v1/public/tickets/{answer.json['public_token']}")
    assert followed.status_code == 200
    again = client.post(
        "/api/v1/public/tickets", json={"service_id": offered.land.id, "phone": PHONE}
    )
    assert_error(again, 409, "remote_unavailable")
    refused = client.post("/api/v1/public/tickets", json={"service_id": offered.justice.id})
    assert_error(refused, 409, "remote_unavailable")


def test_a_phone_number_is_checked(client, offered: World):
    answer = client.post(
        "/api/v1/public/tickets", json={"service_id": offered.land.id, "phone": "12ab"}
    )
    assert_field_error(answer, "phone")


def test_book_follow_check_in_and_no_cancel_after(client, offered: World):
    booking = book(client, offered, phone=PHONE, citizen_id=CITIZEN_ID)
    assert booking["status"] == "booked"
    assert set(booking) == {"code", "public_token", "service_id", "start", "end", "status"}
    assert booking["start"].endswith("+07:00")
    token = booking["public_token"]
    page = client.get(f"/api/v1/public/appointments/{token}")
    assert page.status_code == 200
    assert page.json["ticket"] is None
    checked = client.post(
        "/api/v1/appointments/check-in",
        json={"code": booking["code"].lower()},
        headers=offered.headers("kiosk"),
    )
    assert checked.status_code == 201, checked.get_data(as_text=True)
    assert checked.json["channel"] == "appointment"
    assert checked.json["slot_start"] is not None
    assert checked.json["public_token"]
    page = client.get(f"/api/v1/public/appointments/{token}")
    assert page.json["status"] == "checked_in"
    assert page.json["ticket"]["number"] == checked.json["number"]
    again = client.post(
        "/api/v1/appointments/check-in",
        json={"code": booking["code"]},
        headers=offered.headers("kiosk"),
    )
    assert_error(again, 409, "already_checked_in")
    assert_error(
        client.post(f"/api/v1/public/appointments/{token}/cancel"), 409, "already_checked_in"
    )


def test_check_in_by_citizen_id_at_reception(client, offered: World):
    book(client, offered, citizen_id=CITIZEN_ID)
    checked = client.post(
        "/api/v1/appointments/check-in",
        json={"citizen_id": CITIZEN_ID, "service_id": offered.land.id},
        headers=offered.headers("clerk1"),
    )
    assert checked.status_code == 201, checked.get_data(as_text=True)
    unknown = client.post(
        "/api/v1/appointments/check-in",
        json={"citizen_id": "001099099999"},
        headers=offered.headers("clerk1"),
    )
    assert_error(unknown, 404, "unknown_appointment")


def test_check_in_by_the_booking_qr_token(client, offered: World):
    booking = book(client, offered)
    checked = client.post(
        "/api/v1/appointments/check-in",
        json={"public_token": booking["public_token"]},
        headers=offered.headers("kiosk"),
    )
    assert checked.status_code == 201, checked.get_data(as_text=True)
    assert checked.json["channel"] == "appointment"
    unknown = client.post(
        "/api/v1/appointments/check-in",
        json={"public_token": "no-such-token"},
        headers=offered.headers("kiosk"),
    )
    assert_error(unknown, 404, "unknown_appointment")
    odd = client.post(
        "/api/v1/appointments/check-in",
        json={"public_token": "a/b?c"},
        headers=offered.headers("kiosk"),
    )
    assert_field_error(odd, "public_token")


def test_check_in_needs_a_code_or_an_id(client, offered: World):
    for sent in (
        {},
        {"code": "ABCDEF", "citizen_id": CITIZEN_ID},
        {"code": "ABCDEF", "public_token": "abc"},
    ):
        answer = client.post(
            "/api/v1/appointments/check-in", json=sent, headers=offered.headers("kiosk")
        )
        assert_field_error(answer, "code")


def test_cancel_frees_the_place(client, offered: World):
    slot = next_slot(client, offered)
    sent = {"service_id": offered.land.id, "start": slot["start"]}
    first = client.post("/api/v1/public/appointments", json=sent).json
    assert client.post("/api/v1/public/appointments", json=sent).status_code == 201
    assert_error(client.post("/api/v1/public/appointments", json=sent), 409, "slot_full")
    cancelled = client.post(f"/api/v1/public/appointments/{first['public_token']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json["status"] == "cancelled"
    assert client.post("/api/v1/public/appointments", json=sent).status_code == 201


def test_invalid_slots(client, offered: World):
    slot = next_slot(client, offered)
    shifted = slot["start"].replace(":00+07:00", ":07+07:00")  # 7 seconds past: not a start
    for start, service in ((shifted, offered.land.id), (slot["start"], offered.justice.id)):
        answer = client.post(
            "/api/v1/public/appointments", json={"service_id": service, "start": start}
        )
        assert_error(answer, 422, "invalid_slot")
    naive = client.post(
        "/api/v1/public/appointments",
        json={"service_id": offered.land.id, "start": slot["start"][:19]},
    )
    assert_field_error(naive, "start")


def test_unknown_booking_token(client):
    assert_error(client.get("/api/v1/public/appointments/nope"), 404, "unknown_appointment")


def test_the_day_list_hides_personal_data(client, offered: World):
    booking = book(client, offered, phone=PHONE, citizen_id=CITIZEN_ID)
    answer = client.get(
        f"/api/v1/offices/{offered.office.id}/appointments", headers=offered.headers("clerk1")
    )
    assert answer.status_code == 200
    (row,) = answer.json["appointments"]
    assert row["code"] == booking["code"]
    assert row["phone_last_digits"] == "•••678"
    text = answer.get_data(as_text=True)
    assert PHONE not in text and CITIZEN_ID not in text


def test_bookings_are_rate_limited_per_address(app, client, offered: World):
    app.config["PUBLIC_BOOKINGS_PER_MINUTE"] = 2
    sent = {"service_id": offered.justice.id}
    statuses = [client.post("/api/v1/public/tickets", json=sent).status_code for _ in range(3)]
    assert statuses == [409, 409, 429]
