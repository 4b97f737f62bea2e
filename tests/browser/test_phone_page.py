"""The citizen's phone page in Chromium with a phone viewport, against the real demo server."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from browser_support import ARTIFACTS, KIOSK, DemoServer, bearer
from PIL import Image
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
    ),
}
# Records vibrations instead of shaking nothing (headless Chromium has no motor).
RECORD_VIBRATIONS = (
    "window.__vibrations = [];"
    "navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };"
)


class Office:
    """REST helpers on the demo district office: the kiosk issues, clerk N works at counter N."""

    def __init__(self, demo: DemoServer) -> None:
        self.demo = demo
        kiosk = bearer(demo.device_token(KIOSK))
        services = requests.get(f"{demo.url}/api/v1/offices/1/services", headers=kiosk, timeout=10)
        self.services = {service["prefix"]: service["id"] for service in services.json()}
        self.clerks: dict[int, str] = {}

    def issue(self, prefix: str) -> dict[str, Any]:
        """A ticket from the demo kiosk."""
        return self.demo.issue(self.services[prefix])

    def clerk(self, counter: int) -> dict[str, str]:
        """The authorization of canboN, who works at counter N."""
        if counter not in self.clerks:
            self.clerks[counter] = self.demo.user_token(f"canbo{counter}")
        return bearer(self.clerks[counter])

    def act(self, counter: int, path: str) -> dict[str, Any]:
        """A command of the clerk at a counter."""
        response = requests.post(
            f"{self.demo.url}/api/v1{path}", headers=self.clerk(counter), timeout=10
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def public(self, token: str) -> requests.Response:
        """The public ticket, as anyone can read it."""
        return requests.get(f"{self.demo.url}/api/v1/public/tickets/{token}", timeout=10)


def open_phone(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """A phone-sized page on `url`, recording vibrations and any script error or CSP report."""
    context = browser.new_context(**PHONE)
    context.add_init_script(RECORD_VIBRATIONS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(url)
    return page, problems


def assert_fits_the_phone(page: Page) -> None:
    """Nothing sticks out sideways at 390 CSS pixels."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_phone_follows_its_ticket_from_waiting_to_rating(demo: DemoServer, browser: Browser):
    office = Office(demo)
    office.issue("A")
    office.issue("A")
    mine = office.issue("A")
    first = office.act(2, "/counters/2/call-next")  # A001 to counter 2; A002 is still ahead of me

    page, problems = open_phone(browser, mine["public_url"])
    assert mine["public_url"].startswith(demo.url + "/t/")
    expect(page.locator(".xp-ticket__number")).to_have_text(mine["number"])
    expect(page.locator("#status")).to_have_text("Đang chờ")
    expect(page.locator("#ahead")).to_have_text("1")
    expect(page.locator(".xp-now__row").first).to_contain_text("Quầy 2")
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    page.locator("[data-action=sound]").tap()
    expect(page.locator(".xp-sound-on")).to_contain_text("Đã bật chuông và rung")
    assert_fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "phone-390x844-waiting.png"), full_page=True)

    # Counter 2 moves on to A002: the page refetches its own figures (rate-limited, ≤ 15 s).
    office.act(2, f"/tickets/{first['id']}/start")
    office.act(2, "/counters/2/call-next")
    expect(page.locator("#ahead")).to_have_text("0", timeout=25_000)
    expect(page.locator(".xp-stat__label").first).to_have_text("Ông/Bà là người tiếp theo")

    called = office.act(1, "/counters/1/call-next")
    assert called["id"] == mine["id"]
    expect(page.locator("#call")).to_have_text("Mời đến quầy 1")
    expect(page.locator("#status")).to_have_text("Đã đến lượt")
    assert page.evaluate("window.__sameDocument") is True
    assert page.evaluate("window.xephangPhone.alerts") == 1
    assert [400, 200, 400, 200, 800] in page.evaluate("window.__vibrations")
    assert page.title().startswith("Mời đến quầy 1")
    assert_fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "phone-390x844-called.png"), full_page=True)
    side_by_side(
        ARTIFACTS / "phone-390x844-waiting.png",
        ARTIFACTS / "phone-390x844-called.png",
        ARTIFACTS / "phone-390x844.png",
    )

    office.act(1, f"/tickets/{mine['id']}/recall")
    expect(page.locator(".xp-call__lead")).to_have_text("Xin nhắc lại: đã đến lượt Ông/Bà")
    assert page.evaluate("window.xephangPhone.alerts") == 2

    office.act(1, f"/tickets/{mine['id']}/start")
    expect(page.locator("#status")).to_have_text("Đang phục vụ")
    office.act(1, f"/tickets/{mine['id']}/complete")
    expect(page.locator("#status")).to_have_text("Đã xong")
    expect(page.locator(".xp-rating__question")).to_have_text(
        "Ông/Bà đánh giá thế nào về việc tiếp nhận, giải quyết tại quầy?"
    )
    assert page.locator(".xp-level").all_text_contents() == [
        "Rất hài lòng",
        "Hài lòng",
        "Không hài lòng",
    ]
    page.screenshot(path=str(ARTIFACTS / "phone-390x844-rating.png"), full_page=True)
    page.locator("[data-level=satisfied]").tap()
    expect(page.locator(".xp-rating__done")).to_have_text("Cảm ơn Ông/Bà đã đánh giá!")
    assert page.evaluate("window.__sameDocument") is True

    assert office.public(mine["public_token"]).json()["rating"] == {"level": "satisfied"}
    again = requests.post(
        f"{demo.url}/api/v1/public/tickets/{mine['public_token']}/rating",
        json={"level": "dissatisfied", "reasons": ["waiting_time"]},
        timeout=10,
    )
    assert again.status_code == 409
    assert office.public(mine["public_token"]).json()["rating"] == {"level": "satisfied"}
    page.reload()
    expect(page.locator(".xp-rating__done")).to_have_text("Ông/Bà đã đánh giá phiếu này")
    assert problems == []
    page.context.close()


