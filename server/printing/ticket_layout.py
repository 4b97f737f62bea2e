"""What a queue ticket says, top to bottom, as plain values (no drawing here)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

DEFAULT_NOTE = "Vui lòng giữ phiếu và chờ gọi số"
TITLE = "PHIẾU SỐ THỨ TỰ"


@dataclass(frozen=True)
class TicketContent:
    """Everything printed on one ticket; `priority_label` is the category, e.g. "Người cao tuổi"."""

    office_lines: tuple[str, ...]
    number: str
    service_name: str
    priority_label: str | None
    counters_line: str | None
    people_ahead: int
    estimated_wait_minutes: int | None
    issued_local: datetime
    session_name: str
    qr_url: str
    note: str = DEFAULT_NOTE
    agency: str | None = None
    slot_local: datetime | None = None  # an appointment ticket's slot start, local time


class Style(StrEnum):
    """Typographic role of a text block; the renderer maps each to a font and size."""

    AGENCY = "agency"
    OFFICE = "office"
    TITLE = "title"
    NUMBER = "number"
    SERVICE = "service"
    PRIORITY = "priority"
    COUNTERS = "counters"
    INFO = "info"
    NOTE = "note"


@dataclass(frozen=True)
class Text:
    """A paragraph of text in one style, wrapped by the renderer."""

    text: str
    style: Style


@dataclass(frozen=True)
class Rule:
    """A horizontal separator line."""


@dataclass(frozen=True)
class Qr:
    """A QR code of `data`."""

    data: str


Block = Text | Rule | Qr


def nfc(text: str) -> str:
    """Return `text` in NFC so every Vietnamese letter is one precomposed glyph."""
    return unicodedata.normalize("NFC", text)


def priority_line(label: str) -> str:
    """Wording of the priority mark."""
    label = label.strip()
    return f"ƯU TIÊN – {label}" if label else "ƯU TIÊN"


def people_ahead_line(people_ahead: int) -> str:
    """Wording of the queue length in front of this ticket."""
    return f"Số người đang chờ trước: {max(0, people_ahead)}"


def wait_line(minutes: int) -> str:
    """Wording of the estimated wait; "khoảng 0 phút" reads oddly, so say "dưới 1 phút"."""
    if minutes < 1:
        return "Thời gian chờ dự kiến: dưới 1 phút"
    return f"Thời gian chờ dự kiến: khoảng {minutes} phút"


def slot_line(slot_local: datetime) -> str:
    """Wording of an appointment ticket's slot, e.g. "Lịch hẹn lúc 09:30"."""
    return f"Lịch hẹn lúc {slot_local:%H:%M}"


def issued_line(issued_local: datetime, session_name: str) -> str:
    """Wording of the issue date, time and session, e.g. "Ngày 26/11/2026 – 09:41 (buổi sáng)"."""
    return f"Ngày {issued_local:%d/%m/%Y} – {issued_local:%H:%M} (buổi {session_name})"


def ticket_blocks(content: TicketContent) -> list[Block]:
    """Lay the ticket out top to bottom as design §6 orders it, all text in NFC."""
    blocks: list[Block] = []
    if content.agency:
        blocks.append(Text(content.agency, Style.AGENCY))
    blocks.extend(Text(line, Style.OFFICE) for line in content.office_lines if line.strip())
    blocks.append(Rule())
    blocks.append(Text(TITLE, Style.TITLE))
    blocks.append(Text(content.number, Style.NUMBER))
    blocks.append(Text(content.service_name, Style.SERVICE))
    if content.priority_label is not None:
        blocks.append(Text(priority_line(content.priority_label), Style.PRIORITY))
    if content.counters_line:
        blocks.append(Text(content.counters_line, Style.COUNTERS))
    blocks.append(Rule())
    if content.slot_local is not None:
        blocks.append(Text(slot_line(content.slot_local), Style.INFO))
    blocks.append(Text(people_ahead_line(content.people_ahead), Style.INFO))
    if content.estimated_wait_minutes is not None:
        blocks.append(Text(wait_line(content.estimated_wait_minutes), Style.INFO))
    blocks.append(Text(issued_line(content.issued_local, content.session_name), Style.INFO))
    blocks.append(Qr(content.qr_url))
    if content.note:
        blocks.append(Text(content.note, Style.NOTE))
    return [
        Text(nfc(block.text), block.style) if isinstance(block, Text) else block for block in blocks
    ]
