"""The lobby and counter-top displays in Chromium against the real server with the demo office."""

from __future__ import annotations

import io
import math
import subprocess
import time
import wave
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from browser_support import ARTIFACTS, KIOSK, DemoServer, bearer, demo_server
from playwright.sync_api import Browser, Page, expect
from support_server import XEPHANG, running_server, server_environment

from server.announcements.chime import SAMPLE_RATE, chime_samples

pytestmark = [pytest.mark.browser, pytest.mark.server]

LOBBY = "Màn hình sảnh"
SCREEN_SIZES = [(1920, 1080), (1366, 768), (3840, 2160)]


@dataclass
class Office:
    """REST helpers on the demo office: issue tickets, act as the clerk of a counter."""

    demo: DemoServer
    services: dict[str, int]  # prefix → service id

    def issue(self, prefix: str) -> dict[str, Any]:
        """A ticket from the demo kiosk."""
        return self.demo.issue(self.services[prefix])

    def clerk(self, counter: int) -> str:
        """A bearer token for canboN, who works at counter N."""
        return self.demo.user_token(f"canbo{counter}")

    def post(self, path: str, token: str) -> requests.Response:
        """A clerk's command."""
        return requests.post(f"{self.demo.url}/api/v1{path}", headers=bearer(token), timeout=10)

    def call_next(self, counter: int) -> dict[str, Any]:
        """Call-next at a counter; the called ticket."""
        response = self.post(f"/counters/{counter}/call-next", self.clerk(counter))
        assert response.status_code == 200, response.text
        return dict(response.json())


def office_of(demo: DemoServer) -> Office:
    """The REST helpers, with the demo district's service ids by prefix."""
    kiosk = demo.device_token(KIOSK)
    response = requests.get(
        f"{demo.url}/api/v1/offices/1/services",
        headers=bearer(kiosk),
        timeout=10,
    )
    return Office(demo, {service["prefix"]: service["id"] for service in response.json()})


def poll(page: Page, expression: str, check: Callable[[Any], bool], timeout: float = 10.0) -> Any:
    """Evaluate `expression` in the page until `check` accepts its value (the page's CSP forbids
    the string evaluation behind Playwright's wait_for_function)."""
    deadline = time.monotonic() + timeout
    value = page.evaluate(expression)
    while not check(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"{expression} is still {value!r} after {timeout} s")
        page.wait_for_timeout(50)  # a polling interval, not a wait for the condition
        value = page.evaluate(expression)
    return value


