"""Reading request bodies and fields with errors that name the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request

from server.rules.errors import DomainError
from server.services.queries import MAX_ID

# No request of ours nests deeper than a few levels; Python's parser would recurse ~1,000 deep
# (RecursionError, a 500) on a body of brackets well within the size limit.
MAX_JSON_DEPTH = 32


def json_body(*, required: bool = True) -> dict[str, Any]:
    """The request's JSON object; 400 when it is not one, 422 when a string holds a NUL byte."""
    if not request.get_data(cache=True):
        if required:
            raise DomainError("malformed_json", "Cần gửi một đối tượng JSON", 400)
        return {}
    try:
        data = request.get_json(silent=True, force=True)
    except RecursionError:
        data = None
    if not isinstance(data, dict):
        raise DomainError("malformed_json", "Nội dung không phải đối tượng JSON hợp lệ", 400)
    _check_values(data)
    return data


def _check_values(data: dict[str, Any]) -> None:
    """Refuse bodies nested too deep, and NUL bytes (PostgreSQL cannot store or compare them)."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise DomainError(
                "malformed_json", f"JSON lồng nhau quá sâu (tối đa {MAX_JSON_DEPTH} cấp)", 400
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    raise DomainError("invalid_field", "Tên trường chứa ký tự NUL", 422)
                pending.append((item, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and "\x00" in value:
            raise DomainError("invalid_field", "Dữ liệu chứa ký tự NUL (\\u0000)", 422)


def int_field(body: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    """An integer field (booleans are not integers)."""
    value = body.get(name)
    if value is None:
        if required:
            raise DomainError("missing_field", f"Thiếu trường {name}", 422)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError("invalid_field", f"{name}: phải là số nguyên", 422)
    if not -MAX_ID <= value <= MAX_ID:  # the database could not even compare it
        raise DomainError("invalid_field", f"{name}: số quá lớn", 422)
    return value


def str_field(
    body: dict[str, Any], name: str, *, required: bool = False, max_length: int = 200
) -> str | None:
    """A string field of bounded length."""
    value = body.get(name)
    if value is None:
        if required:
            raise DomainError("missing_field", f"Thiếu trường {name}", 422)
        return None
    if not isinstance(value, str):
        raise DomainError("invalid_field", f"{name}: phải là chuỗi", 422)
    if len(value) > max_length:
        raise DomainError("invalid_field", f"{name}: tối đa {max_length} ký tự", 422)
    return value


def date_arg(name: str, default: date) -> date:
    """A YYYY-MM-DD query argument."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise DomainError("invalid_field", f"{name}: cần dạng YYYY-MM-DD", 422) from error
