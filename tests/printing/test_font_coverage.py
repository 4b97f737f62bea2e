"""The shipped font draws every Vietnamese letter, so tickets never show empty boxes."""

import unicodedata

import pytest
from PIL import Image, ImageDraw

from server.printing.raster import FONT_BOLD, FONT_REGULAR, load_font

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang huyền sắc hỏi ngã nặng
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"


def vietnamese_letters() -> list[str]:
    """Every vowel with every tone, every consonant, both cases, as NFC code points."""
    letters = [
        unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES
    ] + list(CONSONANTS)
    letters += [letter.upper() for letter in letters]
    assert all(len(letter) == 1 for letter in letters), "NFC must give one code point each"
    return letters


def test_sample_covers_the_alphabet() -> None:
    letters = vietnamese_letters()

    assert len(set(letters)) == 2 * (12 * 6 + 17)
    assert {"đ", "Đ", "ễ", "Ự", "ỷ", "Ặ"} <= set(letters)


@pytest.mark.parametrize("path", [FONT_REGULAR, FONT_BOLD], ids=["regular", "bold"])
def test_font_file_maps_every_letter(path: object) -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    cmap = ttlib.TTFont(str(path)).getBestCmap()

    missing = [letter for letter in vietnamese_letters() if ord(letter) not in cmap]

    assert missing == []


def draw(letter: str, bold: bool) -> bytes:
    image = Image.new("1", (64, 64), 1)
    ImageDraw.Draw(image).text((8, 8), letter, font=load_font(32, bold), fill=0)
    return image.tobytes()


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_every_letter_draws_a_real_glyph(bold: bool) -> None:
    notdef = draw("\U0010fffd", bold)  # a private-use code point no font maps

    drawings = {letter: draw(letter, bold) for letter in vietnamese_letters()}

    assert [letter for letter, pixels in drawings.items() if pixels == notdef] == []
    # Distinct glyphs: a tone mark silently dropped would make two letters look the same.
    assert len(set(drawings.values())) == len(drawings)
