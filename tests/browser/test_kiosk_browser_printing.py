"""A `browser:` kiosk prints its ticket from the page: the print, as Chromium makes it a PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from browser_support import KIOSK, DemoServer
from PIL import Image
from playwright.sync_api import Browser, expect
from printer_support import read_qr
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_engine
from server.models import Device, PrintJob

pytestmark = [pytest.mark.browser, pytest.mark.server]

POINTS_PER_MM = 72 / 25.4
# Counts calls instead of opening a dialog; what #printout held then is what went to paper.
STUB_PRINT = """
window.__prints = [];
window.print = () => window.__prints.push(document.getElementById('printout').textContent);
"""


def set_kiosk_printer(demo: DemoServer, settings: dict[str, object]) -> None:
    """Give the demo kiosk these printer settings."""
    engine = make_engine(demo.database_url)
    try:
        with Session(engine) as session:
            kiosk = session.scalars(select(Device).where(Device.name == KIOSK)).one()
            kiosk.settings = settings
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
