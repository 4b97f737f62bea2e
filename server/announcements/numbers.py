"""Read numbers and letters aloud the Vietnamese way, for spoken ticket calls."""

import unicodedata

DIALECTS = frozenset({"north", "south"})

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

_LETTER_NAMES = {
    "A": "a",
    "B": "bê",
    "C": "xê",
    "D": "dê",
    "Đ": "đê",
    "E": "e",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "gi",
    "K": "ca",
    "L": "e-lờ",
    "M": "em-mờ",
    "N": "en-nờ",
    "O": "o",
    "P": "pê",
    "Q": "quy",
    "R": "e-rờ",
    "S": "ét-xì",
    "T": "tê",
    "U": "u",
    "V": "vê",
    "W": "vê kép",
    "X": "ích-xì",
    "Y": "i dài",
    "Z": "dét",
}

LETTERS = frozenset(_LETTER_NAMES)


def _check_dialect(dialect: str) -> None:
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; expected one of {sorted(DIALECTS)}")


def _units_after_tens(units: int, tens: int, dialect: str) -> str:
    """Say the units digit as it sounds after a tens word (mười/mươi)."""
    # Only a units digit that follows "mười"/"mươi" changes its sound; after
    # "linh"/"lẻ" or on its own it keeps the plain name ("một trăm linh năm").
    if units == 5:
        return "lăm"
    if tens >= 2 and units == 1:
        return "mốt"
    if tens >= 2 and units == 4 and dialect == "north":
        return "tư"
    return _DIGITS[units]


def _read_hundreds(group: int, *, full: bool, dialect: str) -> list[str]:
    """Read 1..999 (or 0..999 when `full`), saying "không trăm" and "linh" when `full`."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    # `full` means a higher group was spoken, so the hundreds place must be
    # voiced even when zero: 1025 is "một nghìn không trăm hai mươi lăm".
    with_hundreds = full or hundreds > 0
    words: list[str] = []
    if with_hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if with_hundreds:
                words.append("linh" if dialect == "north" else "lẻ")
            words.append(_DIGITS[units])
    else:
        words.append("mười" if tens == 1 else f"{_DIGITS[tens]} mươi")
        if units:
            words.append(_units_after_tens(units, tens, dialect))
    return words


def read_number(n: int, dialect: str = "north") -> str:
    """Spell out 0..9999 in Vietnamese words, e.g. 1025 → "một nghìn không trăm hai mươi lăm"."""
    _check_dialect(dialect)
    if not 0 <= n <= 9999:
        raise ValueError(f"can only read 0..9999 aloud, got {n}")
    if n == 0:
        return _DIGITS[0]
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands:
        words += [_DIGITS[thousands], "nghìn" if dialect == "north" else "ngàn"]
        if rest:
            words += _read_hundreds(rest, full=True, dialect=dialect)
    else:
        words += _read_hundreds(rest, full=False, dialect=dialect)
    return unicodedata.normalize("NFC", " ".join(words))


def letter_name(letter: str) -> str:
    """Give the Vietnamese name of a Latin letter as read in ticket numbers, e.g. "B" → "bê"."""
    key = unicodedata.normalize("NFC", letter).upper()
    try:
        return _LETTER_NAMES[key]
    except KeyError:
        raise ValueError(f"no Vietnamese letter name for {letter!r}") from None
