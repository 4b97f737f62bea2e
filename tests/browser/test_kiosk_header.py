"""The kiosk header in Chromium: a long office name wraps between words, never inside one.

Vietnamese writes a space between syllables, so a browser happily breaks "Yên | Thế" or
"kết | quả" across two lines (picture 01). The words below are the name's words as a reader
groups them; each must sit on one line box, at every kiosk size, with nothing cut off.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import ARTIFACTS, KIOSK, DemoServer
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session
from waiting import wait_until

from server.db import make_engine
from server.models import Device, Office

pytestmark = [pytest.mark.browser, pytest.mark.server]

# Real names of one-stop offices, split into the words a Vietnamese reader sees.
NAMES = {
    "demo": ("Bộ phận", "Một cửa", "huyện", "Yên Thế"),  # picture 01: "Yên | Thế"
    "district": (
        "Bộ phận",
        "Tiếp nhận",
        "và",
        "Trả",
        "kết quả",
        "giải quyết",
        "thủ tục",
        "hành chính",
        "huyện",
        "Yên Thế",
    ),
    "province": (
        "Trung tâm",
        "Phục vụ",
        "hành chính",
        "công",
        "tỉnh",
        "Bà Rịa",
        "–",
        "Vũng Tàu",
    ),
}
SIZES = ((1080, 1920), (1920, 1080), (1366, 768))

# For each expected word: the line boxes (distinct tops of its client rects) it spans, whether
# the name overflows its box, and the name's size against the size its style sheet asks for.
MEASURE = """(words) => {
    const name = document.getElementById('office-name');
    const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
    const pieces = [];
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        pieces.push({ node, start: text.length });
        text += node.data;
    }
    const at = (offset) => {
        const piece = pieces.filter((p) => p.start <= offset).pop();
        return [piece.node, offset - piece.start];
    };
    let from = 0;
    const split = [];
    for (const word of words) {
        const start = text.indexOf(word, from);
        if (start < 0) return { missing: word, text };
        from = start + word.length;
        const range = document.createRange();
        range.setStart(...at(start));
        const [endNode, endOffset] = at(from - 1);
        range.setEnd(endNode, endOffset + 1);
        const tops = new Set(
            [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
        );
        const lines = [...tops].sort((a, b) => a - b);
        if (lines.length > 1 && lines[lines.length - 1] - lines[0] > 4) split.push(word);
    }
    const header = document.querySelector('.xk-header').getBoundingClientRect();
    const box = name.getBoundingClientRect();
    return {
        split,
        overflows: name.scrollWidth > name.clientWidth + 1
            || box.right > header.right || box.bottom > header.bottom,
        size: parseFloat(getComputedStyle(name).fontSize),
        lineHeight: parseFloat(getComputedStyle(name).lineHeight),
        height: box.height,
    };
}"""


def rename_office(demo: DemoServer, name: str) -> None:
    """Give the demo kiosk's office another name (the kiosk reads it from its state)."""
    engine = make_engine(demo.database_url)
    try:
        with Session(engine) as session:
            kiosk = session.scalars(select(Device).where(Device.name == KIOSK)).one()
            office = session.get(Office, kiosk.office_id)
            assert office is not None
            office.name = name
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture(params=list(NAMES), scope="module")
def named(request: pytest.FixtureRequest, demo: DemoServer) -> Iterator[tuple[str, ...]]:
    """The demo office under one long real name, as its words."""
    words = NAMES[request.param]
    rename_office(demo, " ".join(words))
    yield words
    rename_office(demo, "Bộ phận Một cửa huyện Yên Thế")


def fitted(page: Page, words: list[str]) -> dict[str, Any] | None:
    """The measures of the name when no word is split and nothing overflows, else None."""
    result: dict[str, Any] = page.evaluate(MEASURE, words)
    return None if result.get("missing") or result["split"] or result["overflows"] else result


def open_kiosk(browser: Browser, demo: DemoServer, width: int, height: int, name: str) -> Page:
    """The paired kiosk page at a size, showing the office name with its web font loaded."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{demo.url}/kiosk?token={demo.device_token(KIOSK)}")
    expect(page.locator("#office-name")).to_have_text(name)
    expect(page.locator("#services .xk-service").first).to_be_visible()
    page.wait_for_function("document.fonts.check('32px \"Noto Sans\"')")
    page.evaluate("document.fonts.ready")
    return page


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda value: str(value))
def test_a_long_office_name_wraps_between_words_only(
    demo: DemoServer, browser: Browser, named: tuple[str, ...], width: int, height: int
):
    name = " ".join(named)
    page = open_kiosk(browser, demo, width, height, name)
    try:
        try:  # the page fits the name again once its font has loaded
            result = wait_until(lambda: fitted(page, list(named)), timeout=3, what="fitted name")
        except TimeoutError:
            result = page.evaluate(MEASURE, list(named))
        page.screenshot(path=str(ARTIFACTS / f"kiosk-header-{len(name)}-{width}x{height}.png"))
        assert "missing" not in result, result
        assert result["split"] == [], f"words split across lines: {result['split']}"
        assert not result["overflows"]
        lines = round(result["height"] / result["lineHeight"])
        assert lines <= 3  # still a header, not a paragraph
        assert result["size"] >= 22  # shrunk a little at most: legible at arm's length
    finally:
        page.close()