def open_lobby(browser: Browser, demo: DemoServer, width: int = 1920, height: int = 1080) -> Page:
    """Pair a page as the lobby display and wait for its first state."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{demo.url}/display?token={demo.device_token(LOBBY)}")
    expect(page.locator(".xd-counter").first).to_be_visible()
    return page


def wav_rms(data: bytes, start: int = 0) -> float:
    """Root mean square of 16-bit mono samples from `start`."""
    with wave.open(io.BytesIO(data), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        frames = reader.readframes(reader.getnframes())
    samples = array("h", frames)[start:]
    assert samples, "no audio after the chime"
    return math.sqrt(sum(sample * sample for sample in samples) / len(samples))


def test_a_call_shows_on_the_lobby_and_its_audio_is_played(demo: DemoServer, browser: Browser):
    office = office_of(demo)
    page = open_lobby(browser, demo)
    assert "token=" not in page.url, "the pairing token is removed from the address bar"
    office.issue("B")
    ticket = office.call_next(3)
    number = ticket["number"]

    expect(page.locator("#call .xd-call__number")).to_have_text(number)
    expect(page.locator("#call .xd-call__label")).to_have_text("MỜI CÔNG DÂN CÓ SỐ")
    expect(page.locator("#call .xd-call__counter")).to_have_text("ĐẾN QUẦY SỐ 3")
    expect(page.locator('[data-counter-id="3"] .xd-counter__number')).to_have_text(number)
    expect(page.locator("#recent .xd-recent__number").first).to_have_text(number)

    wanted = f"number={number}&counter=3"
    played = poll(
        page,
        "window.xephangDisplay.playedUrls",
        lambda urls: any(wanted in url and "recall=0" in url for url in urls),
    )
    url = next(url for url in played if wanted in url)
    expect(page.locator("#caption")).to_contain_text("Mời công dân có số thứ tự")
    response = requests.get(demo.url + url, timeout=30)
    assert response.headers["Content-Type"].startswith("audio/wav")
    speech_start = len(chime_samples()) + round(0.15 * SAMPLE_RATE)
    assert wav_rms(response.content) > 300
    assert wav_rms(response.content, speech_start) > 300, "the spoken part is not silent"

    # A recall is heard again, after the first call (never on top of it).
    assert office.post(f"/tickets/{ticket['id']}/recall", office.clerk(3)).status_code == 200
    played = poll(
        page,
        "window.xephangDisplay.playedUrls",
        lambda urls: any(wanted in u and "recall=1" in u for u in urls),
        timeout=30,
    )
    first, again = [u for u in played if wanted in u][-2:]
    assert first == url and "recall=1" in again
    # Each URL is signed for its own call: the recall's is not the first call's with recall=1.
    assert "&sig=" in again and again != url.replace("recall=0", "recall=1")
    assert requests.get(demo.url + again, timeout=30).status_code == 200
    forged = url.replace("recall=0", "recall=1")
    assert requests.get(demo.url + forged, timeout=30).status_code == 403
    expect(page.locator("#call .xd-call__recall")).to_have_text("NHẮC LẠI")
    page.close()


def test_the_sound_overlay_appears_when_the_browser_blocks_autoplay(
    demo: DemoServer, browser: Browser
):
    office = office_of(demo)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    # A normal desktop browser refuses play() until someone taps the page; headless Chromium
    # never does, so refuse it here until the first click, as such a browser would.
    context.add_init_script(
        """
        (() => {
          const play = HTMLMediaElement.prototype.play;
          let tapped = false;
          addEventListener("click", () => { tapped = true; }, true);
          HTMLMediaElement.prototype.play = function () {
            if (tapped) return play.call(this);
            return Promise.reject(new DOMException("no gesture", "NotAllowedError"));
          };
        })();
        """
    )
    page = context.new_page()
    page.goto(f"{demo.url}/display?token={demo.device_token(LOBBY)}")
    expect(page.locator(".xd-counter").first).to_be_visible()
    office.issue("A")
    number = office.call_next(1)["number"]
    expect(page.locator("#call .xd-call__number")).to_have_text(number)
    button = page.get_by_role("button", name="Bấm để bật âm thanh")
    expect(button).to_be_visible()
    assert page.evaluate("document.getElementById('announcer').paused")
    button.click()
    expect(button).to_be_hidden()
    poll(page, "document.getElementById('announcer').paused", lambda paused: paused is False)
    assert f"number={number}&counter=1" in page.evaluate(
        "document.getElementById('announcer').currentSrc"
    )
    context.close()


def test_the_counter_display_shows_the_number_then_pause_and_close(
    demo: DemoServer, browser: Browser
):
    office = office_of(demo)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{demo.url}/display/counter/4?token={demo.device_token('Màn hình quầy 4')}")
    expect(page.locator(".xc-counter")).to_have_text("QUẦY 4")
    expect(page.locator(".xc-title")).to_have_text("Chứng thực")
    office.issue("C")
    ticket = office.call_next(4)
    expect(page.locator(".xc-number")).to_have_text(ticket["number"])
    expect(page.locator(".xc-headline")).to_have_text("MỜI CÔNG DÂN CÓ SỐ")
    expect(page.locator(".xc-clerk")).to_have_text("Cán bộ: Phạm Thị Lan Anh")

    clerk = office.clerk(4)
    assert office.post("/counters/4/pause", clerk).status_code == 200
    expect(page.locator(".xc-headline")).to_have_text("TẠM DỪNG")
    expect(page.locator(".xc-number")).to_have_text(ticket["number"])
    page.screenshot(path=str(ARTIFACTS / "display-counter-paused.png"))

    for action in ("start", "complete"):
        assert office.post(f"/tickets/{ticket['id']}/{action}", clerk).status_code == 200
    assert office.post("/counters/4/close", clerk).status_code == 200
    expect(page.locator(".xc-headline")).to_have_text("ĐANG ĐÓNG")
    expect(page.locator(".xc-number")).to_have_count(0)
    page.close()


def test_an_agency_desk_that_addresses_citizens_invites_cong_dan(
    demo: DemoServer, browser: Browser
):
    office = office_of(demo)
    admin = demo.user_token("admin")
    service = f"{demo.url}/api/v1/admin/services/{office.services['V']}"

    def set_audience(audience: str) -> None:
        response = requests.patch(
            service, json={"audience": audience}, headers=bearer(admin), timeout=10
        )
        assert response.status_code == 200, response.text

    set_audience("citizen")  # Điện lực Yên Thế keeps its agency name
    lobby = open_lobby(browser, demo)
    counter = browser.new_page(viewport={"width": 1280, "height": 800})
    counter.goto(f"{demo.url}/display/counter/7?token={demo.device_token('Màn hình quầy 7')}")
    expect(counter.locator(".xc-counter")).to_have_text("QUẦY 7")
    clerk = office.clerk(7)
    ticket: dict[str, Any] = {}
    try:
        office.issue("V")
        ticket = office.call_next(7)
        assert ticket["agency"] == "Điện lực Yên Thế" and ticket["audience"] == "citizen"
        expect(lobby.locator("#call .xd-call__number")).to_have_text(ticket["number"])
        expect(lobby.locator("#call .xd-call__label")).to_have_text("MỜI CÔNG DÂN CÓ SỐ")
        expect(lobby.locator("#caption")).to_contain_text("Mời công dân có số thứ tự")
        expect(counter.locator(".xc-number")).to_have_text(ticket["number"])
        expect(counter.locator(".xc-headline")).to_have_text("MỜI CÔNG DÂN CÓ SỐ")
        # A screen that starts now renders the call from the state snapshot, the same way.
        lobby.reload()
        expect(lobby.locator("#call .xd-call__number")).to_have_text(ticket["number"])
        expect(lobby.locator("#call .xd-call__label")).to_have_text("MỜI CÔNG DÂN CÓ SỐ")
        counter.reload()
        expect(counter.locator(".xc-headline")).to_have_text("MỜI CÔNG DÂN CÓ SỐ")
    finally:
        # The demo is shared by this module's tests: counter 7 free, the desk as seeded.
        for action in ("start", "complete") if ticket else ():
            office.post(f"/tickets/{ticket['id']}/{action}", clerk)
        set_audience("customer")
        lobby.close()
        counter.close()


def test_a_page_without_a_token_asks_to_be_paired(demo: DemoServer, browser: Browser):
    page = browser.new_page()
    page.goto(f"{demo.url}/display")
    expect(page.locator("#message")).to_contain_text("chưa được ghép nối")
    page.goto(f"{demo.url}/display?token=not-a-real-token")
    expect(page.locator("#message")).to_contain_text("chưa được ghép nối")
    assert page.evaluate("localStorage.getItem('xephang.token.display')") is None
    page.close()


def test_a_revoked_screen_forgets_its_token(demo: DemoServer, browser: Browser):
    token = demo.device_token("Màn hình quầy 2")
    page = browser.new_page()
    page.goto(f"{demo.url}/display/counter/2?token={token}")
    expect(page.locator(".xc-counter")).to_have_text("QUẦY 2")
    me = requests.get(f"{demo.url}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    revoke = subprocess.run(
        [str(XEPHANG), "device", "revoke", str(me.json()["device"]["id"])],
        env=server_environment(demo.env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert revoke.returncode == 0, revoke.stderr
    expect(page.locator("#message")).to_contain_text("chưa được ghép nối", timeout=20000)
    assert page.evaluate("localStorage.getItem('xephang.token.counter_display')") is None
    page.close()


def test_lobby_screenshots_at_every_screen_size(demo: DemoServer, browser: Browser):
    office = office_of(demo)
    for prefix in "AAAHBBCCEEGTTTVV":
        office.issue(prefix)
    called = {counter: office.call_next(counter) for counter in (7, 6, 2, 5)}
    assert office.post(f"/tickets/{called[2]['id']}/start", office.clerk(2)).status_code == 200
    assert office.post("/counters/6/pause", office.clerk(6)).status_code == 200
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_lobby(browser, demo)
    expect(page.locator('[data-counter-id="6"] .xd-counter__status')).to_contain_text("Tạm dừng")
    expect(page.locator('[data-counter-id="2"] .xd-counter__status')).to_contain_text(
        "Đang phục vụ"
    )
    for width, height in SCREEN_SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("document.fonts.ready")
        layout = page.evaluate(
            """() => {
              const fits = (el) => el.scrollWidth <= el.clientWidth + 1;
              const rows = [...document.querySelectorAll('.xd-counter')];
              return {
                overflowX: document.documentElement.scrollWidth > innerWidth,
                overflowY: document.documentElement.scrollHeight > innerHeight,
                rowsInside: rows.every((r) => r.getBoundingClientRect().bottom <= innerHeight),
                numbersFit: [...document.querySelectorAll(
                  '.xd-counter__number, .xd-call__number, .xd-recent__number')].every(fits),
                callFits: (() => {
                  const panel = document.querySelector('.xd-call').getBoundingClientRect();
                  return [...document.querySelectorAll('.xd-call__body > *, .xd-caption')]
                    .every((el) => el.getBoundingClientRect().bottom <= panel.bottom + 1);
                })(),
                callNumberHeight: document.querySelector('.xd-call__number')
                  .getBoundingClientRect().height / innerHeight,
              };
            }"""
        )
        assert layout == {**layout, "overflowX": False, "overflowY": False}, (width, layout)
        assert layout["rowsInside"] and layout["numbersFit"] and layout["callFits"], (width, layout)
        assert layout["callNumberHeight"] > 0.15, "the called number is not big enough"
        page.screenshot(path=str(ARTIFACTS / f"display-{width}x{height}.png"))
    page.close()


def test_lost_server_shows_banner_then_recovers_with_fresh_state(browser: Browser):
    with demo_server() as demo:
        office = office_of(demo)
        page = open_lobby(browser, demo)
        banner = page.locator("#offline")
        expect(banner).to_be_hidden()
        port = int(demo.url.rsplit(":", 1)[1])
        demo.server.stop()
        stopped = time.monotonic()
        expect(banner).to_be_visible(timeout=5000)
        expect(banner).to_contain_text("Mất kết nối")
        assert time.monotonic() - stopped < 5
        page.screenshot(path=str(ARTIFACTS / "display-offline.png"))
        log = demo.server.log_path.with_name("server-restarted.log")
        with running_server(demo.env, port, log_path=log):
            office.issue("E")
            ticket = office.call_next(5)  # may happen before the display is back
            expect(banner).to_be_hidden(timeout=15000)
            expect(page.locator('[data-counter-id="5"] .xd-counter__number')).to_have_text(
                ticket["number"]
            )
            expect(page.locator("#call .xd-call__number")).to_have_text(ticket["number"])
        page.close()


LOBBY_NOW = """() => {
  const caption = document.getElementById('caption');
  return {
    spoken: window.xephangDisplay.spoken,
    number: document.querySelector('#call .xd-call__number')?.textContent ?? null,
    caption: caption.hidden ? '' : caption.textContent,
    played: window.xephangDisplay.playedUrls,
  };
}"""


def test_the_headline_falls_back_when_its_call_no_longer_holds(browser: Browser):
    with demo_server() as demo:
        office = office_of(demo)
        for prefix in "AE":
            office.issue(prefix)
        page = open_lobby(browser, demo)
        headline = page.locator("#call .xd-call__number")
        e = office.call_next(5)
        a = office.call_next(1)
        expect(page.locator('[data-counter-id="1"] .xd-counter__number')).to_have_text(a["number"])
        # Counter 1 parks A001 (before its call is even said) and pauses: nobody is sent there.
        assert office.post(f"/tickets/{a['id']}/park", office.clerk(1)).status_code == 200
        assert office.post("/counters/1/pause", office.clerk(1)).status_code == 200
        expect(page.locator('[data-counter-id="1"] .xd-counter__status')).to_have_text("Tạm dừng")
        expect(headline).to_have_text(e["number"])
        expect(page.locator("#call .xd-call__counter")).to_have_text("ĐẾN QUẦY SỐ 5")
        expect(page.locator("#recent .xd-recent__number")).to_have_text([e["number"]])
        # E001 does not come: recalled, then marked absent. No call holds: the welcome.
        clerk = office.clerk(5)
        assert office.post(f"/tickets/{e['id']}/recall", clerk).status_code == 200
        assert office.post(f"/tickets/{e['id']}/no-show", clerk).status_code == 200
        expect(page.locator("#call .xd-call__label")).to_have_text("XIN KÍNH CHÀO QUÝ KHÁCH")
        expect(headline).to_have_count(0)
        absent = page.locator("#recent .xd-recent__item--absent")
        expect(absent.locator(".xd-recent__number")).to_have_text(e["number"])
        expect(absent.locator(".xd-recent__absent")).to_have_text("Vắng mặt")
        played = page.evaluate("window.xephangDisplay.playedUrls")
        assert not any(f"number={a['number']}&" in url for url in played), played
        page.screenshot(path=str(ARTIFACTS / "display-headline-fallback.png"))
        page.close()


def test_a_burst_of_seven_calls_is_spoken_under_one_chime_each_under_its_number(
    browser: Browser,
):
    with demo_server() as demo:
        office = office_of(demo)
        for prefix in "AAHBCEGTV":
            office.issue(prefix)
        clerks = {counter: office.clerk(counter) for counter in range(1, 8)}
        page = open_lobby(browser, demo)
        called = {}
        for counter in range(1, 8):  # seven counters call at opening time
            response = office.post(f"/counters/{counter}/call-next", clerks[counter])
            assert response.status_code == 200, response.text
            called[counter] = response.json()
        # Counter 4 parks its ticket before the voice comes to it.
        assert office.post(f"/tickets/{called[4]['id']}/park", clerks[4]).status_code == 200
        numbers = [called[counter]["number"] for counter in (1, 2, 3, 5, 6, 7)]
        ARTIFACTS.mkdir(exist_ok=True)
        seen: list[dict[str, Any]] = []
        deadline = time.monotonic() + 90  # a safety net, not a timing
        now = page.evaluate(LOBBY_NOW)
        while not (len(now["played"]) == 6 and now["spoken"] is None):
            assert time.monotonic() < deadline, now
            if now["spoken"]:
                # Whatever the moment, the headline and its caption are the call being said.
                assert now["number"] == now["spoken"]["number"], now
                assert now["caption"] == now["spoken"]["text"], now
                if not seen or seen[-1]["number"] != now["number"]:
                    seen.append(now["spoken"])
                    page.screenshot(path=str(ARTIFACTS / f"display-burst-{len(seen)}.png"))
            page.wait_for_timeout(40)  # a sampling interval, not a wait for the condition
            now = page.evaluate(LOBBY_NOW)
        played = now["played"]
        assert [parse_qs(urlsplit(url).query)["number"][0] for url in played] == numbers
        # One chime: the first call on its own, the others in their short form, signed as such.
        assert ["follow=1" in url for url in played] == [False] + [True] * 5
        assert [spoken["number"] for spoken in seen] == numbers
        assert seen[0]["text"].startswith("Mời công dân có số thứ tự")
        assert seen[1]["text"].endswith("đến quầy số hai") and seen[1]["chime"] is False
        for url in played[:2]:
            response = requests.get(demo.url + url, timeout=30)
            assert response.status_code == 200 and response.content[:4] == b"RIFF"
        # The counters showed the live state all along; the parked ticket left its counter.
        expect(page.locator('[data-counter-id="4"] .xd-counter__number')).to_have_text("—")
        expect(page.locator("#call .xd-call__number")).to_have_text(called[7]["number"])
        page.close()


SECONDARY_TEXT = [
    ".xd-counter__status",
    ".xd-recent__counter",
    ".xd-recent__time",
    ".xd-recent__absent",
    ".xd-waiting__name",
    ".xd-caption",
]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_the_lobby_secondary_text_is_legible_from_five_metres(
    browser: Browser, width: int, height: int
):
    with demo_server() as demo:
        office = office_of(demo)
        for prefix in "AAHBCEGTV":
            office.issue(prefix)
        context = browser.new_context(viewport={"width": width, "height": height})
        # The voice never ends here, so the caption of a long recall stays on screen to measure.
        context.add_init_script("HTMLMediaElement.prototype.play = () => Promise.resolve();")
        page = context.new_page()
        page.goto(f"{demo.url}/display?token={demo.device_token(LOBBY)}")
        expect(page.locator(".xd-counter").first).to_be_visible()
        called = {counter: office.call_next(counter) for counter in range(1, 8)}
        clerk = office.clerk(2)
        assert office.post(f"/tickets/{called[2]['id']}/recall", clerk).status_code == 200
        assert office.post(f"/tickets/{called[2]['id']}/no-show", clerk).status_code == 200
        expect(page.locator(".xd-recent__absent")).to_have_count(1)
        expect(page.locator("#caption")).to_have_text(
            "Mời công dân có số thứ tự a một đến quầy số một"
        )
        page.evaluate("document.fonts.ready")
        layout = page.evaluate(
            """(selectors) => {
              // Boxes as laid out: the flashing number's pulse (a transform) is not layout.
              document.getAnimations().forEach((animation) => animation.cancel());
              const sizes = {};
              for (const selector of selectors) {
                sizes[selector] = [...document.querySelectorAll(selector)]
                  .map((el) => parseFloat(getComputedStyle(el).fontSize) / innerHeight);
              }
              const outside = (selector, box) => [...document.querySelectorAll(selector)]
                .filter((el) => {
                  const r = el.getBoundingClientRect();
                  const b = el.closest(box).getBoundingClientRect();
                  return r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.right > b.right + 1;
                }).map((el) => el.textContent);
              const clamped = [...document.querySelectorAll(
                  '.xd-waiting__name, .xd-recent__where > *, .xd-caption, .xd-call__label')]
                .filter((el) => {
                  const line = parseFloat(getComputedStyle(el).fontSize);
                  return el.scrollWidth > el.clientWidth + 1
                    || el.scrollHeight > el.clientHeight + 0.3 * line;
                })
                .map((el) => el.textContent);
              // The headline's lines and the caption below them, top to bottom, none on another.
              const card = document.querySelector('.xd-call').getBoundingClientRect();
              const lines = [...document.querySelectorAll('.xd-call__body > *, .xd-caption')]
                .map((el) => el.getBoundingClientRect());
              const stacked = lines
                .every((r, i) => r.top >= (i ? lines[i - 1].bottom : card.top) - 1);
              return {
                sizes,
                stacked,
                scrolls: document.documentElement.scrollWidth > innerWidth
                  || document.documentElement.scrollHeight > innerHeight,
                outside: [
                  ...outside('.xd-recent__item > *', '.xd-recent__item'),
                  ...outside('.xd-recent__item', '.xd-recent'),
                  ...outside('.xd-waiting__item', '.xd-waiting'),
                  ...outside('.xd-counter', '.xd-counters'),
                  ...outside('.xd-call__body > *, .xd-caption', '.xd-call'),
                ],
                clamped,
              };
            }""",
            SECONDARY_TEXT,
        )
        page.screenshot(path=str(ARTIFACTS / f"display-legible-{width}x{height}.png"))
        for selector, sizes in layout["sizes"].items():
            assert sizes, f"nothing matches {selector}"
            # 2.8 % of the screen's height: a 13-15 mm capital on a 55-65" TV, read at 5 m
            # with 6/12 sight.
            assert min(sizes) >= 0.028 - 0.0005, (selector, min(sizes) * height)
        expected = {"stacked": True, "scrolls": False, "outside": [], "clamped": []}
        assert layout == {**layout, **expected}, layout
        context.close()
