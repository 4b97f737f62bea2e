"""Reading request bodies and fields with errors that name the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request

from server.rules.errors import DomainError
from server.services.queries import MAX_ID


def json_body(*, required: bool = True) -> dict[str, Any]:
    """The request's JSON object; 400 when it is not one."""
    if not request.get_data(cache=True):
        if required:
            raise DomainError("malformed_json", "Cần gửi một đối tượng JSON", 400)
        return {}
    data = request.get_json(silent=True, force=True)
    if not isinstance(data, dict):
        raise DomainError("malformed_json", "Nội dung không phải đối tượng JSON hợp lệ", 400)
    return data


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
