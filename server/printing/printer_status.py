"""What a printer says about itself: its DLE EOT status answers read into one PrinterState."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Paper(StrEnum):
    """Paper roll state as the sensors report it."""

    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


_PAPER_SEVERITY = [Paper.OK, Paper.NEAR_END, Paper.OUT]


@dataclass(frozen=True)
class PrinterState:
    """What the printer reported about itself."""

    online: bool = True
    paper: Paper = Paper.OK
    cover_open: bool = False
    error: bool = False

    @property
    def fault(self) -> str | None:
        """The reason printing cannot go on (a PrinterError reason), or None."""
        # A printer with its cover open or out of paper also reports offline; name the cause.
        if self.cover_open:
            return "cover_open"
        if self.paper is Paper.OUT:
            return "paper_out"
        if self.error:
            return "error"
        if not self.online:
            return "offline"
        return None


def is_status_byte(byte: int) -> bool:
    """Whether `byte` has the fixed bits every DLE EOT answer has (bits 1, 4 set; 0, 7 clear)."""
    return byte & 0b1001_0011 == 0b0001_0010


def parse_status(n: int, byte: int) -> dict[str, bool | str]:
    """Interpret the answer to DLE EOT n as the PrinterState fields it tells about."""
    if not is_status_byte(byte):
        raise ValueError(f"0x{byte:02x} is not a DLE EOT status byte")
    if n == 1:
        return {"online": not byte & 0x08}
    if n == 2:
        fields: dict[str, bool | str] = {
            "cover_open": bool(byte & 0x04),
            "error": bool(byte & 0x40),
        }
        if byte & 0x20:
            fields["paper"] = Paper.OUT.value
        return fields
    if n == 4:
        if byte & 0x60:
            return {"paper": Paper.OUT.value}
        return {"paper": (Paper.NEAR_END if byte & 0x0C else Paper.OK).value}
    raise ValueError(f"DLE EOT {n} is not a status we query")


def state_from_answers(answers: Mapping[int, int]) -> PrinterState:
    """Combine DLE EOT answers (n → byte) into one PrinterState; the worst paper report wins."""
    online, cover_open, error = True, False, False
    papers = [Paper.OK]
    for n, byte in sorted(answers.items()):
        fields = parse_status(n, byte)
        online = online and bool(fields.get("online", True))
        cover_open = cover_open or bool(fields.get("cover_open", False))
        error = error or bool(fields.get("error", False))
        papers.append(Paper(str(fields.get("paper", Paper.OK.value))))
    worst = max(papers, key=_PAPER_SEVERITY.index)
    return PrinterState(online=online, paper=worst, cover_open=cover_open, error=error)
