"""The kinds of value a request may carry, each checked by one rule, in one place.

Request models (server/schemas/*) are built from these types. A failed check is a pydantic
error of type `invalid_field` or `missing_field` with a Vietnamese reason; server/api/contract.py
puts the field's name in front ("prefix: …") and answers 422 (design §5). Pydantic's own errors
(a string where a number belongs) are worded there too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from server.rules.ids import MAX_ID

MIN_PASSWORD = 8
MAX_PASSWORD = 200
# Removed from every text: bidirectional controls (an RLO shows "Quầy 1" as "1 yầuQ" on screens,
# tickets and exports) and zero-width characters that only make look-alike names.
_REMOVED = dict.fromkeys(
    map(
        ord,
        "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        "\u200b\u2060\ufeff\u00ad",
    )
)
# Letters that Unicode counts as letters but that draw nothing (Hangul fillers, braille blank).
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")
CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def invalid(reason: str) -> PydanticCustomError:
    """A 422 `invalid_field` for the field being checked; `reason` is shown after its name."""
    return PydanticCustomError("invalid_field", "{reason}", {"reason": reason})


def missing() -> PydanticCustomError:
    """A 422 `missing_field`: the field had to be filled in."""
    return PydanticCustomError("missing_field", "{reason}", {"reason": "bắt buộc phải nhập"})


# -- Numbers ---------------------------------------------------------------------------------


def _in_range(minimum: int, maximum: int, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """The inner check, with one message naming both bounds when the value is outside them."""
    if isinstance(value, int) and not isinstance(value, bool) and not minimum <= value <= maximum:
        raise invalid(f"phải từ {minimum} đến {maximum}")
    return handler(value)


def whole_number(minimum: int, maximum: int) -> Any:
    """A JSON integer between two bounds (a string of digits is not one, nor true or 1.5)."""
    return Annotated[
        StrictInt,
        Field(ge=minimum, le=maximum),
        WrapValidator(partial(_in_range, minimum, maximum)),
    ]


def _in_number_range(
    minimum: float, maximum: float, value: Any, handler: ValidatorFunctionWrapHandler
) -> Any:
    """A number's bounds, stated as the admin pages show them (before pydantic's own check)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and not minimum <= value <= maximum:
        raise invalid(f"phải từ {minimum:g} đến {maximum:g}")
    return handler(value)


def _no_bool(value: Any) -> Any:
    """true and false are no numbers, whatever Python thinks."""
    if isinstance(value, bool):
        raise invalid("cần một số")
    return value


def decimal(minimum: float, maximum: float) -> Any:
    """A JSON number (integer or decimal) between two bounds."""
    return Annotated[
        float,
        BeforeValidator(_no_bool),
        Field(ge=minimum, le=maximum, strict=True),
        WrapValidator(partial(_in_number_range, minimum, maximum)),
        WithJsonSchema({"type": "number", "minimum": minimum, "maximum": maximum}),
    ]


# An id sent in a body: any whole number the database can compare (an unknown one is a 404).
Id = Annotated[StrictInt, Field(ge=-MAX_ID, le=MAX_ID)]
Flag = StrictBool


def _query_id(raw: Any) -> int:
    """A positive id in a query string, ASCII digits only ("²".isdigit() is True too)."""
    if not isinstance(raw, str):
        return raw  # the model's default
    digits = raw.lstrip("0")
    if not (raw.isascii() and raw.isdigit()) or not digits:
        raise invalid("cần một số nguyên dương")
    if len(digits) > len(str(MAX_ID)):
        return MAX_ID + 1  # beyond every id: lookups answer "not found", as for MAX_ID + 1
    return int(digits)


QueryId = Annotated[
    int,
    BeforeValidator(_query_id),
    WithJsonSchema({"type": "integer", "minimum": 1}),
]

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


def _query_flag(raw: Any) -> bool:
    """true/false in a query string (1/0, true/false, yes/no, on/off; absent is false)."""
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise invalid("cần true hoặc false")


QueryFlag = Annotated[bool, BeforeValidator(_query_flag), WithJsonSchema({"type": "boolean"})]


