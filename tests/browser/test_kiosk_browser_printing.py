"""Kiosk printing in Chromium: a `browser:` kiosk prints from the page (as a PDF here); a kiosk
whose printer the server drives hears of its prints and of a dead printer."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_support import KIOSK, DemoServer
from PIL import Image
from playwright.sync_api import Browser, Page, Route, WebSocket, expect
from printer_support import fake_printer, read_qr
from sqlalchemy import select
from sqlalchemy.orm import Session
from waiting import wait_until

from server.db import make_engine
from server.models import Device, PrintJob

pytestmark = [pytest.mark.browser, pytest.mark.server]

POINTS_PER_MM = 72 / 25.4
# Counts calls instead of opening a dialog; what #printout held then is what went to paper.
STUB_PRINT = """
window.__prints = [];
window.print = () => window.__prints.push(document.getElementById('printout').textContent);
"""


def set_kiosk_printer(
    demo: DemoServer, settings: dict[str, object], *, printer_status: object = "keep"
) -> None:
    """Give the demo kiosk these printer settings (and forget its printer's state if asked)."""
    engine = make_engine(demo.database_url)
    try:
        with Session(engine) as session:
            kiosk = session.scalars(select(Device).where(Device.name == KIOSK)).one()
            kiosk.settings = settings
            if printer_status != "keep":
                kiosk.printer_status = printer_status
            session.commit()
    finally:
        engine.dispose()


def print_jobs(demo: DemoServer) -> int:
    """How many print jobs the server stored."""
    engine = make_engine(demo.database_url)
    try:
        with Session(engine) as session:
            return session.query(PrintJob).count()
    finally:
        engine.dispose()


@pytest.mark.parametrize(("paper_width", "paper_mm"), [(576, 80), (384, 58)])
def test_the_kiosk_page_prints_the_ticket_on_its_paper(
    demo: DemoServer, browser: Browser, tmp_path: Path, paper_width: int, paper_mm: int
):
    set_kiosk_printer(demo, {"printer": "browser:", "paper_width": paper_width})
    jobs_before = print_jobs(demo)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.add_init_script(STUB_PRINT)
    page.goto(f"{demo.url}/kiosk?token={demo.device_token(KIOSK)}")
    button = page.locator("#services .xk-service", has_text="Đất đai")
    expect(button).to_be_enabled()
    page.wait_for_timeout(700)  # the page's double-tap guard

    button.click()

    page.wait_for_function("() => window.__prints.length === 1")
    number = page.locator("#ticket-number").inner_text()
    expect(page.locator(".xk-print__title")).to_have_text("Mời Ông/Bà nhận phiếu bên dưới")
    printed_text = page.evaluate("() => window.__prints[0]")
    assert number in printed_text and "PHIẾU SỐ THỨ TỰ" in printed_text
    assert print_jobs(demo) == jobs_before  # no print job: nobody else prints this ticket
    public_url = page.evaluate(
        "() => document.querySelector('#printout img').src.match(/tickets\\/([^/]+)\\/qr.svg$/)[1]"
    )

    page.emulate_media(media="print")
    pdf = tmp_path / "ticket.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.close()

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    width, height = map(
        float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout).groups()
    )  # type: ignore[union-attr]
    assert re.search(r"Pages:\s+1\n", info.stdout)  # one ticket, one page
    assert abs(width - paper_mm * POINTS_PER_MM) < 1
    assert 60 * POINTS_PER_MM < height < 260 * POINTS_PER_MM  # a ticket, not an A4 sheet
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (number, "PHIẾU SỐ THỨ TỰ", "Đất đai", "Số người đang chờ trước", "buổi"):
        assert expected in text, text
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "page")], check=True)
    [png] = sorted(tmp_path.glob("page*.png"))
    [scanned] = read_qr(Image.open(png))
    assert scanned == f"{demo.url}/t/{public_url}"


def socket_frames(page: Page) -> list[str]:
    """The Socket.IO frames the page receives from now on (text frames, as they come)."""
    frames: list[str] = []

    def listen(socket: WebSocket) -> None:
        socket.on("framereceived", lambda data: frames.append(str(data)))

    page.on("websocket", listen)
    return frames


def held_requests(page: Page, pattern: str) -> list[Route]:
    """Requests to `pattern` are held (not sent) until the test lets each go."""
    held: list[Route] = []
    page.route(pattern, lambda route: held.append(route))
    return held


def pump(page: Page, condition: Callable[[], Any], what: str) -> Any:
    """Wait for a condition that Playwright events make true (each poll lets them in)."""

    def check() -> Any:
        page.evaluate("0")  # a round trip to the page delivers the events queued meanwhile
        return condition()

    return wait_until(check, what=what)


