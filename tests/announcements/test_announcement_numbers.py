"""Tests for reading numbers and letters aloud in Vietnamese."""

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.announcements.numbers import LETTERS, letter_name, read_number

NUMBER_WORDS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
STRUCTURE_WORDS = {"mười", "mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn"}

dialects = st.sampled_from(["north", "south"])
readable = st.integers(min_value=0, max_value=9999)


def parse_vietnamese_number(text: str) -> int:
    """Independent reader for what read_number writes, so the two can check each other."""
    total = 0
    group = 0
    pending = 0
    for word in text.split():
        if word in NUMBER_WORDS:
            pending = NUMBER_WORDS[word]
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group, pending = group + pending * 10, 0
        elif word == "trăm":
            group, pending = group + pending * 100, 0
        elif word in {"nghìn", "ngàn"}:
            total, group, pending = (group + pending) * 1000, 0, 0
        elif word not in {"linh", "lẻ"}:
            raise AssertionError(f"unexpected word {word!r} in {text!r}")
    return total + group + pending


@pytest.mark.parametrize(
    ("number", "north", "south"),
    [
        (0, "không", "không"),
        (1, "một", "một"),
        (4, "bốn", "bốn"),
        (5, "năm", "năm"),
        (10, "mười", "mười"),
        (11, "mười một", "mười một"),
        (14, "mười bốn", "mười bốn"),
        (15, "mười lăm", "mười lăm"),
        (20, "hai mươi", "hai mươi"),
        (21, "hai mươi mốt", "hai mươi mốt"),
        (24, "hai mươi tư", "hai mươi bốn"),
        (25, "hai mươi lăm", "hai mươi lăm"),
        (31, "ba mươi mốt", "ba mươi mốt"),
        (100, "một trăm", "một trăm"),
        (101, "một trăm linh một", "một trăm lẻ một"),
        (104, "một trăm linh bốn", "một trăm lẻ bốn"),
        (105, "một trăm linh năm", "một trăm lẻ năm"),
        (110, "một trăm mười", "một trăm mười"),
        (115, "một trăm mười lăm", "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt", "một trăm hai mươi mốt"),
        (1000, "một nghìn", "một ngàn"),
        (1005, "một nghìn không trăm linh năm", "một ngàn không trăm lẻ năm"),
        (
            1025,
            "một nghìn không trăm hai mươi lăm",
            "một ngàn không trăm hai mươi lăm",
        ),
        (1100, "một nghìn một trăm", "một ngàn một trăm"),
        (2010, "hai nghìn không trăm mười", "hai ngàn không trăm mười"),
        (
            9999,
            "chín nghìn chín trăm chín mươi chín",
            "chín ngàn chín trăm chín mươi chín",
        ),
    ],
)
def test_read_number_known_readings(number: int, north: str, south: str) -> None:
    assert read_number(number) == north
    assert read_number(number, "north") == north
    assert read_number(number, "south") == south


@pytest.mark.parametrize("number", [-1, 10000, 123456])
def test_read_number_rejects_out_of_range(number: int) -> None:
    with pytest.raises(ValueError, match=r"0\.\.9999"):
        read_number(number)


def test_read_number_rejects_unknown_dialect() -> None:
    with pytest.raises(ValueError, match="dialect"):
        read_number(5, "central")


@given(readable, dialects)
def test_read_number_round_trips(number: int, dialect: str) -> None:
    assert parse_vietnamese_number(read_number(number, dialect)) == number


@given(readable, dialects)
def test_read_number_is_nfc_vietnamese_words(number: int, dialect: str) -> None:
    text = read_number(number, dialect)
    assert text
    assert unicodedata.is_normalized("NFC", text)
    assert set(text.split()) <= NUMBER_WORDS.keys() | STRUCTURE_WORDS


@given(readable)
def test_south_differs_from_north_only_in_regional_words(number: int) -> None:
    regional = {"nghìn": "ngàn", "linh": "lẻ", "tư": "bốn"}
    north_as_south = [regional.get(word, word) for word in read_number(number, "north").split()]
    assert north_as_south == read_number(number, "south").split()


@given(readable, dialects)
def test_units_change_sound_only_after_tens(number: int, dialect: str) -> None:
    words = read_number(number, dialect).split()
    for before, word in itertools.pairwise(words):
        if word in {"mốt", "tư"}:
            assert before == "mươi"
        if word == "lăm":
            assert before in {"mươi", "mười"}
        if before in {"mươi", "mười"}:
            assert word != "năm"


@pytest.mark.parametrize(
    ("letter", "name"),
    [
        ("A", "a"),
        ("B", "bê"),
        ("C", "xê"),
        ("D", "dê"),
        ("Đ", "đê"),
        ("E", "e"),
        ("F", "ép"),
        ("G", "giê"),
        ("H", "hát"),
        ("I", "i"),
        ("J", "gi"),
        ("K", "ca"),
        ("L", "e-lờ"),
        ("M", "em-mờ"),
        ("N", "en-nờ"),
        ("O", "o"),
        ("P", "pê"),
        ("Q", "quy"),
        ("R", "e-rờ"),
        ("S", "ét-xì"),
        ("T", "tê"),
        ("U", "u"),
        ("V", "vê"),
        ("W", "vê kép"),
        ("X", "ích-xì"),
        ("Y", "i dài"),
        ("Z", "dét"),
    ],
)
def test_letter_name(letter: str, name: str) -> None:
    assert letter_name(letter) == name
    assert letter_name(letter.lower()) == name
    assert unicodedata.is_normalized("NFC", letter_name(letter))


def test_letters_cover_the_alphabet_and_d_with_stroke() -> None:
    assert {chr(code) for code in range(ord("A"), ord("Z") + 1)} | {"Đ"} == LETTERS


@pytest.mark.parametrize("text", ["", "1", "AB", "Ă", " "])
def test_letter_name_rejects_non_letters(text: str) -> None:
    with pytest.raises(ValueError, match="letter name"):
        letter_name(text)