# -- Texts -----------------------------------------------------------------------------------


def _visible(char: str) -> bool:
    """Whether a character draws something by itself (a letter, digit, mark or symbol)."""
    category = unicodedata.category(char)
    return category[0] not in "CZ" and category not in ("Mn", "Me") and char not in _BLANK


def clean_text(value: str, max_length: int, *, required: bool = False) -> str:
    """Trimmed NFC without bidi controls or zero-width characters; something must show.

    Control characters (but tab and new line) are refused, and so is a text of only invisible
    characters (zero-width spaces, RLO, Hangul fillers …); a required one may not be blank.
    """
    sent = unicodedata.normalize("NFC", value).strip()
    cleaned = sent.translate(_REMOVED).strip()
    if any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in cleaned):
        raise invalid("có ký tự điều khiển không được phép")
    if sent and not any(_visible(char) for char in cleaned):
        raise invalid("chỉ gồm ký tự không nhìn thấy được")
    if required and not cleaned:
        raise invalid("không được để trống")
    if len(cleaned) > max_length:
        raise invalid(f"tối đa {max_length} ký tự")
    return cleaned


def text(max_length: int = 200, *, required: bool = False) -> Any:
    """A string cleaned by `clean_text`; `required` ones may not be blank."""
    check = partial(_clean, max_length=max_length, required=required)
    schema: dict[str, Any] = {"type": "string", "maxLength": max_length}
    if required:
        schema["minLength"] = 1
    return Annotated[StrictStr, AfterValidator(check), WithJsonSchema(schema)]


def _clean(value: str, *, max_length: int, required: bool) -> str:
    """`clean_text` with keyword arguments (for partial)."""
    return clean_text(value, max_length, required=required)


def _patterned(
    pattern: re.Pattern[str], rule: str, max_length: int, case: Callable[[str], str], value: str
) -> str:
    """A required text, put in `case`, matching `pattern`; else the rule as the reason."""
    cleaned = clean_text(value, max_length, required=True)
    # ASCII before changing case: "ß".upper() is "SS" and the Kelvin sign's lower() is "k".
    if not cleaned.isascii():
        raise invalid(rule)
    cleaned = case(cleaned)
    if not pattern.fullmatch(cleaned):
        raise invalid(rule)
    return cleaned


def patterned(pattern: str, rule: str, max_length: int, case: Callable[[str], str] = str) -> Any:
    """A code-like text: cleaned, put in `case`, then matched whole against `pattern`."""
    compiled = re.compile(pattern)
    return Annotated[
        StrictStr,
        AfterValidator(partial(_patterned, compiled, rule, max_length, case)),
        WithJsonSchema({"type": "string", "maxLength": max_length, "description": rule}),
    ]


Prefix = patterned("[A-Z]{1,2}", "ký hiệu gồm 1–2 chữ cái in hoa không dấu (A–Z)", 4, str.upper)
Username = patterned(
    "[a-z0-9][a-z0-9._-]{1,63}", "2–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang", 64
)
# A counter's number is shown on every screen and read aloud: "3", "12", "3A", "B2". Written with
# [0-9A-Z], not \d or \w, which take "²", "١" and letters with diacritics too; no leading zero,
# or "03" and "3" would be two counters both called "quầy số ba".
CounterNumber = patterned(
    "(?!0[0-9])[0-9A-Z]{1,8}",
    "số quầy gồm 1–8 chữ số hoặc chữ cái không dấu, không bắt đầu bằng 0 (ví dụ 3, 12, 3A)",
    16,
    str.upper,
)
OfficeCode = patterned(
    "[a-z0-9][a-z0-9-]{0,31}",
    "mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang",
    32,
    str.lower,
)


