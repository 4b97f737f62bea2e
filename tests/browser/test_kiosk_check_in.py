"""Checking a booking in at the kiosk in Chromium, against the real server: a scanner types the
booking QR's URL (fast keys and Enter), a citizen types a code on the keypad."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import requests
from browser_support import ARTIFACTS, KIOSK, DemoServer
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_engine
from server.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.server]

LAND = "Đất đai"
CITIZEN_ID = "001099012345"


def offer_appointments(demo: DemoServer) -> int:
    """Đất đai of the demo district takes bookings (the demo offices work around the clock)."""
    engine = make_engine(demo.database_url)
    try:
        with Session(engine) as session:
            service = session.scalars(
                select(Service).where(Service.office_id == 1, Service.name == LAND)
            ).one()
            service.appointments_enabled = True
            session.commit()
            return service.id
    finally:
        engine.dispose()


def slots(demo: DemoServer, service_id: int) -> list[dict[str, Any]]:
    """Today's slots and tomorrow's (near midnight the next slot is tomorrow's)."""
    url = f"{demo.url}/api/v1/public/services/{service_id}/slots"
    today = requests.get(url, timeout=10).json()
    tomorrow = date.fromisoformat(today["date"]) + timedelta(days=1)
    later = requests.get(url, params={"date": tomorrow.isoformat()}, timeout=10).json()
    return list(today["slots"]) + list(later["slots"])


def book(demo: DemoServer, service_id: int, start: str, **extra: Any) -> dict[str, Any]:
    answer = requests.post(
        f"{demo.url}/api/v1/public/appointments",
        json={"service_id": service_id, "start": start, **extra},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def minutes_ahead(slot: dict[str, Any]) -> float:
    """How soon the slot starts (negative: it has started)."""
    return (datetime.fromisoformat(slot["start"]) - datetime.now(UTC)).total_seconds() / 60


def open_kiosk(browser: Browser, demo: DemoServer, *, portrait: bool = False) -> Page:
    width, height = (1080, 1920) if portrait else (1920, 1080)
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{demo.url}/kiosk?token={demo.device_token(KIOSK)}")
    expect(page.locator("#services .xk-service").first).to_be_visible()
    expect(page.locator("#checkin-button")).to_be_visible()
    assert errors == []
    return page


def scan(page: Page, text: str) -> None:
    """What a USB 2D scanner does: the keys of what it read, as fast as it can, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_scanning_the_booking_qr_checks_in_and_shows_the_ticket_with_its_slot(
    demo: DemoServer, browser: Browser
):
    service_id = offer_appointments(demo)
    # The next slot starts within the slot length: its check-in window (30 min ahead) is open.
    slot = next(slot for slot in slots(demo, service_id) if 0 < minutes_ahead(slot) <= 15)
    booking = book(demo, service_id, slot["start"])
    page = open_kiosk(browser, demo)
    fits = "() => document.documentElement.scrollHeight <= document.documentElement.clientHeight"
    assert page.evaluate(fits)
    page.screenshot(path=str(ARTIFACTS / "kiosk-home-with-check-in.png"))

    scan(page, f"{demo.url}/a/{booking['public_token']}")

    expect(page.locator("#screen-confirm")).to_be_visible()
    expect(page.locator("#ticket-number")).to_have_text("A001")
    expect(page.locator(".xk-ticket__slot")).to_have_text(f"Lịch hẹn lúc {slot['start'][11:16]}")
    page.screenshot(path=str(ARTIFACTS / "kiosk-check-in-confirmation.png"))
    followed = requests.get(
        f"{demo.url}/api/v1/public/appointments/{booking['public_token']}", timeout=10
    ).json()
    assert followed["status"] == "checked_in"
    assert followed["ticket"]["number"] == "A001"

    # The same QR again: already checked in, said on the kiosk in words.
    page.locator("[data-action=done]").click()
    scan(page, f"{demo.url}/a/{booking['public_token']}")
    expect(page.locator("#checkin-answer-title")).to_have_text("LỊCH HẸN ĐÃ ĐƯỢC XÁC NHẬN")


def test_the_keypad_and_an_id_card_scan(demo: DemoServer, browser: Browser):
    service_id = offer_appointments(demo)
    later = next(slot for slot in slots(demo, service_id) if minutes_ahead(slot) > 45)
    early = book(demo, service_id, later["start"], citizen_id=CITIZEN_ID)
    page = open_kiosk(browser, demo, portrait=True)
    page.wait_for_timeout(700)  # the kiosk ignores a tap right after a screen change

    page.locator("#checkin-button").click()
    keypad = page.locator("#screen-checkin")
    expect(keypad).to_be_visible()
    for key in ("0", "O", "1", "I", "L"):
        expect(keypad.locator(f"[data-key='{key}']")).to_have_count(0)
    page.wait_for_timeout(700)
    for key in early["code"]:
        keypad.locator(f"[data-key='{key}']").click()
    expect(page.locator("#checkin-code")).to_contain_text(early["code"][-1])
    assert page.evaluate(
        "() => document.documentElement.scrollHeight <= document.documentElement.clientHeight"
    )
    page.screenshot(path=str(ARTIFACTS / "kiosk-check-in-keypad-portrait.png"))
    keypad.locator("[data-action=check-in]").click()
    title = page.locator("#checkin-answer-title")
    expect(title).to_have_text("CHƯA ĐẾN GIỜ HẸN")
    expect(page.locator(".xk-answer__text")).to_contain_text("Mời Ông/Bà quay lại lúc ")

    # The citizen's ID card, scanned: its booking is the same one, still too early.
    scan(page, f"{CITIZEN_ID}|123456789|Nguyen Van An|01011990|Nam|Yen The|15062021")
    expect(title).to_have_text("CHƯA ĐẾN GIỜ HẸN")
    scan(page, "https://example.com/something-else")
    expect(title).to_have_text("KHÔNG ĐỌC ĐƯỢC MÃ")
    scan(page, "ZZZZZZ")
    expect(title).to_have_text("KHÔNG TÌM THẤY LỊCH HẸN")


def test_reception_checks_a_booking_in_from_the_console(demo: DemoServer, browser: Browser):
    service_id = offer_appointments(demo)
    slot = next(slot for slot in slots(demo, service_id) if 0 < minutes_ahead(slot) <= 15)
    booking = book(demo, service_id, slot["start"])
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        page.goto(f"{demo.url}/counter")
        page.fill("#username", "canbo1")
        page.fill("#password", demo.password)
        page.click("#login-submit")
        page.click('[data-choose-counter="1"]')
        expect(page.locator("#counter-status .cc-status--open")).to_be_visible()

        page.click("#check-in-button")
        dialog = page.locator("#check-in-dialog")
        expect(dialog).to_be_visible()
        page.fill("#check-in-code", "ZZZZZZ")
        page.keyboard.press("Enter")
        expect(page.locator("#check-in-error")).to_have_text("Không tìm thấy lịch hẹn")
        page.fill("#check-in-code", booking["code"].lower())
        page.keyboard.press("Enter")
        result = page.locator("#check-in-result-body")
        expect(result).to_contain_text("Đã xác nhận lịch hẹn")
        expect(result).to_contain_text(f"Lịch hẹn lúc {slot['start'][11:16]}")
        page.screenshot(path=str(ARTIFACTS / "console-check-in.png"))
        followed = requests.get(
            f"{demo.url}/api/v1/public/appointments/{booking['public_token']}", timeout=10
        ).json()
        assert followed["status"] == "checked_in"
        expect(result.locator(".cc-issued__number")).to_have_text(followed["ticket"]["number"])
    finally:
        context.close()
