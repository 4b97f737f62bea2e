"""axe-core, the npm package, run in Chromium on every screen: no serious or critical violation.

`scripts/setup --test` installs axe-core from package-lock.json into node_modules; each page is
opened as its users see it (a device by its token, staff signed in, a citizen's phone page),
given time to draw its live data, then checked against WCAG 2.1 A and AA.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_support import KIOSK, DemoServer, book_next_slot
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_engine
from server.demo.tour import pairing_path
from server.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.server]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical axe-core violations of the page as it is drawn now."""
    assert AXE.exists(), "axe-core is missing: run `bash scripts/setup --test`"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))",
        TAGS,
    )
    return [violation for violation in found if violation["impact"] in SERIOUS]


def device_page(demo: DemoServer, kind: str, name: str | None = None) -> str:
    """The pairing URL of a demo device of the district office."""
    device = next(
        d
        for d in demo.tour.devices
        if d.kind == kind and d.office_id == 1 and (name is None or d.name == name)
    )
    return demo.url + pairing_path(device)


def signed_in(page: Page, demo: DemoServer, path: str, username: str) -> None:
    """Open a staff page and sign in on its form."""
    page.goto(demo.url + path)
    page.fill("#username", username)
    page.fill("#password", demo.password)
    page.click("button[type=submit]")


def open_kiosk(page: Page, demo: DemoServer) -> None:
    """The kiosk's home screen, its services drawn."""
    page.goto(device_page(demo, "kiosk", KIOSK))
    expect(page.locator(".xk-service").first).to_be_visible(timeout=15000)


def open_kiosk_check_in(page: Page, demo: DemoServer) -> None:
    """The kiosk's booking-code keypad ("Đã đặt lịch hẹn"), a service taking bookings."""
    engine = make_engine(demo.database_url)
    try:
        with Session(engine) as session:
            for service in session.scalars(select(Service).where(Service.name == "Đất đai")):
                service.appointments_enabled = True
            session.commit()
    finally:
        engine.dispose()
    open_kiosk(page, demo)
    button = page.locator("#checkin-button")
    expect(button).to_be_visible()
    page.wait_for_timeout(700)  # the kiosk ignores a tap right after a screen change
    button.click()
    expect(page.locator("#checkin-code")).to_be_visible()
    page.locator("[data-key='K']").click()


def open_kiosk_check_in_answer(page: Page, demo: DemoServer) -> None:
    """A refused check-in on the kiosk: a scanned code nobody booked."""
    open_kiosk_check_in(page, demo)
    page.keyboard.type("ZZZZZZ")
    page.keyboard.press("Enter")
    expect(page.locator("#checkin-answer-title")).to_be_visible()


def open_lobby(page: Page, demo: DemoServer) -> None:
    """The lobby display after a call."""
    ticket = demo.issue(1)
    page.goto(device_page(demo, "display"))
    expect(page.locator("body")).to_contain_text("QUẦY", timeout=15000)
    assert ticket["number"]


def open_counter_display(page: Page, demo: DemoServer) -> None:
    """The counter-top display."""
    page.goto(device_page(demo, "counter_display"))
    page.wait_for_load_state("networkidle")


def open_rating_tablet(page: Page, demo: DemoServer) -> None:
    """The rating tablet at a counter."""
    page.goto(device_page(demo, "rating"))
    page.wait_for_load_state("networkidle")


def open_phone_page(page: Page, demo: DemoServer) -> None:
    """A citizen's phone page for a fresh ticket."""
    ticket = demo.issue(1)
    page.goto(ticket["public_url"].replace("http://xephang.test", demo.url))
    page.wait_for_load_state("networkidle")


def open_office_page(page: Page, demo: DemoServer) -> None:
    """The district's public page, on its booking form with the day's slots drawn."""
    page.goto(f"{demo.url}/o/1")
    page.locator(".xp-offer").filter(has_text="Đất đai").get_by_role(
        "button", name="Đặt lịch hẹn"
    ).click()
    expect(page.locator(".xp-slot").first).to_be_visible(timeout=15000)


