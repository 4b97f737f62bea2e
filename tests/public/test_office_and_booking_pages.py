"""The office's public page `/o/<id>` and the booking's page `/a/<token>` (design §12)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import World, upcoming_slots

from server.printing.qr_svg import qr_svg

PHONE = "0912345678"
CITIZEN_ID = "001099012345"


@pytest.fixture
def offered(world: World, session) -> World:
    """Đất đai takes remote numbers and bookings; Tư pháp neither."""
    world.land.remote_enabled = True
    world.land.appointments_enabled = True
    world.land.booking_days = 5
    session.commit()
    return world


def embedded(html: str, element_id: str) -> dict[str, Any]:
    match = re.search(
        rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S
    )
    assert match, element_id
    return dict(json.loads(match.group(1)))


def booked(client, world: World) -> dict[str, Any]:
    slot = upcoming_slots(client, world.land.id)[1]
    sent = {
        "service_id": world.land.id,
        "start": slot["start"],
        "phone": PHONE,
        "citizen_id": CITIZEN_ID,
    }
    answer = client.post("/api/v1/public/appointments", json=sent)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return dict(answer.json)


def assert_private_page(response) -> None:
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "Content-Security-Policy" in response.headers


def test_the_office_page_embeds_the_public_office_today_and_horizons(client, offered: World):
    response = client.get(f"/o/{offered.office.id}")
    assert response.status_code == 200
    assert_private_page(response)
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html and offered.office.name in html
    assert "/assets/public/office.js" in html
    page = embedded(html, "page-data")
    api = client.get(f"/api/v1/public/offices/{offered.office.id}").json
    assert page["office"] == api
    assert page["booking_days"][str(offered.land.id)] == 5
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page["today"])


def test_an_unknown_office_is_a_plain_404_page(client, world: World):
    for path in ("/o/999999", "/o/999999/qr.svg"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Không tìm thấy bộ phận một cửa" in response.get_data(as_text=True)


def test_the_poster_qr_encodes_the_office_page_on_the_public_url(app, client, world: World):
    app.config["PUBLIC_URL"] = "https://xephang.yenthe.gov.vn/"
    response = client.get(f"/o/{world.office.id}/qr.svg", headers={"Host": "evil.example"})
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    expected = f"https://xephang.yenthe.gov.vn/o/{world.office.id}"
    assert response.get_data(as_text=True) == qr_svg(expected)


def test_the_booking_page_shows_the_booking_and_never_the_personal_data(client, offered: World):
    booking = booked(client, offered)
    response = client.get(f"/a/{booking['public_token']}")
    assert response.status_code == 200
    assert_private_page(response)
    html = response.get_data(as_text=True)
    assert booking["code"] in html and "Đất đai" in html
    assert "/assets/public/booking.js" in html
    data = embedded(html, "booking-data")
    assert (
        data["booking"] == client.get(f"/api/v1/public/appointments/{booking['public_token']}").json
    )
    assert data["office_id"] == offered.office.id
    assert PHONE not in html and CITIZEN_ID not in html and "hmac" not in html


def test_the_booking_qr_encodes_its_own_page(app, client, offered: World):
    app.config["PUBLIC_URL"] = "https://xephang.yenthe.gov.vn"
    booking = booked(client, offered)
    response = client.get(f"/a/{booking['public_token']}/qr.svg", headers={"Host": "evil.example"})
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"
    expected = f"https://xephang.yenthe.gov.vn/a/{booking['public_token']}"
    assert response.get_data(as_text=True) == qr_svg(expected)


@pytest.mark.parametrize("token", ["x" * 24, "a" * 65, "<script>", "A" * 23 + "%"])
def test_an_unknown_booking_is_a_plain_404_page(client, world: World, token: str):
    for path in (f"/a/{token}", f"/a/{token}/qr.svg"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Không tìm thấy lịch hẹn" in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"


def test_the_pages_count_against_the_public_read_limit(app, client, offered: World):
    app.config["PUBLIC_READS_PER_MINUTE"] = 2
    booking = booked(client, offered)  # two reads of slots from 127.0.0.1
    for number, path in enumerate((f"/o/{offered.office.id}", f"/a/{booking['public_token']}")):
        phone = {"REMOTE_ADDR": f"10.9.8.{number}"}
        assert client.get(path, environ_base=phone).status_code == 200
        assert client.get(path, environ_base=phone).status_code == 200
        refused = client.get(path, environ_base=phone)
        assert refused.status_code == 429, path
        assert "Quá nhiều yêu cầu" in refused.get_data(as_text=True)
        assert int(refused.headers["Retry-After"]) >= 1
