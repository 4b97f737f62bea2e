"""The clerk console and rating tablet in Chromium against the real server with the demo office:
kiosk → console → displays → rating → report, double clicks, keyboard only, other offices."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from browser_support import ARTIFACTS, KIOSK, DemoServer, bearer
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect
from printer_support import read_qr

pytestmark = [pytest.mark.browser, pytest.mark.server]

LOBBY = "Màn hình sảnh"
OFFICE_ID = 1  # the demo district office


def services(demo: DemoServer) -> dict[str, int]:
    """Service ids of the demo district by prefix."""
    response = requests.get(
        f"{demo.url}/api/v1/offices/{OFFICE_ID}/services",
        headers=bearer(demo.device_token(KIOSK)),
        timeout=10,
    )
    return {service["prefix"]: service["id"] for service in response.json()}


def issue(demo: DemoServer, prefix: str, priority: str | None = None) -> dict[str, Any]:
    """A ticket from the demo kiosk."""
    fields = {"priority": priority} if priority else {}
    return demo.issue(services(demo)[prefix], **fields)


def office_state(demo: DemoServer) -> dict[str, Any]:
    """The office snapshot, as the lobby display reads it."""
    response = requests.get(
        f"{demo.url}/api/v1/offices/{OFFICE_ID}/state",
        headers=bearer(demo.device_token(LOBBY)),
        timeout=10,
    )
    return dict(response.json())


def counter_of(demo: DemoServer, counter_id: int) -> dict[str, Any]:
    """One counter of the snapshot."""
    return next(c for c in office_state(demo)["counters"] if c["id"] == counter_id)


def ticket(demo: DemoServer, ticket_id: int, token: str) -> dict[str, Any]:
    """A ticket with its events."""
    response = requests.get(
        f"{demo.url}/api/v1/tickets/{ticket_id}", headers=bearer(token), timeout=10
    )
    return dict(response.json())


def wait_until(read: Callable[[], Any], check: Callable[[Any], bool], timeout: float = 10.0) -> Any:
    """Read until `check` accepts the value (for server-side state that has no page to watch)."""
    deadline = time.monotonic() + timeout
    value = read()
    while not check(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"still {value!r} after {timeout} s")
        time.sleep(0.1)  # a polling interval, not a wait for the condition
        value = read()
    return value


def sign_in(context: BrowserContext, demo: DemoServer, username: str, counter: int) -> Page:
    """Open the console, log in with the mouse and pick a counter; the console is ready."""
    page = context.new_page()
    page.goto(f"{demo.url}/counter")
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.click("#login-submit")
    page.click(f'[data-choose-counter="{counter}"]')
    expect(page.locator("#counter-status .cc-status--open")).to_be_visible()
    expect(page.locator('[data-action="next"]')).to_be_enabled()
    return page


def current_number(page: Page) -> Any:
    """The number on the console's big card."""
    return page.locator("#current .cc-current__number")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (cookies, localStorage) per test, at the console's screen size."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    yield context
    context.close()


