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
        expect(error).to_contain_text("ký hiệu A đã dùng cho lĩnh vực Đất đai")
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
        expect(page.locator("#panel")).to_contain_text(f"Thêm lĩnh vực K – {NEW_SERVICE}")
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


def admin_api(demo: DemoServer, method: str, path: str, **kwargs) -> requests.Response:
    """Call the admin API as the demo admin."""
    return requests.request(
        method,
        f"{demo.url}/api/v1/admin{path}",
        headers={"Authorization": f"Bearer {demo.user_token('admin')}"},
        timeout=10,
        **kwargs,
    )


def test_a_refused_delete_is_an_error_where_it_was_taken_and_does_not_follow(demo: DemoServer):
    spare = admin_api(demo, "POST", "/offices/1/counters", json={"number": "9"}).json()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.on("dialog", lambda dialog: dialog.accept())
        open_admin(page, demo)
        page.click('[data-tab="counters"]')
        # "Xóa" only where the delete would be accepted: counter 1 has served, counter 9 has not.
        served = page.locator("#panel tbody tr", has_text="Quầy 1")
        expect(served.locator('[data-action="edit-counter"]')).to_be_visible()
        expect(served.locator('[data-action="delete-counter"]')).to_have_count(0)
        row = page.locator("#panel tbody tr", has_text="Quầy 9")
        expect(row.locator('[data-action="delete-counter"]')).to_have_text("Xóa")

        # Meanwhile a screen is paired to counter 9: the delete is refused.
        paired = admin_api(
            demo,
            "POST",
            "/offices/1/devices",
            json={"kind": "counter_display", "name": "Màn hình quầy 9", "counter_id": spare["id"]},
        )
        assert paired.status_code == 201, paired.text
        row.locator('[data-action="delete-counter"]').click()
        notice = page.locator("#notice")
        expect(notice).to_contain_text("Quầy còn thiết bị Màn hình quầy 9")
        expect(notice).to_have_class(re.compile(r"\bad-notice--error\b"))
        expect(notice).to_have_attribute("role", "alert")
        expect(row.locator('[data-action="delete-counter"]')).to_have_count(0)  # now known
        page.screenshot(path=str(ARTIFACTS / "admin-delete-refused.png"))

        page.click('[data-tab="services"]')
        expect(page.locator("#panel .ad-table")).to_be_visible()
        expect(notice).to_be_hidden()
        page.close()


def test_times_and_days_are_vietnamese_in_an_english_browser(demo: DemoServer):
    with chromium() as browser:
        context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
        page = context.new_page()
        open_admin(page, demo)
        page.click('[data-tab="calendar"]')
        week = page.locator("#week")
        expect(week.locator('[data-key="start"]').first).to_be_visible()
        # Typed on the 24-hour clock: no time or date input, whose look follows the locale.
        expect(page.locator('#panel input[type="time"], #panel input[type="date"]')).to_have_count(
            0
        )
        for key in ("start", "end"):
            for value in week.locator(f'[data-key="{key}"]').evaluate_all(
                "a => a.map(e => e.value)"
            ):
                assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d|24:00", value), value

        first_start = week.locator('[data-key="start"]').first
        first_start.fill("25:00")
        page.click('[data-action="save-week"]')
        expect(page.locator("#notice")).to_contain_text("Giờ không hợp lệ: 25:00")
        expect(first_start).to_have_attribute("aria-invalid", "true")
        first_start.fill("7:30")
        page.click('[data-action="save-week"]')
        expect(page.locator("#notice")).to_have_text("Đã lưu lịch làm việc")
        expect(week.locator('[data-key="start"]').first).to_have_value("07:30")
        sessions = admin_api(demo, "GET", "/offices/1/sessions").json()
        assert sessions[0]["start"] == "07:30"

        day = page.locator('#holiday-form input[name="day"]')
        expect(day).to_have_attribute("placeholder", "dd/mm/yyyy")
        day.fill("31/02/2026")
        page.click('#holiday-form button[type="submit"]')
        expect(page.locator("#holiday-error")).to_contain_text("Ngày không hợp lệ")
        day.fill("2/9/2026")
        page.fill('#holiday-form input[name="name"]', "Quốc khánh")
        page.click('#holiday-form button[type="submit"]')
        expect(page.locator("#panel tbody tr", has_text="Quốc khánh")).to_contain_text("02/09/2026")
        assert any(
            h["day"] == "2026-09-02" for h in admin_api(demo, "GET", "/offices/1/holidays").json()
        )
        page.screenshot(path=str(ARTIFACTS / "admin-calendar-en-US.png"), full_page=True)

        # The audit log in words and Vietnamese dates, whatever the browser's locale.
        page.click('[data-tab="audit"]')
        first = page.locator("#panel tbody tr").first
        expect(first.locator(".ad-when")).to_have_text(
            re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d:\d\d$")
        )
        expect(first).to_contain_text("Thêm ngày nghỉ")
        context.close()


