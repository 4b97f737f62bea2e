"""The manager's dashboard and reports in Chromium against the real server with the demo office."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from browser_support import ARTIFACTS, KIOSK, DemoServer, bearer, demo_server
from dashboard_history import play_morning
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    """The demo office with a morning's work: tickets issued, called, served and rated."""
    with demo_server() as server:
        assert play_morning(server.database_url) > 50
        yield server


def api(demo: DemoServer, method: str, path: str, token: str, **kwargs: Any) -> requests.Response:
    """Call the API of the demo server."""
    return requests.request(
        method, f"{demo.url}/api/v1{path}", headers=bearer(token), timeout=10, **kwargs
    )


def sign_in(page: Page, demo: DemoServer, path: str, username: str) -> None:
    """Open a staff page and sign in on its form."""
    page.goto(demo.url + path)
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.click("button[type=submit]")


def test_dashboard_shows_the_office_live(demo: DemoServer, browser: Browser):
    manager = demo.user_token("quanly")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sign_in(page, demo, "/dashboard?office_id=1&subtree=0", "quanly")
    expect(page.locator("body[data-loaded=true]")).to_be_attached(timeout=15000)
    data = api(demo, "GET", "/dashboard?office_id=1", manager).json()
    waiting = page.locator('[data-kpi="waiting"] .db-kpi__value')
    expect(waiting).to_have_text(str(data["waiting"]["total"]))
    expect(page.locator("#live")).to_have_text("Trực tiếp", timeout=10000)
    expect(page.locator(".db-counter")).to_have_count(len(data["counters"]))
    busy = next(c for c in data["counters"] if c["ticket"])
    expect(page.locator(".db-counter", has_text=busy["name"])).to_contain_text(
        busy["ticket"]["number"]
    )
    expect(page.locator("#hourly svg")).to_be_visible()
    expect(page.locator("#distribution svg > title")).to_have_text(re.compile("Phân bố"))
    expect(page.locator("#satisfaction svg")).to_be_visible()
    expect(page.locator("#services tbody tr")).to_have_count(
        sum(1 for s in data["services"] if s["active"] or s["waiting"] or s["issued"])
    )
    # Live: a ticket issued at the kiosk shows up without reloading the page.
    kiosk = demo.device_token(KIOSK)
    service = data["services"][0]
    api(demo, "POST", "/tickets", kiosk, json={"service_id": service["service_id"]})
    expect(waiting).to_have_text(str(data["waiting"]["total"] + 1), timeout=10000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-1920x1080.png"))
    # The district with its communes, refreshed over REST.
    page.check("#subtree")
    expect(page.locator("#offices-card")).to_be_visible()
    expect(page.locator("#offices tbody tr")).to_have_count(3)
    expect(page.locator("#live")).to_contain_text("Tự cập nhật")
    page.screenshot(path=str(ARTIFACTS / "dashboard-district-1920x1080.png"), full_page=True)
    page.close()


def test_longest_wait_and_satisfaction_in_two_clicks_then_export(
    demo: DemoServer, browser: Browser
):
    manager = demo.user_token("quanly")
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    sign_in(page, demo, "/reports?office_id=1&subtree=0", "quanly")
    expect(page.locator("body[data-loaded=true]")).to_be_attached(timeout=15000)
    page.click('[data-preset="today"]')  # click 1: the period (the demo's history is today's)
    expect(page.locator('[data-preset="today"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator("body[data-loaded=true]")).to_be_attached()
    page.click('.rp-view:not([hidden]) [data-sort="wait_mean"]')  # click 2: longest wait first
    first = page.locator(".rp-view:not([hidden]) tbody tr").first
    today = page.evaluate(
        "new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Ho_Chi_Minh'}).format(new Date())"
    )
    report = api(demo, "GET", f"/reports?office_id=1&from={today}&to={today}", manager).json()
    rows = [row for row in report["by_service"] if row["wait_seconds"]["mean"] is not None]
    longest = max(rows, key=lambda row: row["wait_seconds"]["mean"])
    expect(first.locator("th")).to_contain_text(longest["name"])
    headers = page.locator(".rp-view:not([hidden]) thead tr:last-child th").all_inner_texts()
    assert any("Không hài lòng" in header for header in headers)
    assert any("Rất hài lòng" in header for header in headers)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reports-1920x1080.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    download = download_info.value
    assert download.suggested_filename == f"bao-cao-{today}-{today}.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = workbook["Theo lĩnh vực"]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert longest["name"] in names and names[-1] == "Tổng cộng"

    page.emulate_media(media="print")
    expect(page.locator("#filters")).to_be_hidden()
    expect(page.locator(".rp-printhead")).to_be_visible()
    expect(page.locator('.rp-view[data-view="clerk"]')).to_be_visible()  # every view prints
    page.screenshot(path=str(ARTIFACTS / "reports-print.png"), full_page=True)
    page.close()


def test_a_clerk_gets_the_vietnamese_refusal(demo: DemoServer, browser: Browser):
    page = browser.new_page()
    sign_in(page, demo, "/dashboard", "canbo1")
    expect(page.locator("h1")).to_have_text("Không có quyền truy cập")
    expect(page.locator("main")).to_contain_text("canbo1")
    refused = page.request.get(f"{demo.url}/api/v1/dashboard?office_id=1")
    assert refused.status == 403 and refused.json()["error"]["code"] == "forbidden"
    page.goto(demo.url + "/admin")
    expect(page.locator("h1")).to_have_text("Không có quyền truy cập")
    page.close()


def test_the_dashboard_fits_1440_px_and_alerts_a_kiosk_printer_in_trouble(
    demo: DemoServer, browser: Browser
):
    kiosk = bearer(demo.device_token(KIOSK))
    status_url = f"{demo.url}/api/v1/devices/printer-status"
    assert requests.post(status_url, json={"status": "paper_out"}, headers=kiosk, timeout=10).ok
    try:
        context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
        page = context.new_page()
        sign_in(page, demo, "/dashboard?office_id=1&subtree=1", "quanly")
        expect(page.locator("body[data-loaded=true]")).to_be_attached(timeout=15000)
        alert = page.locator("#printers .db-printer--alert")
        expect(alert).to_contain_text(KIOSK)
        expect(alert).to_contain_text("Máy in hết giấy")
        # Every headline's subtitle shows whole, and the services table shows every column.
        cut = page.evaluate(
            """() => [...document.querySelectorAll('.db-kpi__sub')]
                .filter((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight + 1)
                .map((e) => e.textContent)"""
        )
        assert cut == []
        services = page.locator("#services")
        expect(services.locator("tbody tr").first).to_be_visible()
        assert services.evaluate("e => e.scrollWidth <= e.clientWidth"), "columns hidden"
        # Waits read as durations ("1 giờ 5 phút"), never as a clock time ("1:05:00").
        waits = services.locator("tbody td.db-duration").all_inner_texts()
        waits += page.locator(".db-breach__time").all_inner_texts()
        assert waits and not [w for w in waits if re.search(r"\d:\d\d", w)], waits
        assert any(
            re.fullmatch(r"(\d+ giờ( \d+ phút)?|\d+ phút( \d+ giây)?|\d+ giây)", w) for w in waits
        )
        page.screenshot(path=str(ARTIFACTS / "dashboard-subtree-1440.png"), full_page=True)
        context.close()
    finally:
        requests.post(status_url, json={"status": "ok"}, headers=kiosk, timeout=10)


def test_report_dates_are_day_first_in_an_english_browser(demo: DemoServer, browser: Browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    sign_in(page, demo, "/reports?office_id=1&subtree=0&from=2026-12-01&to=2026-12-31", "quanly")
    expect(page.locator("body[data-loaded=true]")).to_be_attached(timeout=15000)
    expect(page.locator("#from")).to_have_value("01/12/2026")  # not 12/01/2026
    expect(page.locator("#to")).to_have_value("31/12/2026")
    expect(page.locator("#scope")).to_contain_text("từ 01/12/2026 đến 31/12/2026")
    page.fill("#from", "31/02/2026")
    page.click(".rp-go")
    expect(page.locator("#error")).to_contain_text("Ngày không hợp lệ")
    expect(page.locator("#from")).to_have_attribute("aria-invalid", "true")
    page.fill("#from", "2/12/2026")
    page.click(".rp-go")
    expect(page.locator("#scope")).to_contain_text("từ 02/12/2026 đến 31/12/2026")
    assert "from=2026-12-02" in page.url
    page.click('[data-preset="today"]')
    today = page.evaluate(
        "new Intl.DateTimeFormat('en-GB', {timeZone: 'Asia/Ho_Chi_Minh'}).format(new Date())"
    )
    expect(page.locator("#from")).to_have_value(today)  # dd/mm/yyyy
    # A share and its count are both legible: the count on its own line, not in small print.
    count = page.locator(".rp-view:not([hidden]) tfoot .rp-count").first
    expect(count).to_have_text(re.compile(r"^\d[\d.]* lượt$"))
    # Retried until it holds: the table may be drawn again (the preset's data) in between.
    expect(count).to_have_css("font-size", re.compile(r"^(1[3-9]|[2-9]\d)(\.\d+)?px$"))
    context.close()


def test_todays_bookings_on_the_dashboard_and_the_channel_view_of_the_report(
    demo: DemoServer, browser: Browser
):
    admin = demo.user_token("admin")
    listed = api(demo, "GET", "/offices/1/services", demo.device_token(KIOSK)).json()
    land = next(service["id"] for service in listed if service["prefix"] == "A")
    changed = api(
        demo, "PATCH", f"/admin/services/{land}", admin, json={"appointments_enabled": True}
    )
    assert changed.status_code == 200, changed.text
    slots = requests.get(f"{demo.url}/api/v1/public/services/{land}/slots", timeout=10).json()
    start = slots["slots"][1 if len(slots["slots"]) > 1 else 0]["start"]
    codes = []
    for phone in ("0912345678", "0987654321"):
        booked = requests.post(
            f"{demo.url}/api/v1/public/appointments",
            json={"service_id": land, "start": start, "phone": phone},
            timeout=10,
        )
        assert booked.status_code == 201, booked.text
        codes.append(booked.json()["code"])
    checked = api(
        demo, "POST", "/appointments/check-in", demo.device_token(KIOSK), json={"code": codes[0]}
    )
    assert checked.status_code == 201, checked.text

    context = browser.new_context(locale="vi-VN", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    sign_in(page, demo, "/dashboard?office_id=1&subtree=0", "quanly")
    card = page.locator('[data-kpi="appointments"]')
    expect(card.locator(".db-kpi__value")).to_have_text("2")
    expect(card.locator(".db-kpi__sub")).to_have_text("Đã đến 1 · Không đến 0 · Hủy 0")
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.db-kpi__sub, .db-kpi h3')]
            .filter((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight + 1)
            .map((e) => e.textContent)"""
    )
    assert cut == []
    page.screenshot(path=str(ARTIFACTS / "dashboard-bookings-1440.png"))

    page.goto(f"{demo.url}/reports?office_id=1&subtree=0")  # signed in already
    expect(page.locator("body[data-loaded=true]")).to_be_attached(timeout=15000)
    page.click('[role=tab][data-view="channel"]')
    table = page.locator('.rp-view:not([hidden]) table[data-view="channel"]')
    booked_row = table.locator("tbody tr", has_text="Đặt lịch hẹn")
    expect(booked_row.locator("td").first).to_have_text("1")
    expect(table.locator("tbody tr")).to_have_count(4)
    context.close()