def check_new_password(value: str) -> str:
    """The one rule for a new password (admin API and pages, CLI, any change): 8–200 characters."""
    if len(value) < MIN_PASSWORD:
        raise invalid(f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")
    if len(value) > MAX_PASSWORD:
        raise invalid(f"tối đa {MAX_PASSWORD} ký tự")
    return value


NewPassword = Annotated[
    StrictStr,
    AfterValidator(check_new_password),
    WithJsonSchema({"type": "string", "minLength": MIN_PASSWORD, "maxLength": MAX_PASSWORD}),
]


def _timezone(value: str) -> str:
    """An IANA timezone name that this machine knows."""
    name = clean_text(value, 64, required=True)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise invalid("múi giờ không hợp lệ (ví dụ Asia/Ho_Chi_Minh)") from error
    return name


Timezone = Annotated[
    StrictStr,
    AfterValidator(_timezone),
    WithJsonSchema({"type": "string", "maxLength": 64, "examples": ["Asia/Ho_Chi_Minh"]}),
]


def _day(value: Any) -> date:
    """A calendar day written YYYY-MM-DD."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise invalid("cần ngày dạng YYYY-MM-DD")
    if value == "":
        raise missing()
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise invalid("cần ngày dạng YYYY-MM-DD") from error


Day = Annotated[date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]


def clock_minutes(value: Any, *, allow_midnight_end: bool = False) -> int:
    """Minutes after midnight of an 'HH:MM' time or a number of minutes (24:00 only as an end)."""
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    elif isinstance(value, str) and (match := CLOCK.fullmatch(value.strip())):
        hours, mins = int(match.group(1)), int(match.group(2))
        if mins > 59:
            raise invalid("phút phải từ 00 đến 59")
        minutes = hours * 60 + mins
    else:
        raise invalid("cần giờ dạng HH:MM")
    upper = 1440 if allow_midnight_end else 1439
    if not 0 <= minutes <= upper:
        raise invalid("giờ phải từ 00:00 đến 24:00")
    return minutes


CLOCK_SCHEMA = {"type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$", "examples": ["07:30"]}
ClockStart = Annotated[int, BeforeValidator(clock_minutes), WithJsonSchema(CLOCK_SCHEMA)]
ClockEnd = Annotated[
    int,
    BeforeValidator(partial(clock_minutes, allow_midnight_end=True)),
    WithJsonSchema(CLOCK_SCHEMA),
]


def clock_text(minutes: int) -> str:
    """'HH:MM' of minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _distinct(values: list[int]) -> list[int]:
    """Ids in the order given, none twice."""
    seen: set[int] = set()
    for value in values:
        if value in seen:
            raise invalid(f"mã {value} bị lặp")
        seen.add(value)
    return values


IdList = Annotated[list[Id], AfterValidator(_distinct), Field(max_length=500)]


# -- Optional values of the admin forms ------------------------------------------------------


def _blank_when_null(value: Any) -> Any:
    """null sent for a text that may be left empty means the empty text."""
    return "" if value is None else value


def optional_text(max_length: int = 200) -> Any:
    """A text that may be left empty (`text` without `required`); null is empty too."""
    return Annotated[
        text(max_length),
        BeforeValidator(_blank_when_null),
        WithJsonSchema({"type": ["string", "null"], "maxLength": max_length}),
    ]


def _none_when_blank(value: Any) -> Any:
    """An emptied number field of a form ("") means no value, as null does."""
    return None if value == "" else value


def optional_whole_number(minimum: int, maximum: int) -> Any:
    """A whole number between two bounds, or none: null (or "" from an emptied form field)."""
    return Annotated[
        whole_number(minimum, maximum) | None,
        BeforeValidator(_none_when_blank),
        WithJsonSchema({"type": ["integer", "null"], "minimum": minimum, "maximum": maximum}),
    ]


def absent_as_null(*names: str) -> Any:
    """A model's validator: these fields, when left out, are checked as if sent as null.

    For the few routes whose answer to a left-out value has always been `invalid_field` (sign-in,
    a print result): each such field's own check refuses null as an invalid value, where a plain
    absence would be `missing_field`. The document still lists them as required.
    """

    def fill(data: Any) -> Any:
        """The body with null in place of each absent field."""
        return {**dict.fromkeys(names), **data} if isinstance(data, dict) else data

    return model_validator(mode="before")(fill)
