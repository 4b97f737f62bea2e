"""The office's public page and the booking's page in Chromium on a phone, against the demo."""

from __future__ import annotations

import re

import pytest
import requests
from browser_support import ARTIFACTS, DemoServer
from playwright.sync_api import Browser, expect
from test_phone_page import assert_fits_the_phone, open_phone

from server.printing.qr_svg import qr_svg

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_a_remote_number_taken_on_the_office_page_leads_to_its_ticket_page(
    demo: DemoServer, browser: Browser
):
    page, problems = open_phone(browser, f"{demo.url}/o/1")
    land = page.locator(".xp-offer").filter(has_text="Đất đai")
    expect(land.get_by_role("button", name="Lấy số từ xa")).to_be_visible()
    assert_fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "office-page-390x844.png"), full_page=True)
    land.get_by_role("button", name="Lấy số từ xa").tap()
    page.fill("#phone", "0912 345 678")
    page.get_by_role("button", name="Lấy số", exact=True).tap()
    page.wait_for_url(re.compile(r"/t/[A-Za-z0-9_-]+$"))
    expect(page.locator(".xp-ticket__number")).to_have_text(re.compile(r"^A\d{3}$"))
    expect(page.locator("#status")).to_have_text("Đang chờ")
    token = page.url.rsplit("/", 1)[1]
    ticket = requests.get(f"{demo.url}/api/v1/public/tickets/{token}", timeout=10).json()
    assert ticket["channel"] == "online"
    assert "0912345678" not in page.content()
    assert problems == []


def test_a_slot_booked_on_the_office_page_shows_its_code_and_qr_and_can_be_cancelled(
    demo: DemoServer, browser: Browser
):
    page, problems = open_phone(browser, f"{demo.url}/o/1")
    power = page.locator(".xp-offer").filter(has_text="Điện lực Yên Thế")
    power.get_by_role("button", name="Đặt lịch hẹn").tap()
    expect(page.locator(".xp-slot").first).to_be_visible()
    # Not the slot under way, which may be past its check-in window: the one after it, which
    # late in the evening is tomorrow's (the demo works around the clock).
    if page.locator(".xp-slot:not([disabled])").count() < 2:
        page.select_option("#day", index=1)
        expect(page.locator(".xp-slot").first).to_be_visible()
    free = page.locator(".xp-slot:not([disabled])").nth(1)
    send = page.get_by_role("button", name="Đặt lịch", exact=True)
    expect(send).to_be_disabled()  # no slot, no consent yet
    free.tap()
    time = free.locator(".xp-slot__time").inner_text()
    page.fill("#phone", "0987654321")
    page.fill("#citizen-id", "001099012345")
    page.locator("#consent").check()
    assert_fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "office-page-booking-390x844.png"), full_page=True)
    expect(send).to_be_enabled()
    send.tap()

    page.wait_for_url(re.compile(r"/a/[A-Za-z0-9_-]+$"))
    expect(page.locator("#status")).to_have_text("Đã đặt lịch")
    expect(page.locator("#code")).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    expect(page.locator("#time")).to_contain_text(time)
    expect(page.locator(".xp-ticket__service")).to_have_text("Điện lực Yên Thế")
    qr = page.locator("#qr")
    expect(qr).to_be_visible()
    assert page.evaluate("document.getElementById('qr').naturalWidth") > 0
    served = requests.get(demo.url + qr.get_attribute("src"), timeout=10).text
    assert served == qr_svg(page.url), "the QR code encodes the booking page's own URL"
    html = page.content()
    assert "0987654321" not in html and "001099012345" not in html
    assert_fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "booking-page-390x844.png"), full_page=True)

    page.get_by_role("button", name="Hủy lịch hẹn").tap()
    expect(page.locator(".xp-confirm__question")).to_contain_text("chắc chắn muốn hủy")
    page.get_by_role("button", name="Không hủy").tap()
    expect(page.locator("#status")).to_have_text("Đã đặt lịch")
    page.get_by_role("button", name="Hủy lịch hẹn").tap()
    page.get_by_role("button", name="Đồng ý hủy").tap()
    expect(page.locator("#status")).to_have_text("Đã hủy")
    expect(page.locator("#qr")).to_have_count(0)
    expect(page.get_by_role("link", name="Đặt lịch khác hoặc lấy số")).to_have_attribute(
        "href", "/o/1"
    )
    token = page.url.rsplit("/", 1)[1]
    booking = requests.get(f"{demo.url}/api/v1/public/appointments/{token}", timeout=10).json()
    assert booking["status"] == "cancelled"
    assert problems == []
