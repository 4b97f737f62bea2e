"""The touch kiosk in Chromium against the real server, the real print agent and a fake printer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from browser_support import ARTIFACTS, DemoServer, demo_server
from playwright.sync_api import Browser, Page, expect
from printer_support import FakePrinter, read_qr
from sqlalchemy import select
from sqlalchemy.orm import Session
from support_server import running_server

from kiosk.agent import PrintAgent, Settings
from server.db import make_engine
from server.models import Device, Service, Ticket
from server.printing.escpos_decode import decode

pytestmark = [pytest.mark.browser, pytest.mark.server]

KIOSK = "Kiosk sảnh chính"
AGENT_SETTINGS = Settings(status_interval=0.5, retry_interval=0.5, retry_for=120)


def in_database(demo: DemoServer, work: Callable[[Session], Any]) -> Any:
    """Run `work` in a session on the demo's database and commit."""
    engine = make_engine(demo.database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            result = work(session)
            session.commit()
            return result
    finally:
        engine.dispose()


def use_print_agent(demo: DemoServer) -> None:
    """The demo kiosk prints through its agent (the demo itself prints to a dummy printer)."""

    def update(session: Session) -> None:
        kiosk = session.scalars(select(Device).where(Device.name == KIOSK)).one()
        kiosk.settings = {"printer": "agent", "paper_width": 576}

    in_database(demo, update)


def ticket_by_number(demo: DemoServer, number: str) -> Ticket | None:
    """Today's ticket with that number in the demo district office."""
    return in_database(
        demo, lambda s: s.scalars(select(Ticket).where(Ticket.number == number)).first()
    )


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    """The demo office with its kiosk switched to the print agent."""
    with demo_server() as server:
        use_print_agent(server)
        yield server


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    """A fake network printer on 127.0.0.1."""
    fake = FakePrinter().start()
    yield fake
    fake.stop()


@pytest.fixture
def agent(demo: DemoServer, printer: FakePrinter) -> Iterator[PrintAgent]:
    """The real print agent of the demo kiosk, printing on the fake printer."""
    running = PrintAgent(demo.url, demo.device_token(KIOSK), printer.url, AGENT_SETTINGS)
    running.start()
    deadline = time.monotonic() + 15
    while not running.sio.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.sio.connected
    yield running
    running.stop()


def open_kiosk(browser: Browser, demo: DemoServer, width: int = 1920, height: int = 1080) -> Page:
    """The kiosk page, paired by its link, with its services on screen."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{demo.url}/kiosk?token={demo.device_token(KIOSK)}")
    expect(page.locator("#services .xk-service").first).to_be_visible()
    page.wait_for_function("document.fonts.check('32px \"Noto Sans\"')")
    assert "token=" not in page.url  # the token is kept, the URL cleaned
    assert errors == []
    return page


def settle(page: Page) -> None:
    """Let the kiosk's double-tap guard pass: a tap right after a screen change is ignored."""
    page.wait_for_timeout(700)


def assert_fits(page: Page) -> None:
    """Nothing on screen is cut off: the page does not scroll, the ticket card does not clip."""
    layout = page.evaluate(
        """() => {
            const card = document.querySelector('#screen-confirm:not([hidden]) .xk-ticket');
            const root = document.documentElement;
            const tall = root.scrollHeight > root.clientHeight;
            const wide = root.scrollWidth > root.clientWidth;
            const clipped = [...document.querySelectorAll('.xk-service')].filter(
                (button) => button.offsetParent && button.scrollHeight > button.clientHeight + 1
            );
            return {
                page: !tall && !wide,
                card: !card || card.scrollHeight <= card.clientHeight + 1,
                buttons: clipped.map((button) => button.innerText),
            };
        }"""
    )
    assert layout == {"page": True, "card": True, "buttons": []}


def service_button(page: Page, name: str, container: str = "#services") -> Any:
    """The button of a service by its Vietnamese name."""
    return page.locator(f"{container} .xk-service", has_text=name)


def test_a_tap_issues_a_ticket_the_agent_prints_and_an_unplugged_printer_is_shown(
    demo: DemoServer, browser: Browser, printer: FakePrinter, agent: PrintAgent
):
    page = open_kiosk(browser, demo)
    expect(page.locator("#office-name")).to_have_text("Bộ phận Một cửa huyện Yên Thế")
    expect(page.locator("#printer")).to_be_hidden()
    assert_fits(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-1920x1080.png"))

    service_button(page, "Đất đai").click()

    number = page.locator("#ticket-number")
    expect(number).to_have_text("A001")
    [data] = printer.wait_for_jobs(1)
    job = decode(data)
    image = job.image()
    image.save(ARTIFACTS / "kiosk-printed-ticket.png")
    ticket = ticket_by_number(demo, "A001")
    assert ticket is not None
    assert image.width == 576 and job.cut
    assert read_qr(image) == [f"{demo.url}/t/{ticket.public_token}"]
    expect(page.locator(".xk-print")).to_contain_text("Mời Ông/Bà nhận phiếu")
    expect(page.locator(".xk-qr__image")).to_be_visible()
    assert_fits(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-confirmation-1920x1080.png"))

    printer.stop()  # the printer is unplugged: the kiosk says so before anyone taps
    settle(page)
    page.locator("[data-action=done]").click()
    banner = page.locator("#printer")
    expect(banner).to_contain_text("Máy in không kết nối", timeout=10000)
    page.screenshot(path=str(ARTIFACTS / "kiosk-printer-offline.png"))

    settle(page)
    service_button(page, "Đất đai").click()
    expect(number).to_have_text("A002")
    failure = page.locator(".xk-print--failed")
    expect(failure).to_contain_text("KHÔNG IN ĐƯỢC PHIẾU")
    expect(failure).to_contain_text("Máy in không kết nối")
    expect(page.locator("[data-action=reprint]")).to_be_visible()
    assert_fits(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-print-failed.png"))
    lost = ticket_by_number(demo, "A002")
    assert lost is not None and lost.status == "waiting"  # committed before printing

    printer.start()  # plugged back in: the agent prints the waiting ticket by itself
    expect(page.locator(".xk-print")).to_contain_text("Mời Ông/Bà nhận phiếu", timeout=15000)
    [_, again] = printer.wait_for_jobs(2)
    assert read_qr(decode(again).image()) == [f"{demo.url}/t/{lost.public_token}"]
    expect(banner).to_be_hidden(timeout=10000)
    page.close()


def set_priority_categories(demo: DemoServer, categories: list[dict[str, Any]]) -> None:
    """The demo admin sets the kiosk's office's priority categories over the admin API."""
    office_id = in_database(
        demo, lambda s: s.scalars(select(Device.office_id).where(Device.name == KIOSK)).one()
    )
    login = requests.post(
        f"{demo.url}/api/v1/auth/token",
        json={"username": "admin", "password": "demo"},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    response = requests.put(
        f"{demo.url}/api/v1/admin/offices/{office_id}/priority-categories",
        json={"categories": categories},
        headers={"Authorization": f"Bearer {login.json()['token']}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text


def test_priority_path_in_portrait_offers_the_office_s_categories(
    demo: DemoServer, browser: Browser, agent: PrintAgent
):
    page = open_kiosk(browser, demo, 1080, 1920)
    categories = page.locator("#categories .xk-category")
    expect(page.locator(".xk-priority")).to_be_visible()  # never configured: all five
    expect(categories).to_have_count(5)
    assert_fits(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-1080x1920.png"))

    set_priority_categories(  # the kiosk hears of it live
        demo,
        [
            {"code": "disabled", "label": "Người khuyết tật", "active": True},
            {"code": "elderly", "label": "Người từ 75 tuổi", "active": True},
            {"code": "pregnant", "label": "Phụ nữ mang thai", "active": False},
            {"code": "merit", "label": "Người có công", "active": False},
            {"code": "other", "label": "Khác", "active": False},
        ],
    )
    expect(page.locator(".xk-priority__hint")).to_have_text("Người khuyết tật · Người từ 75 tuổi")
    page.locator(".xk-priority").click()
    expect(categories).to_have_text(["Người khuyết tật", "Người từ 75 tuổi"])
    settle(page)
    page.locator("[data-category=elderly]").click()
    expect(page.locator("#priority-services-title")).to_contain_text("Người từ 75 tuổi")
    settle(page)
    service_button(page, "Chứng thực", "#priority-services").click()
    expect(page.locator(".xk-ticket__priority")).to_have_text("ƯU TIÊN – Người từ 75 tuổi")
    expect(page.locator(".xk-ticket__note")).to_have_text("Vui lòng xuất trình giấy tờ tại quầy")
    number = page.locator("#ticket-number").inner_text()
    ticket = ticket_by_number(demo, number)
    assert ticket is not None and ticket.priority == "elderly"
    assert_fits(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-priority-1080x1920.png"))
    settle(page)
    page.locator("[data-action=done]").click()
    expect(page.locator("#screen-home")).to_be_visible()

    set_priority_categories(
        demo,
        [
            {"code": code, "label": code, "active": False}
            for code in ("elderly", "disabled", "pregnant", "merit", "other")
        ],
    )
    expect(page.locator(".xk-priority")).to_be_hidden()  # none enabled: no priority path
    assert_fits(page)
    set_priority_categories(  # leave the demo as it was for the other tests
        demo, [{"code": "elderly", "label": "Người cao tuổi", "active": True}]
    )
    page.close()


def test_a_double_tap_issues_one_ticket(demo: DemoServer, browser: Browser):
    page = open_kiosk(browser, demo)
    before = in_database(demo, lambda s: s.query(Ticket).count())
    service_button(page, "Xây dựng").dblclick()
    expect(page.locator("#ticket-number")).to_have_text("H001")
    page.wait_for_timeout(500)
    assert in_database(demo, lambda s: s.query(Ticket).count()) == before + 1
    page.close()


def test_english_unavailable_services_and_live_waiting_counts(demo: DemoServer, browser: Browser):
    page = open_kiosk(browser, demo)

    def deactivate(session: Session) -> None:
        session.scalars(select(Service).where(Service.prefix == "G")).first().active = False

    in_database(demo, deactivate)
    waiting = service_button(page, "Trả kết quả").locator(".xk-service__waiting")
    expect(waiting).to_have_text("Đang chờ: 0 người")
    service_id = in_database(
        demo, lambda s: s.scalars(select(Service.id).where(Service.prefix == "T")).first()
    )
    response = requests.post(  # another kiosk's ticket: this one hears of it live
        f"{demo.url}/api/v1/tickets",
        json={"service_id": service_id},
        headers={"Authorization": f"Bearer {demo.device_token(KIOSK)}"},
        timeout=10,
    )
    assert response.status_code == 201
    expect(waiting).to_have_text("Đang chờ: 1 người")
    business = service_button(page, "Đăng ký kinh doanh")
    expect(business).to_be_disabled()
    expect(business).to_contain_text("Lĩnh vực tạm ngừng")
    settle(page)
    # A citizen taps it anyway (a finger, unlike Playwright, does not wait for `enabled`): it
    # says why and what to do, and issues nothing.
    business.click(force=True)
    toast = page.locator("#toast")
    expect(toast).to_contain_text("Đăng ký kinh doanh: Lĩnh vực tạm ngừng")
    expect(toast).to_contain_text("Mời Ông/Bà liên hệ cán bộ hướng dẫn")
    expect(page.locator("#screen-home")).to_be_visible()

    page.locator("#language").click()
    expect(page.locator(".xk-title").first).to_have_text("PLEASE CHOOSE A SERVICE")
    expect(page.locator("#services")).to_contain_text("Business registration")
    expect(page.locator("#services")).to_contain_text("Service temporarily suspended")
    expect(page.locator("#language")).to_have_text("Tiếng Việt")
    assert_fits(page)
    page.screenshot(path=str(ARTIFACTS / "kiosk-english.png"))
    page.close()


def test_a_page_without_a_token_asks_to_be_paired(demo: DemoServer, browser: Browser):
    page = browser.new_page()
    page.goto(f"{demo.url}/kiosk")
    expect(page.locator("#message")).to_contain_text("chưa được ghép nối")
    page.close()


def overlaps(page: Page, first: str, second: str) -> bool:
    """Whether two elements' boxes on screen overlap."""
    return bool(
        page.evaluate(
            """([first, second]) => {
                const a = document.querySelector(first).getBoundingClientRect();
                const b = document.querySelector(second).getBoundingClientRect();
                return a.top < b.bottom && b.top < a.bottom && a.left < b.right && b.left < a.right;
            }""",
            [first, second],
        )
    )


def background(page: Page, selector: str) -> str:
    """The computed background colour of the first element matching `selector`."""
    return str(
        page.evaluate(
            "(selector) => getComputedStyle(document.querySelector(selector)).backgroundColor",
            selector,
        )
    )


def test_an_offline_kiosk_looks_offline_and_hides_nothing_behind_its_banner(browser: Browser):
    with demo_server() as demo:
        page = open_kiosk(browser, demo, 1080, 1920)
        banner = page.locator("#offline")
        expect(banner).to_be_hidden()
        live_tile = background(page, "#services .xk-service")
        live_priority = background(page, ".xk-priority")
        page.locator(".xk-priority").click()  # a citizen is on the priority path when it drops
        expect(page.locator("#categories .xk-category").first).to_be_enabled()
        port = int(demo.url.rsplit(":", 1)[1])

        demo.server.stop()

        expect(banner).to_be_visible(timeout=5000)
        expect(banner).to_contain_text("Mất kết nối")
        expect(banner).to_contain_text("chờ giây lát hoặc liên hệ cán bộ hướng dẫn")
        expect(page.locator("#categories .xk-category").first).to_be_disabled()
        assert not overlaps(page, "#offline", "#screen-priority .xk-back")  # picture 18b
        assert_fits(page)
        settle(page)
        page.locator("#screen-priority .xk-back").click()
        expect(page.locator("#screen-home")).to_be_visible()
        priority = page.locator(".xk-priority")
        expect(priority).to_be_disabled()  # no path onto tiles that issue nothing
        expect(service_button(page, "Đất đai")).to_be_disabled()
        assert background(page, "#services .xk-service") != live_tile  # not like a live one
        assert background(page, ".xk-priority") != live_priority
        assert not overlaps(page, "#offline", ".xk-priority")  # picture 18
        assert_fits(page)
        page.screenshot(path=str(ARTIFACTS / "kiosk-offline.png"))

        log = demo.server.log_path.with_name("server-restarted.log")
        with running_server(demo.env, port, log_path=log):
            expect(banner).to_be_hidden(timeout=15000)
            expect(service_button(page, "Đất đai")).to_be_enabled()
            expect(priority).to_be_enabled()
            assert background(page, "#services .xk-service") == live_tile
            settle(page)
            service_button(page, "Đất đai").click()
            expect(page.locator("#ticket-number")).to_have_text("A001")
        page.close()
