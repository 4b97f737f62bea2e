"""Every error code the server can answer is in server/rules/error_codes.py, and nothing else is."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from server.api.errors import HTTP_CODES
from server.rules.error_codes import CATALOGUE

SERVER = Path(__file__).resolve().parents[2] / "server"
RAISERS = {"DomainError", "error_response"}


def calls(tree: ast.AST) -> Iterator[ast.Call]:
    """Every call in a module."""
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def name_of(call: ast.Call) -> str | None:
    """The called function's own name (`f` or `x.f`)."""
    return getattr(call.func, "id", getattr(call.func, "attr", None))


def raised_codes() -> dict[str, set[str]]:
    """Each literal code given to DomainError or error_response, or a get_or_404 what, by file."""
    found: dict[str, set[str]] = {}
    for path in SERVER.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in calls(tree):
            name = name_of(call)
            first = call.args[0] if call.args else None
            if name in RAISERS and isinstance(first, ast.Constant):
                found.setdefault(str(first.value), set()).add(path.name)
            last = call.args[-1] if call.args else None
            if name == "get_or_404" and isinstance(last, ast.Constant):
                found.setdefault(f"{last.value}_not_found", set()).add(path.name)
    return found


def test_every_raised_code_is_in_the_catalogue():
    missing = {code: files for code, files in raised_codes().items() if code not in CATALOGUE}
    assert missing == {}


def test_the_http_fallbacks_are_in_the_catalogue():
    assert {code for code, _message in HTTP_CODES.values()} <= set(CATALOGUE)


def test_each_catalogue_code_is_used_somewhere():
    """A code nobody answers any more is not documented either."""
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in SERVER.rglob("*.py")
        if path.name != "error_codes.py"
    )
    raised = set(raised_codes())
    unused = [
        code
        for code in CATALOGUE
        if code not in raised and f'"{code}"' not in sources and f"'{code}'" not in sources
    ]
    assert unused == []


def test_status_and_meaning_are_given():
    for entry in CATALOGUE.values():
        assert 400 <= entry.status <= 599, entry
        assert entry.meaning and entry.code.islower(), entry
