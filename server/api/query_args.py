"""Reading query-string arguments with errors that name the argument."""

from __future__ import annotations

from flask import request

from server.rules.errors import DomainError
from server.services.queries import MAX_ID

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}


def int_arg(name: str, *, required: bool = False) -> int | None:
    """A positive integer argument (ASCII digits only: "²".isdigit() is True too)."""
    raw = request.args.get(name, "")
    if raw == "" and not required:
        return None
    digits = raw.lstrip("0")
    if not (raw.isascii() and raw.isdigit()) or not digits:
        raise DomainError("invalid_field", f"{name}: cần một số nguyên dương", 422)
    if len(digits) > len(str(MAX_ID)):
        # Beyond every id, like any number past MAX_ID; int() itself refuses over 4,300 digits.
        return MAX_ID + 1
    return int(digits)  # may exceed any id: lookups answer "not found" (see get_or_404)


def required_int_arg(name: str) -> int:
    """A positive integer argument that must be present."""
    value = int_arg(name, required=True)
    assert value is not None
    return value


def bool_arg(name: str) -> bool:
    """A true/false argument (1/0, true/false, yes/no; absent is false)."""
    raw = request.args.get(name, "").strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise DomainError("invalid_field", f"{name}: cần true hoặc false", 422)
