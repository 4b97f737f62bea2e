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
    sheet = workbook["Theo dịch vụ"]
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
