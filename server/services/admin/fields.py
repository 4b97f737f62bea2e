"""Checking administrative input: each check names the field and says in Vietnamese what is wrong.

Errors are 422 `invalid_field` (or `missing_field`) with a message "field: explanation"; the
admin pages put the explanation under the input of that name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from typing import Any

from server.rules.errors import DomainError

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
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


def username(body: Mapping[str, Any], field: str = "username") -> str:
    """A login name: 2–64 lower-case letters, digits, dot, dash or underscore."""
    rule = "2–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang"
    return _patterned(body, field, 64, USERNAME, rule)


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
