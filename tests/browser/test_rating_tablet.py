"""The rating tablet in Chromium: reasons, ratings made offline sent when back, pairing checks."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from browser_support import DemoServer, bearer
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]


def wait_until(read: Callable[[], Any], check: Callable[[Any], bool], timeout: float = 15.0) -> Any:
    """Read until `check` accepts the value."""
    deadline = time.monotonic() + timeout
    value = read()
    while not check(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"still {value!r} after {timeout} s")
        time.sleep(0.1)  # a polling interval, not a wait for the condition
        value = read()
    return value


class Desk:
    """A clerk at a demo counter serving tickets of one service over the API."""

    def __init__(self, demo: DemoServer, counter: int, prefix: str) -> None:
        """Sign the clerk canboN in and find the service id."""
        self.demo = demo
        self.counter = counter
        self.token = demo.user_token(f"canbo{counter}")
        services = requests.get(
            f"{demo.url}/api/v1/offices/1/services", headers=bearer(self.token), timeout=10
        ).json()
        self.service_id = next(s["id"] for s in services if s["prefix"] == prefix)

    def serve_one(self) -> dict[str, Any]:
        """Issue at the kiosk, call, start and complete; the completed ticket, with the
        public token only the kiosk's answer carries (the citizen's printed QR code)."""
        issued = self.demo.issue(self.service_id)
        url = self.demo.url + "/api/v1"
        called = requests.post(
            f"{url}/counters/{self.counter}/call-next", headers=bearer(self.token), timeout=10
        ).json()
        assert called["id"] == issued["id"], called
        for action in ("start", "complete"):
            response = requests.post(
                f"{url}/tickets/{called['id']}/{action}", headers=bearer(self.token), timeout=10
            )
            assert response.status_code == 200, response.text
        return {**response.json(), "public_token": issued["public_token"]}

    def ratings(self) -> dict[str, int]:
        """The counter's rating counts in today's summary report."""
        manager = self.demo.user_token("quanly")
        report = requests.get(
            f"{self.demo.url}/api/v1/reports/summary",
            params={"office_id": 1},
            headers=bearer(manager),
            timeout=10,
        ).json()
        row = next(r for r in report["by_counter"] if r["counter_id"] == self.counter)
        return dict(row["ratings"])


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A tablet: 1280×800, touch."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
    yield context
    context.close()


def open_tablet(context: BrowserContext, demo: DemoServer, counter: int) -> Page:
    """Pair a page as the counter's rating tablet and wait until it is live."""
    page = context.new_page()
    token = demo.device_token(f"Máy đánh giá quầy {counter}")
    page.goto(f"{demo.url}/counter/{counter}/rating?token={token}")
    expect(page.locator(".rt-idle__number")).to_have_text(f"Quầy {counter}")
    return page


def test_dissatisfied_with_reasons(demo: DemoServer, context: BrowserContext) -> None:
    desk = Desk(demo, 3, "B")
    tablet = open_tablet(context, demo, 3)
    expect(tablet.locator(".rt-idle__clerk")).to_have_text("Quầy chưa mở")
    done = desk.serve_one()
    expect(tablet.locator(".rt-ask__ticket")).to_contain_text(done["number"])
    tablet.get_by_role("button", name="Không hài lòng").tap()
    for reason in ("Thái độ cán bộ", "Chờ lâu", "Hướng dẫn không rõ", "Khác"):
        expect(tablet.get_by_role("button", name=reason)).to_be_visible()
    tablet.get_by_role("button", name="Chờ lâu").tap()
    tablet.get_by_role("button", name="Yêu cầu giấy tờ ngoài quy định").tap()
    expect(tablet.get_by_role("button", name="Chờ lâu")).to_have_attribute("aria-pressed", "true")
    tablet.get_by_role("button", name="Gửi đánh giá").tap()
    expect(tablet.get_by_role("heading", name="Cảm ơn Ông/Bà đã đánh giá!")).to_be_visible()
    assert wait_until(desk.ratings, lambda r: r["dissatisfied"] == 1) == {
        "very_satisfied": 0,
        "satisfied": 0,
        "dissatisfied": 1,
    }
    # The idle screen now names the clerk the desk seated.
    expect(tablet.locator(".rt-idle__clerk")).to_have_text("Lê Minh Tuấn", timeout=15_000)


def test_a_rating_made_offline_is_sent_when_the_network_is_back(
    demo: DemoServer, context: BrowserContext
) -> None:
    desk = Desk(demo, 4, "C")
    tablet = open_tablet(context, demo, 4)
    first = desk.serve_one()
    expect(tablet.locator(".rt-ask__ticket")).to_contain_text(first["number"])
    context.set_offline(True)
    tablet.get_by_role("button", name="Rất hài lòng").tap()
    expect(tablet.locator(".rt-thanks")).to_be_visible()  # the citizen is thanked anyway
    expect(tablet.locator("#pending")).to_have_text("1 đánh giá đang chờ gửi")
    stored = tablet.evaluate("JSON.parse(localStorage.getItem('xephang.rating.outbox'))")
    assert [(item["ticket_id"], item["level"]) for item in stored] == [
        (first["id"], "very_satisfied")
    ]
    assert desk.ratings()["very_satisfied"] == 0

    context.set_offline(False)
    expect(tablet.locator("#pending")).to_be_hidden(timeout=20_000)
    assert wait_until(desk.ratings, lambda r: r["very_satisfied"] == 1)["very_satisfied"] == 1


def test_a_rating_already_stored_counts_as_sent(demo: DemoServer, context: BrowserContext) -> None:
    desk = Desk(demo, 6, "T")
    tablet = open_tablet(context, demo, 6)
    done = desk.serve_one()
    expect(tablet.locator(".rt-ask__ticket")).to_contain_text(done["number"])
    context.set_offline(True)
    tablet.get_by_role("button", name="Hài lòng", exact=True).tap()
    expect(tablet.locator("#pending")).to_be_visible()
    # Meanwhile the same ticket was rated (say, from the citizen's phone).
    phone = requests.post(
        f"{demo.url}/api/v1/public/tickets/{done['public_token']}/rating",
        json={"level": "very_satisfied"},
        timeout=10,
    )
    assert phone.status_code == 201, phone.text
    context.set_offline(False)
    expect(tablet.locator("#pending")).to_be_hidden(timeout=20_000)
    assert tablet.evaluate("localStorage.getItem('xephang.rating.outbox')") == "[]"
    assert desk.ratings() == {"very_satisfied": 1, "satisfied": 0, "dissatisfied": 0}


def test_only_its_own_counter_and_a_paired_tablet(
    demo: DemoServer, context: BrowserContext
) -> None:
    page = context.new_page()
    page.goto(f"{demo.url}/counter/5/rating")
    expect(page.locator("#message")).to_contain_text("chưa được ghép nối")
    token = demo.device_token("Máy đánh giá quầy 1")
    page.goto(f"{demo.url}/counter/5/rating?token={token}")
    expect(page.locator("#message")).to_contain_text("không phải máy đánh giá của quầy này")
