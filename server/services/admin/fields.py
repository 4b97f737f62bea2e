"""Checking administrative input: each check names the field and says in Vietnamese what is wrong.

Errors are 422 `invalid_field` (or `missing_field`) with a message "field: explanation"; the
admin pages put the explanation under the input of that name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from datetime import date
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.rules.errors import DomainError

PREFIX = re.compile(r"[A-Z]{1,2}")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
# A counter's number is shown on every screen and read aloud: "3", "12", "3A", "B2". Written with
# [0-9A-Z], not \d or \w, which take "²", "١" and letters with diacritics too; no leading zero,
# or "03" and "3" would be two counters both called "quầy số ba".
COUNTER_NUMBER = re.compile(r"(?!0[0-9])[0-9A-Z]{1,8}")
CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")
MIN_PASSWORD = 8
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


def invalid(field: str, message: str) -> DomainError:
    """The 422 error for one field."""
    return DomainError("invalid_field", f"{field}: {message}", 422)


def missing(field: str) -> DomainError:
    """The 422 error for a required field that was not sent."""
    return DomainError("missing_field", f"{field}: bắt buộc phải nhập", 422)


def text(
    body: Mapping[str, Any],
    field: str,
    *,
    required: bool = False,
    max_length: int = 200,
    default: str | None = None,
) -> str | None:
    """A trimmed NFC string without bidi controls or zero-width characters; some must show.

    Control characters (but tab and new line) are refused, and so is a text of only invisible
    characters (zero-width spaces, RLO, Hangul fillers …); required ones may not be blank.
    """
    value = body.get(field)
    if value is None:
        if required:
            raise missing(field)
        return default
    if not isinstance(value, str):
        raise invalid(field, "phải là chuỗi ký tự")
    sent = unicodedata.normalize("NFC", value).strip()
    value = sent.translate(_REMOVED).strip()
    if any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in value):
        raise invalid(field, "có ký tự điều khiển không được phép")
    if sent and not any(_visible(char) for char in value):
        raise invalid(field, "chỉ gồm ký tự không nhìn thấy được")
    if required and not value:
        raise invalid(field, "không được để trống")
    if len(value) > max_length:
        raise invalid(field, f"tối đa {max_length} ký tự")
    return value


def _visible(char: str) -> bool:
    """Whether a character draws something by itself (a letter, digit, mark or symbol)."""
    category = unicodedata.category(char)
    return category[0] not in "CZ" and category not in ("Mn", "Me") and char not in _BLANK


def integer(
    body: Mapping[str, Any],
    field: str,
    *,
    minimum: int,
    maximum: int,
    required: bool = False,
    nullable: bool = False,
    default: int | None = None,
    label: str | None = None,
) -> int | None:
    """A whole number within bounds; `nullable` accepts null (or an empty string) as no value.

    `label` names the field in errors when it sits inside a list (e.g. "sessions[2].weekday").
    """
    name = label or field
    if field not in body:
        if required:
            raise missing(name)
        return default
    value = body[field]
    if value is None or value == "":
        if nullable:
            return None
        raise missing(name) if required else invalid(name, "cần một số nguyên")
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,12}", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name, "cần một số nguyên")
    if not minimum <= value <= maximum:
        raise invalid(name, f"phải từ {minimum} đến {maximum}")
    return value


def number(
    body: Mapping[str, Any], field: str, *, minimum: float, maximum: float, default: float
) -> float:
    """A number (integer or decimal) within bounds."""
    value = body.get(field, default)
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "."))
        except ValueError as error:
            raise invalid(field, "cần một số") from error
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid(field, "cần một số")
    if not minimum <= value <= maximum:
        raise invalid(field, f"phải từ {minimum:g} đến {maximum:g}")
    return float(value)


def flag(body: Mapping[str, Any], field: str, *, default: bool) -> bool:
    """A true/false value."""
    value = body.get(field, default)
    if not isinstance(value, bool):
        raise invalid(field, "phải là true hoặc false")
    return value


def choice(body: Mapping[str, Any], field: str, allowed: Collection[str], *, default: str) -> str:
    """One of a fixed set of values."""
    value = body.get(field, default)
    if not isinstance(value, str) or value not in allowed:
        raise invalid(field, f"phải là một trong: {', '.join(sorted(allowed))}")
    return value


def _patterned(
    body: Mapping[str, Any],
    field: str,
    max_length: int,
    pattern: re.Pattern[str],
    rule: str,
    case: Callable[[str], str] = str,
) -> str:
    """A required text, put in `case`, matching `pattern`; else a 422 that states the rule."""
    value = text(body, field, required=True, max_length=max_length)
    assert value is not None
    # ASCII before changing case: "ß".upper() is "SS" and the Kelvin sign's lower() is "k".
    if not value.isascii():
        raise invalid(field, rule)
    value = case(value)
    if not pattern.fullmatch(value):
        raise invalid(field, rule)
    return value


def prefix(body: Mapping[str, Any], field: str = "prefix") -> str:
    """A ticket prefix: one or two capital letters A–Z (it is read aloud letter by letter)."""
    rule = "ký hiệu gồm 1–2 chữ cái in hoa không dấu (A–Z)"
    return _patterned(body, field, 4, PREFIX, rule, str.upper)


def username(body: Mapping[str, Any], field: str = "username") -> str:
    """A login name: 2–64 lower-case letters, digits, dot, dash or underscore."""
    rule = "2–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang"
    return _patterned(body, field, 64, USERNAME, rule)


def counter_number(body: Mapping[str, Any], field: str = "number") -> str:
    """A counter's number: 1–8 digits or capital letters A–Z, e.g. 3, 12 or 3A."""
    rule = "số quầy gồm 1–8 chữ số hoặc chữ cái không dấu, không bắt đầu bằng 0 (ví dụ 3, 12, 3A)"
    return _patterned(body, field, 16, COUNTER_NUMBER, rule, str.upper)