def test_dissatisfied_asks_for_reasons_and_unknown_tokens_get_a_plain_404(
    demo: DemoServer, browser: Browser
):
    office = Office(demo)
    mine = office.issue("V")
    office.act(7, "/counters/7/call-next")
    office.act(7, f"/tickets/{mine['id']}/start")
    office.act(7, f"/tickets/{mine['id']}/complete")
    page, problems = open_phone(browser, mine["public_url"])
    page.locator("[data-level=dissatisfied]").tap()
    expect(page.locator(".xp-reason")).to_have_count(5)
    page.locator("[data-reason=waiting_time]").tap()
    page.locator("[data-reason=extra_documents]").tap()
    expect(page.locator("[data-reason=extra_documents]")).to_have_attribute("aria-pressed", "true")
    assert_fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "phone-390x844-reasons.png"), full_page=True)
    page.locator("[data-action=submit]").tap()
    expect(page.locator(".xp-rating__done")).to_have_text("Cảm ơn Ông/Bà đã đánh giá!")
    stored = office.public(mine["public_token"]).json()["rating"]
    assert stored == {"level": "dissatisfied"}

    response = page.goto(f"{demo.url}/t/khong-phai-ma-that")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy phiếu")
    assert office.public("khong-phai-ma-that").status_code == 404
    assert problems == [] or all("404" in problem for problem in problems)
    page.context.close()


def side_by_side(left: Any, right: Any, target: Any) -> None:
    """Two screenshots next to each other in one picture (the viewport part of each)."""
    with Image.open(left) as first, Image.open(right) as second:
        height = min(first.height, second.height, 844 * 2)
        canvas = Image.new("RGB", (first.width + second.width + 24, height), "#9ca3af")
        canvas.paste(first.crop((0, 0, first.width, height)), (0, 0))
        canvas.paste(second.crop((0, 0, second.width, height)), (first.width + 24, 0))
        canvas.save(target)
