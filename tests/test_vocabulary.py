"""Every text a person reads uses one vocabulary (design §1, "Vocabulary").

A service line of the office is a "lĩnh vực", never a "dịch vụ"; "Hủy" and "Xóa" carry the tone
on the main vowel, never "Huỷ" or "Xoá". Scanned: the screens' templates, scripts and styles,
the string literals of the Python that builds messages, tickets, announcements and exports
(comments and identifiers are not read by anyone at the office), and the docs for office staff.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ("kiosk", "display", "counter", "dashboard", "admin")
PYTHON_PACKAGES = ("server", *SCREENS)
WEB_SUFFIXES = {".html", ".js", ".mjs", ".css"}
SKIPPED_FOLDERS = {"vendor", "migrations", "__pycache__"}

REJECTED = {
    "huỷ": "Hủy",
    "xoá": "Xóa",
    "dịch vụ": "lĩnh vực",
}
# "Dịch vụ" in its everyday sense, not a service line of the office: public administrative
# services ("dịch vụ công") and the courtesy of the phone page's last line.
ALLOWED_PHRASES = ("dịch vụ công", "sử dụng dịch vụ")
REJECTED_PATTERN = re.compile("|".join(map(re.escape, REJECTED)), re.IGNORECASE)
ALLOWED_PATTERN = re.compile("|".join(map(re.escape, ALLOWED_PHRASES)), re.IGNORECASE)
VOCABULARY_HEADING = re.compile(r"^#+ .*Vocabulary", re.MULTILINE)


def rejected_words(text: str) -> list[str]:
    """The rejected spellings in `text`, each with the word to use instead."""
    text = ALLOWED_PATTERN.sub("", unicodedata.normalize("NFC", text))
    return [
        f"{found.group()!r} → {REJECTED[found.group().lower()]!r}"
        for found in REJECTED_PATTERN.finditer(text)
    ]


def python_strings(source: str) -> list[tuple[int, str]]:
    """The string literals of a Python module (f-strings included), with their line numbers."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(token.start[0], token.string) for token in tokens if token.type == tokenize.STRING]


def vocabulary_section(markdown: str) -> tuple[int, int] | None:
    """Where the section that lists the rejected spellings on purpose starts and ends."""
    heading = VOCABULARY_HEADING.search(markdown)
    if heading is None:
        return None
    level = len(heading.group().split(" ", 1)[0])
    following = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(markdown, heading.end())
    return heading.start(), following.start() if following else len(markdown)


def without_vocabulary_section(markdown: str) -> str:
    """The doc minus its vocabulary section."""
    span = vocabulary_section(markdown)
    return markdown if span is None else markdown[: span[0]] + markdown[span[1] :]


def source_files() -> list[Path]:
    """Everything scanned: screens' web files, Python packages, staff docs and the README."""
    files: list[Path] = []
    for package in PYTHON_PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if SKIPPED_FOLDERS & set(path.relative_to(ROOT).parts):
                continue
            if path.suffix in WEB_SUFFIXES or path.suffix == ".py":
                files.append(path)
    files += sorted((ROOT / "docs").glob("*.md"))
    files.append(ROOT / "README.md")
    return files


def findings(path: Path) -> list[str]:
    """Where `path` uses a rejected spelling, as "line: word → replacement"."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        pieces = python_strings(text)
    else:
        if path.suffix == ".md":
            text = without_vocabulary_section(text)
        pieces = list(enumerate(text.splitlines(), start=1))
    return [f"{line}: {word}" for line, piece in pieces for word in rejected_words(piece)]


def test_the_scan_reads_every_kind_of_user_facing_source():
    names = {path.relative_to(ROOT).as_posix() for path in source_files()}
    for expected in (
        "kiosk/templates/kiosk/index.html",
        "kiosk/static/js/render.js",
        "display/static/js/render.js",
        "counter/static/js/render.js",
        "counter/static/js/rating_view.js",
        "dashboard/static/js/report_view.js",
        "admin/static/js/admin_view.js",
        "server/web/static/public/render.js",
        "server/web/templates/home/index.html",
        "server/web/templates/staff/login.html",
        "server/web/home.py",
        "server/printing/ticket_layout.py",
        "server/announcements/phrases.py",
        "server/services/reports/export.py",
        "server/api/errors.py",
        "docs/admin.md",
        "docs/console.md",
    ):
        assert expected in names
    assert not any("/vendor/" in name for name in names)


def test_the_scan_finds_rejected_spellings_and_spares_other_senses():
    assert rejected_words("Đã huỷ") == ["'huỷ' → 'Hủy'"]
    assert rejected_words("XOÁ LĨNH VỰC") == ["'XOÁ' → 'Xóa'"]
    assert rejected_words(unicodedata.normalize("NFD", "Xoá")) == ["'Xoá' → 'Xóa'"]
    assert rejected_words("Theo dịch vụ") == ["'dịch vụ' → 'lĩnh vực'"]
    assert rejected_words("Cổng dịch vụ công quốc gia; cảm ơn đã sử dụng dịch vụ.") == []
    assert rejected_words("Hủy phiếu, Xóa quầy, lĩnh vực") == []
    assert python_strings("# dịch vụ in a comment\nx = 'Đã huỷ'  # xoá\n") == [(2, "'Đã huỷ'")]
    doc = "# Doc\n## Vocabulary\nnot Huỷ\n### detail\nnot Xoá\n## Next\nXoá here\n"
    assert without_vocabulary_section(doc) == "# Doc\n## Next\nXoá here\n"


@pytest.mark.parametrize("path", source_files(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_user_facing_text_uses_the_one_vocabulary(path: Path):
    assert findings(path) == []


def test_the_vocabulary_is_written_down_once():
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    assert len(VOCABULARY_HEADING.findall(design)) == 1
    span = vocabulary_section(design)
    assert span is not None
    section = design[span[0] : span[1]]
    for rejected, chosen in REJECTED.items():
        assert rejected in section.lower()
        assert chosen in section
