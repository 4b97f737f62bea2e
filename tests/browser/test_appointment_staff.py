"""Staff see appointments in Chromium (design §12): a booking checked in shows in the console's
line and on its card with its slot time and a mark, in the day's bookings, and on the lobby."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from browser_support import ARTIFACTS, KIOSK, DemoServer, bearer
from playwright.sync_api import Browser, BrowserContext, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

LOBBY = "Màn hình sảnh"
OFFICE_ID = 1  # the demo district office
PHONE = "0912345678"
CITIZEN_ID = "001099012345"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile at a counter PC's screen size."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    yield context
    context.close()


def land_service(demo: DemoServer) -> int:
    """Đất đai (A) of the demo district, made bookable by the admin."""
    listed = requests.get(
        f"{demo.url}/api/v1/offices/{OFFICE_ID}/services",
        headers=bearer(demo.device_token(KIOSK)),
        timeout=10,
    ).json()
    service_id = next(service["id"] for service in listed if service["prefix"] == "A")
    changed = requests.patch(
        f"{demo.url}/api/v1/admin/services/{service_id}",
        json={"appointments_enabled": True},
        headers=bearer(demo.user_token("admin")),
        timeout=10,
    )
    assert changed.status_code == 200, changed.text
    return int(service_id)


def book_and_check_in(demo: DemoServer, service_id: int) -> dict[str, Any]:
    """A booking from a phone for the next slot, checked in at the kiosk: its ticket."""
    slots = requests.get(
        f"{demo.url}/api/v1/public/services/{service_id}/slots", timeout=10
    ).json()["slots"]
    slot = slots[1] if len(slots) > 1 else slots[0]  # the next slot's check-in window is open
    booked = requests.post(
        f"{demo.url}/api/v1/public/appointments",
        json={
            "service_id": service_id,
            "start": slot["start"],
            "phone": PHONE,
            "citizen_id": CITIZEN_ID,
        },
        timeout=10,
    )
    assert booked.status_code == 201, booked.text
    checked = requests.post(
        f"{demo.url}/api/v1/appointments/check-in",
        json={"code": booked.json()["code"]},
        headers=bearer(demo.device_token(KIOSK)),
        timeout=10,
    )
    assert checked.status_code == 201, checked.text
    return {**checked.json(), "code": booked.json()["code"], "clock": slot["start"][11:16]}


def test_console_and_lobby_mark_an_appointment_with_its_slot(
    demo: DemoServer, context: BrowserContext
) -> None:
    ticket = book_and_check_in(demo, land_service(demo))
    mark = f"Lịch hẹn {ticket['clock']}"

    lobby = context.new_page()
    lobby.goto(f"{demo.url}/display?token={demo.device_token(LOBBY)}")
    console = context.new_page()
    console.goto(f"{demo.url}/counter")
    console.fill("#username", "canbo1")
    console.fill("#password", "demo")
    console.click("#login-submit")
    console.click('[data-choose-counter="1"]')
    row = console.locator("#line .cc-row", has_text=ticket["number"])
    expect(row.locator(".cc-appt")).to_have_text(mark)

    console.click("#bookings-button")
    listed = console.locator("#bookings-list .cc-booking", has_text=ticket["code"])
    expect(listed).to_contain_text(ticket["number"])
    expect(listed).to_contain_text("Đã đến")
    expect(listed).to_contain_text("•••678")
    expect(console.locator("#bookings-dialog")).not_to_contain_text(PHONE)
    expect(console.locator("#bookings-dialog")).not_to_contain_text(CITIZEN_ID)
    ARTIFACTS.mkdir(exist_ok=True)
    console.screenshot(path=str(ARTIFACTS / "console-bookings-1366.png"))
    console.keyboard.press("Escape")

    row.locator("[data-call-ticket]").click()
    expect(console.locator("#current .cc-current__number")).to_have_text(ticket["number"])
    expect(console.locator("#current .cc-appt")).to_have_text(mark)
    expect(lobby.locator(".xd-call__number")).to_have_text(ticket["number"])
    expect(lobby.locator(".xd-call__appt")).to_have_text(f"LỊCH HẸN {ticket['clock']}")
    expect(lobby.locator(".xd-recent__item").first.locator(".xd-appt")).to_have_text(
        f"Hẹn {ticket['clock']}"
    )
    console.screenshot(path=str(ARTIFACTS / "console-appointment-1366.png"))
    lobby.screenshot(path=str(ARTIFACTS / "lobby-appointment.png"))
    assert PHONE[1:] not in lobby.content() and PHONE[1:] not in console.content()
