"""Report figures as pure values: tallies of tickets, duration samples and their histograms.

A duration sample keeps its exact values while it is built from tickets, so small reports
give exact medians and 90th percentiles. Merged with a roll-up (a histogram of a closed day
or month), it becomes a histogram, and percentiles are read from it to within one bin.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from server.rules.reports.stats import summarize

RATING_LEVELS = ("very_satisfied", "satisfied", "dissatisfied")


def _edges() -> tuple[float, ...]:
    """Lower edges of the histogram bins, in seconds, plus the upper edge of the last one."""
    edges: list[float] = []
    for start, stop, step in (
        (0, 600, 10),  # 10 s up to 10 minutes
        (600, 3600, 60),  # 1 minute up to an hour
        (3600, 14400, 300),  # 5 minutes up to 4 hours
        (14400, 86400, 1800),  # half an hour up to a day
    ):
        edges.extend(float(value) for value in range(start, stop, step))
    edges.extend((86400.0, 7 * 86400.0))  # a last bin for anything longer
    return tuple(edges)


EDGES = _edges()
BINS = len(EDGES) - 1


def bin_index(seconds: float) -> int:
    """The bin a duration falls in (negative durations count as 0, overlong ones as the last)."""
    if seconds <= 0:
        return 0
    return min(bisect_right(EDGES, seconds) - 1, BINS - 1)


def pack_histogram(counts: Sequence[int]) -> bytes:
    """Counts per bin as little-endian unsigned 32-bit integers."""
    packed = array("I", counts)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack_histogram(data: bytes) -> array[int]:
    """The counts per bin of a packed histogram (empty bytes: all zero), as a compact array."""
    unpacked = array("I")
    if not data:
        unpacked.extend([0] * BINS)
        return unpacked
    unpacked.frombytes(data)
    if sys.byteorder == "big":
        unpacked.byteswap()
    return unpacked


def histogram_percentiles(counts: Sequence[int], fractions: Sequence[float]) -> list[float]:
    """Percentiles of a histogram, spreading each bin's values evenly across it.

    Ranks are interpolated as `rules.reports.stats.percentile` does for exact values; one pass over
    the bins serves every fraction.
    """
    total = sum(counts)
    if total == 0:
        raise ValueError("no values")
    wanted: list[tuple[int, int, float]] = []  # (low rank, high rank, weight of the high one)
    for fraction in fractions:
        position = (total - 1) * fraction
        low = int(position)
        wanted.append((low, min(low + 1, total - 1), position - low))
    ranks = sorted({rank for low, high, _ in wanted for rank in (low, high)})
    values: dict[int, float] = {}
    seen = 0
    pending = iter(ranks)
    rank = next(pending, None)
    for index, count in enumerate(counts):
        while rank is not None and rank < seen + count:
            lower, upper = EDGES[index], EDGES[index + 1]
            values[rank] = lower + (rank - seen + 0.5) / count * (upper - lower)
            rank = next(pending, None)
        if rank is None:
            break
        seen += count
    return [values[low] * (1 - weight) + values[high] * weight for low, high, weight in wanted]


def histogram_percentile(counts: Sequence[int], fraction: float) -> float:
    """One percentile of a histogram (see `histogram_percentiles`)."""
    return histogram_percentiles(counts, [fraction])[0]


class Sample:
    """Durations in seconds: exact values, or a histogram once roll-ups were merged in.

    Histograms merged in are only summed when the counts are needed: summing many at once,
    bin by bin, is far cheaper than adding them one after another.
    """

    __slots__ = ("_parts", "count", "total", "values")

    def __init__(self, values: list[float] | None = None) -> None:
        """An exact sample of `values` (none yet by default)."""
        self.values: list[float] | None = [] if values is None else values
        self._parts: list[Sequence[int]] = []  # histograms to sum, once the sample is inexact
        self.count = len(self.values)
        self.total = float(sum(self.values))

    @classmethod
    def from_histogram(cls, counts: Sequence[int], count: int, total: float) -> Sample:
        """A sample known only by its histogram (a roll-up's)."""
        sample = cls()
        sample.merge_histogram(counts, count, total)
        return sample

    @property
    def exact(self) -> bool:
        """Whether every value is known (percentiles are then exact)."""
        return self.values is not None

    def add(self, seconds: float) -> None:
        """Count one duration."""
        self.count += 1
        self.total += seconds
        if self.values is not None:
            self.values.append(seconds)
        else:
            counts = self.histogram()
            counts[bin_index(seconds)] += 1
            self._parts = [counts]

    def histogram(self) -> list[int]:
        """Counts per bin of the sample (a new list)."""
        if self.values is not None:
            counts = [0] * BINS
            for value in self.values:
                counts[bin_index(value)] += 1
            return counts
        if not self._parts:
            return [0] * BINS
        self._compact()
        return list(self._parts[0])

    def _compact(self) -> None:
        """Sum the merged-in histograms into one (the counts stay the same)."""
        if len(self._parts) > 1:
            self._parts = [list(map(sum, zip(*self._parts, strict=True)))]

    def _make_inexact(self) -> None:
        """From now on, keep a histogram instead of the values."""
        if self.values is not None:
            self._parts = [self.histogram()] if self.values else []
            self.values = None

    def merge_histogram(self, counts: Sequence[int], count: int, total: float) -> None:
        """Add a roll-up's histogram with its count and sum."""
        if count == 0:
            return
        self._make_inexact()
        self._parts.append(counts)
        self.count += count
        self.total += total

    def merge(self, other: Sample) -> None:
        """Add another sample."""
        if other.values is not None and self.values is not None:
            self.values.extend(other.values)
            self.count += other.count
            self.total += other.total
        elif other.values is not None:
            self.merge_histogram(other.histogram(), other.count, other.total)
        elif other.count:
            self._make_inexact()
            other._compact()  # sum each source once, not again in every row it is merged into
            self._parts.extend(other._parts)  # shared, never changed in place
            self.count += other.count
            self.total += other.total

    def summary(self) -> dict[str, float | None]:
        """Mean, median and 90th percentile rounded to 0.1 s; None when empty."""
        if self.count == 0:
            return {"mean": None, "median": None, "p90": None}
        if self.values is not None:
            return summarize(self.values)
        median, p90 = histogram_percentiles(self.histogram(), (0.5, 0.9))
        return {
            "mean": round(self.total / self.count, 1),
            "median": round(median, 1),
            "p90": round(p90, 1),
        }


@dataclass(frozen=True)
class TicketFact:
    """What a report needs of one ticket: where it ended up, how it ended and its durations."""

    office_id: int
    business_date: date
    service_id: int
    counter_id: int | None
    clerk_id: int | None
    status: str
    wait_seconds: float | None  # issued → first called; None when never called
    service_seconds: float | None  # started (or called) → finished, for served tickets
    rating: str | None = None
    channel: str = "kiosk"  # where it was issued (design §12)


@dataclass(frozen=True)
class TransferFact:
    """One transfer of a ticket out of a service (and counter), by a clerk."""

    office_id: int
    business_date: date
    service_id: int
    counter_id: int | None
    clerk_id: int | None
    channel: str = "kiosk"  # where the ticket was issued


@dataclass
class Tally:
    """Running figures for one row of a report."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    waits: Sample = field(default_factory=Sample)
    services: Sample = field(default_factory=Sample)
    ratings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RATING_LEVELS, 0))

    def add_ticket(self, fact: TicketFact) -> None:
        """Count one ticket."""
        self.issued += 1
        if fact.status == "done":
            self.served += 1
            if fact.service_seconds is not None:
                self.services.add(fact.service_seconds)
        elif fact.status == "no_show":
            self.no_show += 1
        elif fact.status == "cancelled":
            self.cancelled += 1
        if fact.wait_seconds is not None:
            self.waits.add(fact.wait_seconds)
        if fact.rating in self.ratings:
            self.ratings[fact.rating] += 1

    def merge(self, other: Tally) -> None:
        """Add another tally's figures."""
        self.issued += other.issued
        self.served += other.served
        self.no_show += other.no_show
        self.cancelled += other.cancelled
        self.transferred += other.transferred
        self.waits.merge(other.waits)
        self.services.merge(other.services)
        for level in RATING_LEVELS:
            self.ratings[level] += other.ratings[level]

    @property
    def exact(self) -> bool:
        """Whether the percentiles are exact."""
        return self.waits.exact and self.services.exact

    def as_dict(self) -> dict[str, Any]:
        """The figures of design §5 for one row."""
        return {
            "issued": self.issued,
            "served": self.served,
            "no_show": self.no_show,
            "cancelled": self.cancelled,
            "transferred": self.transferred,
            "wait_seconds": self.waits.summary(),
            "service_seconds": self.services.summary(),
            "ratings": dict(self.ratings),
        }


def rates(figures: dict[str, Any]) -> dict[str, Any]:
    """Derived shares of a row: no-shows among those called, and each rating level."""
    called = figures["served"] + figures["no_show"]
    rated = sum(figures["ratings"].values())
    return {
        "no_show_rate": round(100 * figures["no_show"] / called, 1) if called else None,
        "rated": rated,
        "ratings_percent": {
            level: round(100 * count / rated, 1) if rated else None
            for level, count in figures["ratings"].items()
        },
    }


def tally_all(facts: Iterable[TicketFact]) -> Tally:
    """One tally over many tickets."""
    tally = Tally()
    for fact in facts:
        tally.add_ticket(fact)
    return tally