def test_the_device_list_shows_each_kiosk_printer_and_its_last_report(demo: DemoServer):
    kiosk = {"Authorization": f"Bearer {demo.device_token(KIOSK)}"}
    url = f"{demo.url}/api/v1/devices/printer-status"
    assert requests.post(url, json={"status": "paper_out"}, headers=kiosk, timeout=10).ok
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            open_admin(page, demo)
            page.click('[data-tab="devices"]')
            row = page.locator("#panel tbody tr", has_text=KIOSK)
            expect(row.locator(".ad-printer--alert")).to_have_text("Máy in hết giấy")
            expect(row.locator(".ad-printer__at")).to_contain_text("Liên lạc lần cuối")
            expect(row.locator(".ad-printer__at")).to_contain_text("vừa xong")
            screen = page.locator("#panel tbody tr", has_text="Màn hình quầy 1")
            expect(screen.locator(".ad-printer-cell")).to_have_text("—")
            page.screenshot(path=str(ARTIFACTS / "admin-devices-printers.png"), full_page=True)
            page.close()
    finally:
        requests.post(url, json={"status": "ok"}, headers=kiosk, timeout=10)


def test_an_office_s_sms_gateway_is_set_its_header_masked_and_a_bad_url_refused(demo: DemoServer):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        open_admin(page, demo)
        page.click('[data-tab="notifier"]')
        expect(page.locator("#notifier-form")).to_be_visible()
        expect(page.locator('#panel img[src="/o/1/qr.svg"]')).to_be_visible()
        expect(page.locator("#panel")).to_contain_text(f"{demo.url}/o/1")
        expect(page.locator("#panel .ad-messages")).to_contain_text("Mời đến quầy")

        # Only the chosen kind's fields are shown.
        expect(page.locator("#n-url")).to_have_count(0)
        page.check('input[name="kind"][value="http_sms"]')
        expect(page.locator("#n-access_token")).to_have_count(0)

        # A bad address is refused under its field.
        page.fill("#n-url", "sms.example.vn/send")
        page.click('#notifier-form button[type="submit"]')
        error = page.locator('[data-error-for="url"]')
        expect(error).to_be_visible()
        expect(error).to_contain_text("cần địa chỉ http:// hoặc https://")
        expect(page.locator("#n-url")).to_have_attribute("aria-invalid", "true")

        page.fill("#n-url", "https://sms.example.vn/send?to={phone}")
        page.fill("#n-auth_header", "Authorization: Bearer secret-token-9876")
        page.click('#notifier-form button[type="submit"]')
        expect(page.locator("#notice")).to_contain_text("Đã lưu cách báo tin")

        # Reloaded: the header is never shown back, only its last 4 characters as a placeholder.
        page.reload()
        expect(page.locator("#notifier-form")).to_be_visible()
        expect(page.locator('input[name="kind"][value="http_sms"]')).to_be_checked()
        expect(page.locator("#n-url")).to_have_value("https://sms.example.vn/send?to={phone}")
        header = page.locator("#n-auth_header")
        expect(header).to_have_value("")
        expect(header).to_have_attribute("placeholder", "•••• 9876 — để trống để giữ nguyên")
        assert "secret-token" not in page.content()

        # Saved again without it: the stored header is kept.
        page.click('#notifier-form button[type="submit"]')
        expect(page.locator("#notice")).to_contain_text("Đã lưu cách báo tin")
        expect(page.locator("#n-auth_header")).to_have_attribute(
            "placeholder", "•••• 9876 — để trống để giữ nguyên"
        )

        # Off and on again: the gateway's settings were kept, and the audit log hides the header.
        page.check('input[name="kind"][value="log"]')
        expect(page.locator("#n-url")).to_have_count(0)
        page.click('#notifier-form button[type="submit"]')
        expect(page.locator("#notice")).to_contain_text("Đã lưu cách báo tin")
        page.check('input[name="kind"][value="http_sms"]')
        expect(page.locator("#n-url")).to_have_value("https://sms.example.vn/send?to={phone}")
        expect(page.locator("#n-auth_header")).to_have_attribute(
            "placeholder", "•••• 9876 — để trống để giữ nguyên"
        )
        page.click('[data-tab="audit"]')
        # The switch off changed the kind only; setting the gateway named the header, hidden.
        entries = page.locator("#panel tbody tr", has_text="Sửa cách nhắn tin")
        expect(entries.first).not_to_contain_text("Địa chỉ cổng SMS")
        expect(entries.nth(1)).to_contain_text("Dòng xác thực: (đã thay đổi, không hiển thị)")
        assert "9876" not in page.locator("#panel").inner_text()
