"""Each screen's pages, scripts and styles use their own files and the shared /assets, no other's.

import-linter keeps the screens' Python apart (pyproject.toml); this is the same rule for what
the browser loads: `../../../dashboard/…` from the admin screen, `/dashboard/static/…`,
`url_for('dashboard.static', …)` or `{% extends "dashboard/…" %}` would tie two screens together.
What several screens need lives in `server/web` (served under `/assets`, templates such as
`staff/base.html`).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ("kiosk", "display", "counter", "dashboard", "admin")
SUFFIXES = {".js", ".mjs", ".html", ".css"}

# "./x.js" or "../x.js" as a module specifier, src/href value or CSS url().
RELATIVE = re.compile(r"""["'(](\.\.?/[^"'()\s]*)""")
URL_FOR_STATIC = re.compile(r"""url_for\(\s*["'](\w+)\.static["']""")
TEMPLATE_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["'](\w+)/""")


def static_url(screen: str) -> str:
    """The URL path a screen's static folder is served at, as its blueprint says."""
    blueprint = importlib.import_module(f"{screen}.routes").bp
    return f"{blueprint.static_url_path}/"


def cross_screen_references(screen: str, path: Path, text: str) -> list[str]:
    """What in `text` (the file `path` of `screen`) reaches into another screen's folders."""
    found = []
    home = (ROOT / screen).resolve()
    for reference in RELATIVE.findall(text):
        target = (path.parent / reference).resolve()
        if not target.is_relative_to(home):
            found.append(reference)
    others = [other for other in SCREENS if other != screen]
    found += [url for url in map(static_url, others) if url in text]
    found += [f"url_for {name}.static" for name in URL_FOR_STATIC.findall(text) if name in others]
    found += [f"template {name}/…" for name in TEMPLATE_REFERENCE.findall(text) if name in others]
    return found


def screen_files(screen: str) -> list[Path]:
    """The screen's templates and static files the browser gets."""
    folders = [ROOT / screen / "static", ROOT / screen / "templates"]
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in SUFFIXES
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_a_screen_loads_nothing_from_another_screen(screen: str) -> None:
    files = screen_files(screen)
    assert files, f"{screen} has no templates or static files to check"
    offences = {
        str(path.relative_to(ROOT)): found
        for path in files
        if (found := cross_screen_references(screen, path, path.read_text(encoding="utf-8")))
    }
    assert offences == {}


@pytest.mark.parametrize(
    "text",
    [
        'import { esc } from "../../../dashboard/static/js/format.js";',
        '<script type="module" src="/dashboard/static/js/login.js"></script>',
        "<link href=\"{{ url_for('dashboard.static', filename='css/reports.css') }}\">",
        '{% extends "dashboard/base.html" %}',
    ],
)
def test_each_way_of_reaching_into_another_screen_is_caught(text: str) -> None:
    path = ROOT / "admin" / "static" / "js" / "admin_view.js"
    assert cross_screen_references("admin", path, text)


@pytest.mark.parametrize(
    "text",
    [
        'import * as view from "./admin_view.js";',
        'import { esc } from "/assets/js/format.js";',
        "<link href=\"{{ url_for('assets.static', filename='css/staff.css') }}\">",
        "<script src=\"{{ url_for('admin.static', filename='js/admin.js') }}\"></script>",
        '{% extends "staff/base.html" %}',
    ],
)
def test_own_files_and_shared_assets_are_allowed(text: str) -> None:
    path = ROOT / "admin" / "static" / "js" / "admin_view.js"
    assert cross_screen_references("admin", path, text) == []
