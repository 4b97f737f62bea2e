"""Ticket printing cost: render (raster bands) + encode (ESC/POS) per ticket; prints a table.

Each ticket differs (number, service, priority, QR token) so the band caches see a realistic
mix; the first tickets warm the caches and are not counted. The `cold` rows clear every cache
before each ticket: that is what a ticket cost when everything was drawn every time; `+qr`
rows leave the QR code to the printer (GS ( k, a printer profile that allows it). Run:
.venv/bin/python bench/print.py [--tickets 300] [--widths 576,384]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from server.printing import raster
from server.printing.escpos_encode import encode_ticket
from server.printing.ticket_layout import TicketContent
from server.services.printing.ticket_print import PRIORITY_LABELS

WARM_UP = 10
SERVICES = [
    ("A", "Đất đai", "Quầy 1, 2, 6"),
    ("B", "Tư pháp – Hộ tịch", "Quầy 3, 4, 6"),
    ("E", "Lao động – Thương binh và Xã hội", "Quầy 5, 6"),
    ("V", "Điện lực Yên Thế", "Quầy 7"),
]


@dataclass(frozen=True)
class Result:
    """Timings of one paper width."""

    width: int
    caches: str
    render_ms: list[float]
    encode_ms: list[float]
    total_ms: list[float]
    job_bytes: int

    def row(self) -> str:
        """One line of the table."""
        return (
            f"{self.width:>5} {self.caches:>7} {len(self.total_ms):>7} "
            f"{median(self.render_ms):>10.1f} {median(self.encode_ms):>10.1f} "
            f"{median(self.total_ms):>10.1f} {p99(self.total_ms):>8.1f} "
            f"{self.job_bytes / 1024:>8.1f}"
        )


HEADER = (
    f"{'width':>5} {'caches':>7} {'tickets':>7} {'render p50':>10} {'encode p50':>10} "
    f"{'total p50':>10} {'p99':>8} {'job KiB':>8}"
)


def median(values: list[float]) -> float:
    """The median, in the unit given."""
    return statistics.median(values)


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def content(index: int) -> TicketContent:
    """A ticket like the demo office issues, different each time."""
    prefix, service, counters = SERVICES[index % len(SERVICES)]
    priorities = [None, *PRIORITY_LABELS.values()]
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    return TicketContent(
        office_lines=("UBND HUYỆN YÊN THẾ", "BỘ PHẬN MỘT CỬA"),
        number=f"{prefix}{index % 1000:03d}",
        service_name=service,
        priority_label=priorities[index % len(priorities)],
        counters_line=counters,
        people_ahead=index % 40,
        estimated_wait_minutes=index % 90,
        issued_local=now,
        session_name="sáng",
        qr_url=f"https://xephang.yenthe.gov.vn/t/{secrets.token_urlsafe(18)}",
    )


def clear_caches() -> None:
    """Forget every drawn band, fitted size and loaded font."""
    for cached in (raster._text_band, raster._fixed_band, raster._fitting_size, raster.load_font):
        cached.cache_clear()


def measure(width: int, tickets: int, *, cold: bool = False, native_qr: bool = False) -> Result:
    """Render and encode `tickets` tickets at one width (`native_qr`: the printer draws the QR)."""
    render_ms: list[float] = []
    encode_ms: list[float] = []
    job_bytes = 0
    for index in range(WARM_UP + tickets):
        ticket = content(index)
        if cold:
            clear_caches()
        started = time.perf_counter()
        image = raster.ticket_parts(ticket, width, native_qr=native_qr)
        rendered = time.perf_counter()
        job = encode_ticket(image)
        encoded = time.perf_counter()
        if index >= WARM_UP:
            render_ms.append((rendered - started) * 1000)
            encode_ms.append((encoded - rendered) * 1000)
            job_bytes = max(job_bytes, len(job))
    total = [r + e for r, e in zip(render_ms, encode_ms, strict=True)]
    caches = ("cold" if cold else "warm") + ("+qr" if native_qr else "")
    return Result(width, caches, render_ms, encode_ms, total, job_bytes)


def main() -> None:
    """Parse arguments, measure each width, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--widths", default="576,384")
    args = parser.parse_args()
    print(HEADER)
    for width in (int(value) for value in args.widths.split(",")):
        print(measure(width, args.tickets).row(), flush=True)
        print(measure(width, args.tickets // 5, cold=True).row(), flush=True)
        print(measure(width, args.tickets, native_qr=True).row(), flush=True)
    print("times in ms per ticket; aim: warm total p50 under 3 ms")


if __name__ == "__main__":
    main()