def open_booking_page(page: Page, demo: DemoServer) -> None:
    """A booking's page with its code and QR code."""
    page.goto(f"{demo.url}/a/{book_next_slot(demo)['public_token']}")
    expect(page.locator("#qr")).to_be_visible(timeout=15000)


def open_console(page: Page, demo: DemoServer) -> None:
    """The clerk's console of counter 1."""
    signed_in(page, demo, "/counter", "canbo1")
    page.wait_for_load_state("networkidle")


def open_console_bookings(page: Page, demo: DemoServer) -> None:
    """The console's dialog of the day's bookings (design §12)."""
    open_console(page, demo)
    page.click('[data-choose-counter="1"]')
    page.click("#bookings-button")
    expect(page.locator("#bookings-list")).to_contain_text("lịch hẹn")


def open_dashboard(page: Page, demo: DemoServer) -> None:
    """The manager's live dashboard."""
    signed_in(page, demo, "/dashboard?office_id=1", "quanly")
    expect(page.locator("body[data-loaded=true]")).to_be_attached(timeout=15000)


def open_reports(page: Page, demo: DemoServer) -> None:
    """The manager's reports."""
    signed_in(page, demo, "/reports?office_id=1", "quanly")
    page.wait_for_load_state("networkidle")


def open_admin(page: Page, demo: DemoServer) -> None:
    """The administration pages."""
    signed_in(page, demo, "/admin", "admin")
    page.wait_for_load_state("networkidle")


def open_admin_notifier(page: Page, demo: DemoServer) -> None:
    """The office's notifier with the SMS gateway's fields, and its poster QR."""
    signed_in(page, demo, "/admin?office_id=1&tab=notifier", "admin")
    page.check('input[name="kind"][value="http_sms"]')
    expect(page.locator("#n-url")).to_be_visible(timeout=15000)
    expect(page.locator("#panel .ad-qr")).to_be_visible()


def open_home(page: Page, demo: DemoServer) -> None:
    """The home page with its sign-in."""
    page.goto(demo.url + "/")
    page.wait_for_load_state("networkidle")


SCREENS: dict[str, tuple[Callable[[Page, DemoServer], None], dict[str, int]]] = {
    "kiosk": (open_kiosk, {"width": 1080, "height": 1920}),
    "kiosk-check-in": (open_kiosk_check_in, {"width": 1080, "height": 1920}),
    "kiosk-check-in-answer": (open_kiosk_check_in_answer, {"width": 1920, "height": 1080}),
    "lobby": (open_lobby, {"width": 1920, "height": 1080}),
    # Below 24 px the lobby's secondary text is "normal" text for WCAG: 4.5:1, closed counters too.
    "lobby-1366": (open_lobby, {"width": 1366, "height": 768}),
    "counter-display": (open_counter_display, {"width": 1280, "height": 800}),
    "rating-tablet": (open_rating_tablet, {"width": 1280, "height": 800}),
    "phone": (open_phone_page, {"width": 390, "height": 844}),
    "office-page": (open_office_page, {"width": 390, "height": 844}),
    "booking-page": (open_booking_page, {"width": 390, "height": 844}),
    "console": (open_console, {"width": 1366, "height": 768}),
    "console-bookings": (open_console_bookings, {"width": 1366, "height": 768}),
    "dashboard": (open_dashboard, {"width": 1440, "height": 900}),
    "reports": (open_reports, {"width": 1440, "height": 900}),
    "admin": (open_admin, {"width": 1440, "height": 900}),
    "admin-notifier": (open_admin_notifier, {"width": 1440, "height": 900}),
    "home": (open_home, {"width": 1366, "height": 768}),
}


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_no_serious_accessibility_violation(screen: str, demo: DemoServer, browser: Browser):
    opener, viewport = SCREENS[screen]
    # The pages' own policy allows no inline script; axe is the test's, not the page's.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    try:
        page = context.new_page()
        opener(page, demo)
        found = violations(page)
        assert found == [], f"{screen}:\n{json.dumps(found, ensure_ascii=False, indent=1)}"
    finally:
        context.close()
