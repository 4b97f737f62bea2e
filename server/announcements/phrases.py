"""Build the spoken Vietnamese call for a ticket, as text and as a sequence of recorded clips."""

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from server.announcements.numbers import LETTERS, letter_name, read_number

AUDIENCES: Mapping[str, str] = MappingProxyType(
    {
        "citizen": "công dân",
        "customer": "khách hàng",  # the electricity desk serves customers, not citizens
    }
)

_RECALL = "Xin nhắc lại"
_INVITE = "mời"
_HAS_NUMBER = "có số thứ tự"
_TO_COUNTER = "đến quầy số"


def _letter_clip(letter: str) -> str:
    # Đ has no ASCII form; "dd" is how Telex typists write it.
    return "letter_dd" if letter == "Đ" else f"letter_{letter.lower()}"


_NUMBER_WORD_TEXT = {
    "khong": "không",
    "mot": "một",
    "mot_sac": "mốt",
    "hai": "hai",
    "ba": "ba",
    "bon": "bốn",
    "tu": "tư",
    "nam": "năm",
    "lam": "lăm",
    "sau": "sáu",
    "bay": "bảy",
    "tam": "tám",
    "chin": "chín",
    "muoi": "mười",
    "muoi_thanh": "mươi",
    "tram": "trăm",
    "linh": "linh",
    "le": "lẻ",
    "nghin": "nghìn",
    "ngan": "ngàn",
}

# What each clip of an office's recorded clip set must say. Clip files are
# named `<clip name>.wav`; the keys are the whole vocabulary.
CLIP_TEXT: Mapping[str, str] = MappingProxyType(
    {
        "recall": _RECALL,
        "moi": _INVITE,
        "cong_dan": AUDIENCES["citizen"],
        "khach_hang": AUDIENCES["customer"],
        "co_so_thu_tu": _HAS_NUMBER,
        "den_quay_so": _TO_COUNTER,
        **_NUMBER_WORD_TEXT,
        **{_letter_clip(letter): letter_name(letter) for letter in sorted(LETTERS)},
    }
)

CLIP_VOCABULARY: frozenset[str] = frozenset(CLIP_TEXT)

_AUDIENCE_CLIPS = {"citizen": "cong_dan", "customer": "khach_hang"}
_NUMBER_WORD_CLIPS = {text: name for name, text in _NUMBER_WORD_TEXT.items()}
_TICKET_NUMBER = re.compile(r"([A-ZĐ]*)([0-9]+)")
_DIGITS_ONLY = re.compile(r"[0-9]+")


def _split_ticket_number(number: str) -> tuple[str, int]:
    """Split "AB012" into its letters "AB" and its numeric value 12."""
    match = _TICKET_NUMBER.fullmatch(unicodedata.normalize("NFC", number).strip().upper())
    if match is None:
        raise ValueError(f"ticket number {number!r} is not letters followed by digits")
    return match.group(1), int(match.group(2))


def _check_audience(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {sorted(AUDIENCES)}")


def _parse_counter(counter_number: str | int) -> int | str:
    """Turn a counter into its number when it is one, else the office's own label."""
    if isinstance(counter_number, int):
        return counter_number
    label = " ".join(unicodedata.normalize("NFC", counter_number).split())
    if not label:
        raise ValueError("counter number is empty")
    return int(label) if _DIGITS_ONLY.fullmatch(label) else label


def call_phrase(
    number: str,
    counter_number: str | int,
    *,
    audience: str = "citizen",
    recall: bool = False,
    dialect: str = "north",
    follow: bool = False,
) -> str:
    """Word a call, e.g. "Mời công dân có số thứ tự a mười hai đến quầy số ba".

    `follow` words a call that follows another one in the same burst, after the invitation
    was heard: "A mười hai đến quầy số ba" (about half as long, and addressed to nobody).
    """
    _check_audience(audience)
    letters, value = _split_ticket_number(number)
    ticket_words = [letter_name(letter) for letter in letters] + [read_number(value, dialect)]
    counter = _parse_counter(counter_number)
    counter_words = read_number(counter, dialect) if isinstance(counter, int) else counter
    invitation = [] if follow else [_INVITE, AUDIENCES[audience], _HAS_NUMBER]
    body = " ".join([*invitation, *ticket_words, _TO_COUNTER, counter_words])
    # The sentence starts with its first word capitalised unless the recall lead-in comes first.
    phrase = f"{_RECALL}, {body}" if recall else body[0].upper() + body[1:]
    return unicodedata.normalize("NFC", phrase)


def _number_clips(value: int, dialect: str) -> list[str]:
    return [_NUMBER_WORD_CLIPS[word] for word in read_number(value, dialect).split()]


def _label_clips(label: str, dialect: str) -> list[str]:
    """Map a free-form counter label to clips: digit runs, single letters and number words."""
    clips: list[str] = []
    for token in label.split():
        if _DIGITS_ONLY.fullmatch(token):
            clips += _number_clips(int(token), dialect)
        elif token.upper() in LETTERS:
            clips.append(_letter_clip(token.upper()))
        elif token.lower() in _NUMBER_WORD_CLIPS:
            clips.append(_NUMBER_WORD_CLIPS[token.lower()])
        else:
            raise ValueError(f"counter label {label!r} has no recorded clip for {token!r}")
    return clips


def clip_names(
    number: str,
    counter_number: str | int,
    *,
    audience: str = "citizen",
    recall: bool = False,
    dialect: str = "north",
    follow: bool = False,
) -> list[str]:
    """List the recorded clips that, played in order, say the same call as `call_phrase`.

    Raises ValueError when a free-form counter label has a word with no clip;
    the caller then falls back to synthesised speech.
    """
    _check_audience(audience)
    letters, value = _split_ticket_number(number)
    clips = ["recall"] if recall else []
    if not follow:
        clips += ["moi", _AUDIENCE_CLIPS[audience], "co_so_thu_tu"]
    clips += [_letter_clip(letter) for letter in letters]
    clips += _number_clips(value, dialect)
    clips.append("den_quay_so")
    counter = _parse_counter(counter_number)
    if isinstance(counter, int):
        clips += _number_clips(counter, dialect)
    else:
        clips += _label_clips(counter, dialect)
    return clips
