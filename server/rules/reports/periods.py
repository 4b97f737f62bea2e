"""Calendar periods of reports: days, months, quarters and years, with their Vietnamese labels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

ROMAN_QUARTERS = ("I", "II", "III", "IV")


class PeriodKind(StrEnum):
    """How a report's rows over time are grouped."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


# Finest first: each period is made of whole periods of the kind before it.
KINDS = (PeriodKind.DAY, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)


@dataclass(frozen=True)
class Period:
    """One day, month, quarter or year: its key, label and first and last day."""

    kind: PeriodKind
    key: str
    label: str
    start: date
    end: date


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of the day's month."""
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


@lru_cache(maxsize=4096)  # reports look up the same few hundred days again and again
def period_of(day: date, kind: PeriodKind) -> Period:
    """The period a business day belongs to."""
    if kind == PeriodKind.DAY:
        return Period(kind, day.isoformat(), day.strftime("%d/%m/%Y"), day, day)
    if kind == PeriodKind.MONTH:
        start = month_start(day)
        return Period(
            kind,
            f"{day.year}-{day.month:02d}",
            f"Tháng {day.month}/{day.year}",
            start,
            month_end(start),
        )
    if kind == PeriodKind.YEAR:
        return Period(
            kind, str(day.year), f"Năm {day.year}", date(day.year, 1, 1), date(day.year, 12, 31)
        )
    quarter = (day.month - 1) // 3
    start = date(day.year, quarter * 3 + 1, 1)
    end = month_end(date(day.year, quarter * 3 + 3, 1))
    return Period(
        kind, f"{day.year}-Q{quarter + 1}", f"Quý {ROMAN_QUARTERS[quarter]}/{day.year}", start, end
    )


def units_within(start: date, end: date, kind: PeriodKind) -> list[Period]:
    """The periods of a kind that lie entirely inside start..end, in order."""
    found = []
    period = period_of(start, kind)
    if period.start < start:
        period = period_of(period.end + timedelta(days=1), kind)
    while period.end <= end:
        found.append(period)
        period = period_of(period.end + timedelta(days=1), kind)
    return found


def days_between(start: date, end: date) -> Iterator[date]:
    """Every day from start to end inclusive."""
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
