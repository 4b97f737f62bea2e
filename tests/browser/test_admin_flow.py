"""An admin adds a service and gives it a counter in Chromium; the kiosk then offers it."""

from __future__ import annotations

import json
import re

import pytest
import requests
from browser_support import ARTIFACTS, DemoServer, chromium
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

KIOSK = "Kiosk sảnh chính"
NEW_SERVICE = "Khiếu nại – Tố cáo"


def kiosk_services(demo: DemoServer) -> list[dict]:
    """What the demo kiosk is offered."""
    response = requests.get(
        f"{demo.url}/api/v1/offices/1/services",
        headers={"Authorization": f"Bearer {demo.device_token(KIOSK)}"},
        timeout=10,
    )
    return list(response.json())


def open_admin(page: Page, demo: DemoServer) -> None:
    """Sign in as the demo admin on /admin."""
    page.goto(f"{demo.url}/admin?office_id=1&tab=services")
    page.fill("#username", "admin")
    page.fill("#password", "demo")
    page.click("button[type=submit]")
    expect(page.locator("#panel .ad-table")).to_be_visible(timeout=15000)


def test_create_a_service_assign_a_counter_and_see_it_on_the_kiosk(demo: DemoServer):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.on("dialog", lambda dialog: dialog.accept())
        open_admin(page, demo)

        # A prefix already in use is refused, under the field, in Vietnamese.
        page.click('[data-action="add-service"]')
        page.fill("#f-prefix", "A")
        page.fill("#f-name", NEW_SERVICE)
        page.click("#dialog-submit")
        error = page.locator('[data-error-for="prefix"]')
        expect(error).to_be_visible()
        expect(error).to_contain_text("ký hiệu A đã dùng cho dịch vụ Đất đai")
        expect(page.locator("#f-prefix")).to_have_attribute("aria-invalid", "true")

        page.fill("#f-prefix", "K")
        page.fill("#f-target_wait_minutes", "25")
        page.click("#dialog-submit")
        expect(page.locator("#notice")).to_contain_text("Đã thêm lĩnh vực K – Khiếu nại – Tố cáo")
        row = page.locator("#panel tbody tr", has_text=NEW_SERVICE)
        expect(row).to_contain_text("Chưa có quầy")
        offered = next(s for s in kiosk_services(demo) if s["name"] == NEW_SERVICE)
        assert offered["reason"] == "no_counter"

        # Counter 1 serves it second.
        page.click('[data-tab="counters"]')
        page.locator("#panel tbody tr", has_text="Quầy 1").locator(
            '[data-action="edit-counter"]'
        ).click()
        dialog = page.locator("#dialog")
        dialog.locator("li", has_text=NEW_SERVICE).locator("input[type=checkbox]").check()
        expect(dialog.locator("li", has_text=NEW_SERVICE)).to_contain_text(
            re.compile(r"Ưu tiên \d")
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "admin-counter-dialog.png"))
        page.click("#dialog-submit")
        expect(page.locator("#notice")).to_contain_text("Đã lưu quầy")
        expect(page.locator("#panel tbody tr", has_text="Quầy 1")).to_contain_text(NEW_SERVICE)

        offered = next(s for s in kiosk_services(demo) if s["name"] == NEW_SERVICE)
        assert offered["status"] == "available" and "1" in offered["counter_numbers"]
        kiosk = browser.new_page(viewport={"width": 1080, "height": 1920})
        kiosk.goto(f"{demo.url}/kiosk?token={demo.device_token(KIOSK)}")
        expect(kiosk.get_by_role("button", name=re.compile(NEW_SERVICE))).to_be_visible(
            timeout=15000
        )
        kiosk.close()

        # The audit log says who did it.
        page.click('[data-tab="audit"]')
        expect(page.locator("#panel tbody tr").first).to_contain_text("admin")
        expect(page.locator("#panel")).to_contain_text(f"Thêm dịch vụ K – {NEW_SERVICE}")
        page.screenshot(path=str(ARTIFACTS / "admin-audit-1920x1080.png"))
        page.click('[data-tab="services"]')
        expect(page.locator("#panel thead")).to_contain_text("Ký hiệu")
        expect(page.locator("#panel tbody tr", has_text=NEW_SERVICE)).not_to_contain_text(
            "Chưa có quầy"
        )
        page.screenshot(path=str(ARTIFACTS / "admin-1920x1080.png"))
        page.close()


def test_a_new_device_shows_its_pairing_link_and_qr_once(demo: DemoServer):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        open_admin(page, demo)
        page.click('[data-tab="devices"]')
        page.click('[data-action="add-device"]')
        page.select_option("#f-kind", "display")
        expect(page.locator('[data-show-for="kiosk"]').first).to_be_hidden()
        page.fill("#f-name", "Màn hình sảnh tầng 2")
        page.click("#dialog-submit")
        expect(page.locator("#dialog-title")).to_have_text("Ghép nối thiết bị")
        link = page.locator(".ad-link")
        expect(link).to_contain_text(f"{demo.url}/display?token=")
        expect(page.locator(".ad-qr")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "admin-pairing.png"))
        token = page.locator(".ad-token").inner_text()
        state = requests.get(
            f"{demo.url}/api/v1/offices/1/state",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert state.status_code == 200
        page.click("[data-close]")
        expect(page.locator("#panel tbody tr", has_text="Màn hình sảnh tầng 2")).to_contain_text(
            "Đang dùng"
        )
        page.close()


def test_an_error_message_in_place_of_a_tab_shows_as_text(demo: DemoServer):
    message = "<img src=x onerror=\"document.title='pwned'\"> Máy chủ bận"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        open_admin(page, demo)
        # The users tab's answer is an error whose message carries markup.
        page.route(
            re.compile(r".*/api/v1/admin/offices/1/users$"),
            lambda route: route.fulfill(
                status=503,
                content_type="application/json",
                body=json.dumps({"error": {"code": "database_unavailable", "message": message}}),
            ),
        )
        page.click('[data-tab="users"]')
        expect(page.locator("#panel .st-error")).to_have_text(message)
        expect(page.locator("#panel img")).to_have_count(0)
        assert page.title() != "pwned"
        page.close()