def open_portrait_kiosk(demo: DemoServer, browser: Browser) -> Page:
    """The demo kiosk's page on a portrait screen (1080×1920), services on screen."""
    page = browser.new_page(viewport={"width": 1080, "height": 1920})
    page.goto(f"{demo.url}/kiosk?token={demo.device_token(KIOSK)}")
    expect(page.locator("#services .xk-service").first).to_be_enabled()
    page.wait_for_timeout(700)  # the page's double-tap guard
    return page


def test_a_ticket_printed_before_the_kiosk_got_its_number_shows_as_printed(
    demo: DemoServer, browser: Browser
):
    set_kiosk_printer(demo, {"printer": "dummy:race", "paper_width": 576})  # prints at once
    page = browser.new_page(viewport={"width": 1080, "height": 1920})
    frames = socket_frames(page)
    page.goto(f"{demo.url}/kiosk?token={demo.device_token(KIOSK)}")
    button = page.locator("#services .xk-service", has_text="Điện lực Yên Thế")
    expect(button).to_be_enabled()
    page.wait_for_timeout(700)  # the page's double-tap guard
    held = held_requests(page, "**/api/v1/tickets")

    button.click()
    [issue] = pump(page, lambda: held, "the kiosk asked for a ticket")
    answer = issue.fetch()  # the server issues the ticket and prints it…
    number = answer.json()["number"]
    pump(  # …and the kiosk hears that it printed, before it hears the number
        page,
        lambda: any(f.startswith('42["print_job_updated"') and '"printed"' in f for f in frames),
        "print_job_updated reached the page",
    )
    issue.fulfill(response=answer)

    expect(page.locator("#ticket-number")).to_have_text(number)
    expect(page.locator(".xk-print")).to_have_text("Mời Ông/Bà nhận phiếu bên dưới")
    expect(page.locator(".xk-print--failed")).to_have_count(0)
    page.close()


def test_a_dead_network_printer_shows_before_the_first_tap_and_a_reprint_shows_it_tried(
    demo: DemoServer, browser: Browser
):
    with fake_printer() as printer:
        dead = printer.url
    set_kiosk_printer(demo, {"printer": dead, "paper_width": 576}, printer_status=None)
    page = open_portrait_kiosk(demo, browser)

    # Nobody has printed on it yet: the server's own check found it dead (picture 12).
    expect(page.locator("#printer")).to_contain_text("Máy in không kết nối")

    page.locator("#services .xk-service", has_text="Đất đai").click()
    failure = page.locator(".xk-print--failed")
    expect(failure).to_contain_text("KHÔNG IN ĐƯỢC PHIẾU")
    expect(failure).to_contain_text("Máy in không kết nối")
    failed_qr = qr_box(page)
    assert_screen_fits(page)

    held = held_requests(page, "**/reprint")
    page.wait_for_timeout(700)  # the double-tap guard after the screen change
    page.locator("[data-action=reprint]").click()
    busy = page.locator(".xk-reprint--busy")
    expect(busy).to_have_text("Đang in lại…")  # at once, before the server answers
    expect(busy).to_be_disabled()
    [reprint] = pump(page, lambda: held, "the kiosk asked for a reprint")
    reprint.fulfill(response=reprint.fetch())
    expect(failure).to_contain_text("Đã thử in lại nhưng vẫn chưa in được")
    expect(page.locator("[data-action=reprint]")).to_have_text("IN LẠI PHIẾU")
    expect(page.locator("[data-action=reprint]")).to_be_enabled()
    page.close()

    # The same screen with a working printer: the QR is no larger than on the failure screen,
    # where it is the citizen's only record (picture 13 had it shrink from 218 to 148 px).
    set_kiosk_printer(demo, {"printer": "dummy:", "paper_width": 576})
    page = open_portrait_kiosk(demo, browser)
    page.locator("#services .xk-service", has_text="Đất đai").click()
    expect(page.locator(".xk-print")).to_have_text("Mời Ông/Bà nhận phiếu bên dưới")
    printed_qr = qr_box(page)
    assert failed_qr["width"] >= printed_qr["width"] > 200
    page.close()


def qr_box(page: Page) -> dict[str, float]:
    """Where the confirmation's QR code is drawn, once it has loaded."""
    page.wait_for_function(
        "() => { const qr = document.querySelector('.xk-qr__image');"
        " return qr && qr.complete && qr.naturalWidth > 0; }"
    )
    box = page.locator(".xk-qr__image").bounding_box()
    assert box is not None
    return dict(box)


def assert_screen_fits(page: Page) -> None:
    """The page does not scroll and the ticket card does not clip its content."""
    layout = page.evaluate(
        """() => {
            const card = document.querySelector('#screen-confirm:not([hidden]) .xk-ticket');
            const root = document.documentElement;
            const still = root.scrollHeight <= root.clientHeight;
            return {
                page: still && root.scrollWidth <= root.clientWidth,
                card: !card || card.scrollHeight <= card.clientHeight + 1,
            };
        }"""
    )
    assert layout == {"page": True, "card": True}