def test_kiosk_console_displays_and_rating_reach_the_report(
    demo: DemoServer, context: BrowserContext, browser: Browser
) -> None:
    first = issue(demo, "A")
    issue(demo, "A", priority="elderly")
    issue(demo, "A")

    lobby = context.new_page()
    lobby.goto(f"{demo.url}/display?token={demo.device_token(LOBBY)}")
    counter_screen = context.new_page()
    counter_screen.goto(
        f"{demo.url}/display/counter/1?token={demo.device_token('Màn hình quầy 1')}"
    )
    tablet_context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
    tablet = tablet_context.new_page()
    tablet.goto(f"{demo.url}/counter/1/rating?token={demo.device_token('Máy đánh giá quầy 1')}")
    expect(tablet.locator(".rt-idle__number")).to_have_text("Quầy 1")
    assert "token=" not in tablet.url, "the pairing token is removed from the address bar"

    console = sign_in(context, demo, "canbo1", 1)
    # Opening the counter seats the clerk: the tablet names them.
    expect(tablet.locator(".rt-idle__clerk")).to_have_text("Nguyễn Văn Hùng")
    expect(console.locator("#line .cc-row")).to_have_count(3)
    # The line is in call order: the elderly citizen first.
    expect(console.locator("#line .cc-row__number").first).to_have_text("A002")
    expect(lobby.locator("body")).not_to_contain_text("A002")

    console.click('[data-action="next"]')
    expect(current_number(console)).to_have_text("A002")
    expect(console.locator("#current")).to_contain_text("Người cao tuổi")
    expect(lobby.locator("body")).to_contain_text("A002")
    expect(counter_screen.locator("body")).to_contain_text("A002")
    snapshot = office_state(demo)
    assert snapshot["recent_calls"][0]["number"] == "A002"
    assert counter_of(demo, 1)["ticket"]["status"] == "called"

    console.click('[data-action="start"]')
    expect(console.locator(".cc-current--serving")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    console.wait_for_timeout(1100)  # let the running timer tick once for the picture
    console.screenshot(path=str(ARTIFACTS / "console-1920x1080.png"))

    console.click('[data-action="complete"]')
    expect(console.locator(".cc-current--empty")).to_be_visible()
    expect(console.locator("#figures .cc-figure__value").first).to_have_text("1")
    for label in ("Rất hài lòng", "Hài lòng", "Không hài lòng"):
        expect(tablet.get_by_role("button", name=label, exact=True)).to_be_visible()
    expect(tablet.locator(".rt-ask__question")).to_have_text(
        "Ông/Bà đánh giá thế nào về việc tiếp nhận, giải quyết tại quầy?"
    )
    expect(tablet.locator(".rt-ask__ticket")).to_contain_text("A002")
    tablet.screenshot(path=str(ARTIFACTS / "rating-tablet-1280x800.png"))
    tablet.get_by_role("button", name="Hài lòng", exact=True).tap()
    expect(tablet.locator(".rt-thanks")).to_be_visible()

    manager = demo.user_token("quanly")

    def counter_ratings() -> dict[str, int]:
        report = requests.get(
            f"{demo.url}/api/v1/reports/summary",
            params={"office_id": OFFICE_ID},
            headers=bearer(manager),
            timeout=10,
        ).json()
        row = next(r for r in report["by_counter"] if r["counter_id"] == 1)
        return dict(row["ratings"])

    ratings = wait_until(counter_ratings, lambda r: sum(r.values()) > 0)
    assert ratings == {"very_satisfied": 0, "satisfied": 1, "dissatisfied": 0}
    assert first["number"] == "A001"  # still waiting: it was not the rule's first choice
    expect(console.locator("#line .cc-row__number").first).to_have_text("A001")
    tablet_context.close()


def test_a_double_click_on_call_next_calls_exactly_one_ticket(
    demo: DemoServer, context: BrowserContext
) -> None:
    for _ in range(3):
        issue(demo, "B")
    console = sign_in(context, demo, "canbo3", 3)
    expect(console.locator("#line .cc-row")).to_have_count(3)
    seq_before = office_state(demo)["seq"]

    console.dblclick('[data-action="next"]')
    expect(current_number(console)).to_have_text("B001")
    expect(console.locator("#line .cc-row")).to_have_count(2)
    console.wait_for_timeout(500)  # room for a wrongly sent second call to land
    snapshot = office_state(demo)
    called = [c for c in snapshot["recent_calls"] if c["counter_id"] == 3]
    assert [c["number"] for c in called] == ["B001"]
    waiting_b = next(w for w in snapshot["waiting"] if w["prefix"] == "B")["waiting"]
    assert waiting_b == 2
    # Exactly one call event (and no refused command) between the two snapshots.
    assert snapshot["seq"] == seq_before + 1

    # A second tab of the same clerk: its call-next is refused with the server's reason.
    second = context.new_page()
    second.goto(f"{demo.url}/counter")
    expect(current_number(second)).to_have_text("B001")
    expect(second.locator('[data-action="next"]')).to_be_disabled()
    second.keyboard.press("F1")  # still refused on the page: the ticket is only called
    expect(second.locator("#message")).to_contain_text("B001")
    assert office_state(demo)["seq"] == seq_before + 1


def test_a_stale_screen_shows_the_servers_message(
    demo: DemoServer, context: BrowserContext
) -> None:
    issue(demo, "C")
    console = sign_in(context, demo, "canbo4", 4)
    console.keyboard.press("F1")
    expect(current_number(console)).to_have_text("C001")
    called = console.evaluate("window.xephangConsole.data.counter.ticket")
    # The screen stops hearing the server; meanwhile the ticket is served elsewhere.
    console.evaluate("window.xephangConsole.live.socket.disconnect()")
    clerk = demo.user_token("canbo4")
    for action in ("start", "complete"):
        response = requests.post(
            f"{demo.url}/api/v1/tickets/{called['id']}/{action}", headers=bearer(clerk), timeout=10
        )
        assert response.status_code == 200, response.text
    console.keyboard.press("r")  # recall a ticket that is already done
    message = console.locator("#message.cc-message--error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("Không thể gọi lại")
    # The console then shows the truth: nothing at the counter.
    expect(console.locator(".cc-current--empty")).to_be_visible()
    console.keyboard.press("Escape")
    expect(message).to_be_hidden()


def test_a_full_round_from_the_keyboard_alone(demo: DemoServer, context: BrowserContext) -> None:
    for _ in range(4):
        issue(demo, "E")
    clerk = demo.user_token("canbo5")
    page = context.new_page()
    page.goto(f"{demo.url}/counter")
    expect(page.locator("#username")).to_be_focused()
    page.keyboard.type("canbo5")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    expect(page.locator("#choices")).to_be_visible()
    page.keyboard.press("Digit5")
    expect(page.locator("#counter-status .cc-status--open")).to_be_visible()
    expect(page.locator("#line .cc-row")).to_have_count(4)
    expect(page.locator("#legend")).to_contain_text("Gọi tiếp")

    # Call, recall, no-show.
    page.keyboard.press("F1")
    expect(current_number(page)).to_have_text("E001")
    first_id = page.evaluate("window.xephangConsole.data.counter.ticket.id")
    page.keyboard.press("v")  # not before a recall: refused on the page with the reason
    expect(page.locator("#message")).to_contain_text("gọi lại")
    page.keyboard.press("r")
    expect(page.locator("#current")).to_contain_text("đã gọi lại 1 lần")
    page.keyboard.press("v")
    expect(page.locator(".cc-current--empty")).to_be_visible()
    assert ticket(demo, first_id, clerk)["status"] == "no_show"

    # Space calls the next one; start; transfer to another counter with the picker.
    page.keyboard.press("Space")
    expect(current_number(page)).to_have_text("E002")
    page.keyboard.press("b")
    expect(page.locator(".cc-current--serving")).to_be_visible()
    second_id = page.evaluate("window.xephangConsole.data.counter.ticket.id")
    page.keyboard.press("c")
    dialog = page.locator("#transfer-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("input:checked")).to_have_count(0)  # chosen on purpose, below
    counter_two = dialog.locator('input[value="counter:2"]')
    for _ in range(20):  # arrows walk the services, then the counters
        if counter_two.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(counter_two).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator(".cc-current--empty")).to_be_visible()
    moved = ticket(demo, second_id, clerk)
    assert (moved["status"], moved["target_counter_id"]) == ("waiting", 2)

    # Park, then continue: the parked ticket comes back first in this counter's line.
    page.keyboard.press("F1")
    expect(current_number(page)).to_have_text("E003")
    page.keyboard.press("g")
    expect(page.locator("#parked .cc-row__number")).to_have_text(["E003"])
    expect(page.locator('[data-action="park"]')).to_contain_text("Tiếp tục")
    page.keyboard.press("g")
    expect(page.locator("#parked .cc-row")).to_have_count(0)
    expect(page.locator("#line .cc-row__number").first).to_have_text("E003")
    page.keyboard.press("F1")
    expect(current_number(page)).to_have_text("E003")
    page.keyboard.press("b")
    expect(page.locator(".cc-current--serving")).to_be_visible()
    page.keyboard.press("h")
    expect(page.locator(".cc-current--empty")).to_be_visible()

    # Pause for a break and open again.
    page.keyboard.press("p")
    expect(page.locator("#counter-status .cc-status--paused")).to_be_visible()
    expect(page.locator('[data-action="pause"]')).to_contain_text("Tiếp tục làm việc")
    page.keyboard.press("p")
    expect(page.locator("#counter-status .cc-status--open")).to_be_visible()

    # Reception: a priority ticket for a citizen at the desk, printed at the kiosk.
    page.keyboard.press("n")
    issue_dialog = page.locator("#issue-dialog")
    expect(issue_dialog).to_be_visible()
    expect(issue_dialog.locator('input[name="service"]:checked')).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#issue-priority")).to_be_focused()
    page.keyboard.press("ArrowDown")  # Người cao tuổi
    page.keyboard.press("Enter")
    expect(page.locator("#issue-result")).to_be_visible()
    expect(page.locator(".cc-issued__number")).to_have_text("E005")
    expect(page.locator("#issue-result")).to_contain_text(KIOSK)
    page.keyboard.press("Escape")
    expect(issue_dialog).to_be_hidden()
    expect(page.locator("#line .cc-row__number").first).to_have_text("E005")
    issued = page.evaluate("window.xephangConsole.data.waiting[0]")
    assert (issued["number"], issued["priority"], issued["channel"]) == (
        "E005",
        "elderly",
        "reception",
    )

    # "Gọi số này" by Tab and Enter: E004, passing over the priority ticket.
    target = page.locator("#line .cc-row", has_text="E004").locator("[data-call-ticket]")
    for _ in range(40):
        if page.evaluate("document.activeElement.dataset.callTicket") == target.get_attribute(
            "data-call-ticket"
        ):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never reached the E004 row")
    page.keyboard.press("Enter")
    expect(current_number(page)).to_have_text("E004")


def test_an_unprinted_reception_ticket_shows_a_qr_code_the_citizen_can_follow(
    demo: DemoServer, context: BrowserContext
) -> None:
    console = sign_in(context, demo, "canbo6", 6)
    console.keyboard.press("n")
    expect(console.locator("#issue-dialog")).to_be_visible()
    console.select_option("#issue-printer", "")  # "Không in – đọc số cho công dân"
    console.click("#issue-submit")
    qr = console.locator(".cc-issued__qr img")
    expect(qr).to_be_visible()
    expect(console.locator(".cc-issued__qr")).to_contain_text("Công dân quét mã")
    console.wait_for_function("() => document.querySelector('.cc-issued__qr img').complete")
    box = console.locator("#issue-dialog").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 1080  # all of it on the screen
    console.screenshot(path=str(ARTIFACTS / "console-reception-qr.png"))
    [url] = read_qr(Image.open(io.BytesIO(qr.screenshot())))
    assert url.startswith(f"{demo.url}/t/")
    number = console.locator(".cc-issued__number").inner_text()
    phone = requests.get(f"{demo.url}/api/v1/public/tickets/{url.rsplit('/', 1)[1]}", timeout=10)
    assert phone.json()["number"] == number


def test_a_clerk_of_another_office_is_refused_with_a_code(demo: DemoServer) -> None:
    commune_clerk = demo.user_token("tanhiep1")  # Tân Hiệp, a child office of the district
    for method, path in (
        ("post", "/counters/1/call-next"),
        ("post", "/counters/1/open"),
        ("get", "/counters/1/queue"),
        ("get", f"/offices/{OFFICE_ID}/printers"),
    ):
        response = requests.request(
            method, f"{demo.url}/api/v1{path}", headers=bearer(commune_clerk), timeout=10
        )
        assert response.status_code == 403, (path, response.text)
        error = response.json()["error"]
        assert error["code"] == "forbidden"
        assert error["message"]


@pytest.fixture
def office_pc(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile on a smaller office PC (1366×768), where the console must still fit."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    yield context
    context.close()


# Choices of an open dialog that a clerk cannot see or click where they are: outside the
# window, outside the dialog's visible body, or under something else. Empty when all are usable.
UNREACHABLE = """(dialog) => {
  const body = dialog.querySelector('.cc-dialog__body').getBoundingClientRect();
  const hidden = [];
  const check = (element, within) => {
    const box = element.getBoundingClientRect();
    const inside = box.top >= within.top && box.bottom <= within.bottom
      && box.left >= within.left && box.right <= within.right;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (!inside || !element.contains(hit)) hidden.push(element.textContent.trim());
  };
  const screen = { top: 0, left: 0, bottom: innerHeight, right: innerWidth };
  for (const option of dialog.querySelectorAll('.cc-option')) check(option, body);
  for (const button of dialog.querySelectorAll('form .cc-dialog__bar button')) {
    check(button, screen);
  }
  return hidden;
}"""


def test_on_a_paused_counter_f1_and_space_explain_and_only_p_ends_the_break(
    demo: DemoServer, office_pc: BrowserContext
) -> None:
    waiting = issue(demo, "V")
    page = sign_in(office_pc, demo, "canbo7", 7)
    expect(page.locator("#line .cc-row__number", has_text=waiting["number"])).to_be_visible()
    page.keyboard.press("p")
    expect(page.locator("#counter-status .cc-status--paused")).to_have_text("Tạm dừng")
    # The headline agrees with the pill and names the key that ends the break.
    expect(page.locator(".cc-current__ready")).to_have_text("Quầy đang tạm dừng")
    expect(page.locator(".cc-current__help")).to_contain_text("Tiếp tục làm việc")
    resume = page.locator('[data-action="pause"]')
    expect(resume).to_contain_text("Tiếp tục làm việc")
    expect(page.locator('[data-action="next"]')).to_be_disabled()
    expect(page.locator(f'[data-call-ticket="{waiting["id"]}"]')).to_be_disabled()
    seq = office_state(demo)["seq"]

    for key in ("F1", "Space"):
        page.keyboard.press(key)
        expect(page.locator("#message")).to_contain_text("Quầy đang tạm dừng")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-paused-1366x768.png"))
    page.wait_for_timeout(300)  # room for a wrongly sent call to land
    assert counter_of(demo, 7)["status"] == "paused"
    assert counter_of(demo, 7)["ticket"] is None
    assert office_state(demo)["seq"] == seq  # nothing was sent

    page.keyboard.press("p")  # the break ends on purpose
    expect(page.locator("#counter-status .cc-status--open")).to_be_visible()
    page.keyboard.press("F1")
    expect(current_number(page)).to_have_text(waiting["number"])
    page.keyboard.press("b")
    expect(page.locator(".cc-current--serving")).to_be_visible()
    page.keyboard.press("h")
    expect(page.locator(".cc-current--empty")).to_be_visible()


def test_at_1366x768_every_choice_is_in_sight_and_a_reflex_enter_transfers_nobody(
    demo: DemoServer, office_pc: BrowserContext
) -> None:
    called = issue(demo, "V")
    page = sign_in(office_pc, demo, "canbo7", 7)
    page.keyboard.press("F1")
    expect(current_number(page)).to_have_text(called["number"])

    page.keyboard.press("c")
    dialog = page.locator("#transfer-dialog")
    expect(dialog).to_be_visible()
    options = dialog.locator('input[name="target"]')
    expect(options).to_have_count(7 + 6)  # the other services, the other counters
    expect(dialog.locator("input:checked")).to_have_count(0)
    expect(options.first).to_be_focused()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-transfer-1366x768.png"))
    assert dialog.evaluate(UNREACHABLE) == []

    page.keyboard.press("Enter")  # the reflex "C, Enter": nothing is sent, the dialog says why
    expect(dialog.locator(".cc-error")).to_have_text(
        "Chưa chọn nơi chuyển đến: hãy chọn một lĩnh vực hoặc một quầy, rồi nhấn Enter."
    )
    expect(dialog).to_be_visible()
    assert counter_of(demo, 7)["ticket"]["number"] == called["number"]

    dialog.get_by_text("Quầy 6 – Trả kết quả").click()  # the last choice, clicked where it is
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator(".cc-current--empty")).to_be_visible()
    clerk = demo.user_token("canbo7")
    moved = ticket(demo, called["id"], clerk)
    assert (moved["status"], moved["target_counter_id"]) == ("waiting", 6)

    page.keyboard.press("n")
    reception = page.locator("#issue-dialog")
    expect(reception).to_be_visible()
    expect(reception.locator('input[name="service"]')).to_have_count(8)
    page.screenshot(path=str(ARTIFACTS / "console-reception-1366x768.png"))
    assert reception.evaluate(UNREACHABLE) == []
    page.keyboard.press("Escape")
    expect(reception).to_be_hidden()