def office_code(body: Mapping[str, Any], field: str = "code") -> str:
    """An office's short code: lower-case letters, digits and dashes."""
    rule = "mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang"
    return _patterned(body, field, 32, CODE, rule, str.lower)


def password(body: Mapping[str, Any], field: str = "password") -> str:
    """A new password of at least eight characters."""
    value = body.get(field)
    if value is None:
        raise missing(field)
    return new_password(value, field)


def new_password(value: Any, field: str = "password") -> str:
    """The one rule for a new password (admin API and pages, CLI, any change): 8–200 characters."""
    if not isinstance(value, str):
        raise invalid(field, "phải là chuỗi ký tự")
    if len(value) < MIN_PASSWORD:
        raise invalid(field, f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")
    if len(value) > 200:
        raise invalid(field, "tối đa 200 ký tự")
    return value


def timezone(body: Mapping[str, Any], field: str = "timezone", *, default: str) -> str:
    """An IANA timezone name, e.g. Asia/Ho_Chi_Minh."""
    value = text(body, field, max_length=64, default=default) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise invalid(field, "múi giờ không hợp lệ (ví dụ Asia/Ho_Chi_Minh)") from error
    return value


def day(body: Mapping[str, Any], field: str = "day") -> date:
    """A date as YYYY-MM-DD."""
    value = body.get(field)
    if value is None or value == "":
        raise missing(field)
    if not isinstance(value, str):
        raise invalid(field, "cần ngày dạng YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise invalid(field, "cần ngày dạng YYYY-MM-DD") from error


def clock_minutes(value: Any, field: str, *, allow_midnight_end: bool = False) -> int:
    """Minutes after midnight of a 'HH:MM' time (24:00 allowed as an end)."""
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    elif isinstance(value, str) and (match := CLOCK.fullmatch(value.strip())):
        hours, mins = int(match.group(1)), int(match.group(2))
        if mins > 59:
            raise invalid(field, "phút phải từ 00 đến 59")
        minutes = hours * 60 + mins
    else:
        raise invalid(field, "cần giờ dạng HH:MM")
    upper = 1440 if allow_midnight_end else 1439
    if not 0 <= minutes <= upper:
        raise invalid(field, "giờ phải từ 00:00 đến 24:00")
    return minutes


def clock_text(minutes: int) -> str:
    """'HH:MM' of minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def weekly_sessions(value: Any, field: str = "sessions") -> list[tuple[int, int, int, str]]:
    """A week's working sessions: [{weekday 0–6, start 'HH:MM', end 'HH:MM', name}], no overlaps."""
    if not isinstance(value, list):
        raise invalid(field, "cần một danh sách các buổi làm việc")
    if len(value) > 50:
        raise invalid(field, "tối đa 50 buổi")
    found: list[tuple[int, int, int, str]] = []
    for index, item in enumerate(value):
        name = f"{field}[{index}]"
        if not isinstance(item, dict):
            raise invalid(name, "cần {weekday, start, end, name}")
        weekday = integer(
            item, "weekday", minimum=0, maximum=6, required=True, label=f"{name}.weekday"
        )
        start = clock_minutes(item.get("start"), f"{name}.start")
        end = clock_minutes(item.get("end"), f"{name}.end", allow_midnight_end=True)
        if end <= start:
            raise invalid(f"{name}.end", "giờ kết thúc phải sau giờ bắt đầu")
        label = text(item, "name", max_length=32, default="") or ""
        assert weekday is not None
        found.append((weekday, start, end, label))
    ordered = sorted(found)
    for previous, current in pairwise(ordered):
        if previous[0] == current[0] and current[1] < previous[2]:
            raise invalid(field, f"hai buổi trùng giờ vào {WEEKDAY_NAMES[current[0]]}")
    return ordered


WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def id_list(value: Any, field: str, allowed: Collection[int]) -> list[int]:
    """A list of distinct ids, each among the allowed ones, in the order given."""
    if not isinstance(value, list):
        raise invalid(field, "cần một danh sách mã số")
    seen: list[int] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or item not in allowed:
            raise invalid(field, f"mã {item!r} không thuộc đơn vị này")
        if item in seen:
            raise invalid(field, f"mã {item} bị lặp")
        seen.append(item)
    return seen
