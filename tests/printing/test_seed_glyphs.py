"""Every character the demo's data can put on a ticket has a real glyph in the shipped fonts."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from server.demo import seed
from server.printing import ticket_layout
from server.printing.raster import FONT_BOLD, FONT_REGULAR, load_font
from server.services.printing import print_jobs, ticket_print

NOTDEF_PROBE = "\U0010fffd"  # a private-use code point no font maps


def module_strings(module: object) -> set[str]:
    """Every string literal in a module's source (names, header lines, labels, messages)."""
    source = Path(module.__file__).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    return {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def printable_characters() -> set[str]:
    """The NFC characters of the seed data and of the ticket's fixed wording."""
    strings = set()
    for module in (seed, ticket_layout, ticket_print, print_jobs):
        strings |= module_strings(module)
    text = unicodedata.normalize("NFC", "".join(strings))
    return {char for char in text if char.isprintable() and not char.isspace()}


def test_the_sample_holds_the_vietnamese_of_the_seed():
    characters = printable_characters()
    assert {"Đ", "ế", "ộ", "ư", "ờ", "ị", "–"} <= characters
    assert sum(1 for char in characters if ord(char) > 0x7F) > 40


def glyph(char: str, bold: bool) -> bytes:
    image = Image.new("1", (64, 64), 1)
    ImageDraw.Draw(image).text((8, 8), char, font=load_font(32, bold), fill=0)
    return image.tobytes()


@pytest.mark.parametrize("path", [FONT_REGULAR, FONT_BOLD], ids=["regular", "bold"])
def test_every_seed_character_is_in_the_font(path: Path):
    ttlib = pytest.importorskip("fontTools.ttLib")
    cmap = ttlib.TTFont(str(path)).getBestCmap()
    missing = sorted(char for char in printable_characters() if ord(char) not in cmap)
    assert missing == []


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_every_seed_character_draws_ink(bold: bool):
    notdef = glyph(NOTDEF_PROBE, bold)
    blank = glyph(" ", bold)
    drawings = {char: glyph(char, bold) for char in printable_characters()}
    assert [char for char, pixels in drawings.items() if pixels in (notdef, blank)] == []
