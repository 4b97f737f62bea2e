"""Grouping report facts and roll-ups into totals, rows per office, service, counter, clerk, period.

Facts are first gathered per combination (office, service, counter, clerk, period), the grain
of a roll-up; the rows of each view are then merged from those few combinations. The channel
(design §12) is part of the combination, so roll-ups keep it too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from server.rules.reports.figures import (
    RATING_LEVELS,
    Tally,
    TicketFact,
    TransferFact,
    pack_histogram,
    unpack_histogram,
)
from server.rules.reports.periods import Period, PeriodKind, period_of


class Combo(NamedTuple):
    """The grain of figures: an office's service at a counter with a clerk, in one period."""

    office_id: int
    service_id: int
    counter_id: int | None
    clerk_id: int | None
    period: date | None  # first day of the period, or None when a report has no periods
    channel: str = "kiosk"  # where the ticket was issued (design §12)


ROLLUP_COUNTS = ("issued", "served", "no_show", "cancelled", "transferred")


def rollup_values(tally: Tally) -> dict[str, Any]:
    """A tally as the columns of a roll-up row."""
    return {
        **{name: getattr(tally, name) for name in ROLLUP_COUNTS},
        "wait_count": tally.waits.count,
        "wait_sum": tally.waits.total,
        "wait_hist": pack_histogram(tally.waits.histogram()),
        "service_count": tally.services.count,
        "service_sum": tally.services.total,
        "service_hist": pack_histogram(tally.services.histogram()),
        **{level: tally.ratings[level] for level in RATING_LEVELS},
    }


class RollupFigures(NamedTuple):
    """The figures of one stored roll-up row, histograms decoded."""

    issued: int
    served: int
    no_show: int
    cancelled: int
    transferred: int
    wait_count: int
    wait_sum: float
    wait_hist: Sequence[int]
    service_count: int
    service_sum: float
    service_hist: Sequence[int]
    very_satisfied: int
    satisfied: int
    dissatisfied: int


def rollup_figures(values: Sequence[Any]) -> RollupFigures:
    """Read a roll-up row's figure columns, given in the order of `RollupFigures`."""
    figures = list(values)
    for index in (7, 10):  # the histograms
        figures[index] = unpack_histogram(figures[index])
    return RollupFigures(*figures)


def add_rollup(tally: Tally, figures: RollupFigures) -> None:
    """Add a roll-up row's figures to a tally (its histograms are shared, never changed)."""
    tally.issued += figures.issued
    tally.served += figures.served
    tally.no_show += figures.no_show
    tally.cancelled += figures.cancelled
    tally.transferred += figures.transferred
    tally.waits.merge_histogram(figures.wait_hist, figures.wait_count, figures.wait_sum)
    tally.services.merge_histogram(figures.service_hist, figures.service_count, figures.service_sum)
    tally.ratings["very_satisfied"] += figures.very_satisfied
    tally.ratings["satisfied"] += figures.satisfied
    tally.ratings["dissatisfied"] += figures.dissatisfied


@dataclass
class Groups:
    """The views of a report: totals, rows per office/service/counter/clerk, and per period."""

    totals: Tally = field(default_factory=Tally)
    by_office: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_service: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_counter: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_clerk: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_period: dict[Period, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_channel: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))


class ComboTallies:
    """Figures per combination including its period: the rows of a roll-up being built."""

    def __init__(self, period_kind: PeriodKind) -> None:
        """Combinations are keyed by the first day of their day, month or quarter."""
        self.period_kind = period_kind
        self.tallies: dict[Combo, Tally] = defaultdict(Tally)

    def add_ticket(self, fact: TicketFact) -> None:
        """Count one ticket."""
        period = period_of(fact.business_date, self.period_kind).start
        key = Combo(
            fact.office_id, fact.service_id, fact.counter_id, fact.clerk_id, period, fact.channel
        )
        self.tallies[key].add_ticket(fact)

    def add_transfer(self, fact: TransferFact) -> None:
        """Count one transfer for the service (and counter, clerk) it left."""
        period = period_of(fact.business_date, self.period_kind).start
        key = Combo(
            fact.office_id, fact.service_id, fact.counter_id, fact.clerk_id, period, fact.channel
        )
        self.tallies[key].transferred += 1

    def add_rollup(self, key: Combo, figures: RollupFigures) -> None:
        """Add the figures of a finer period (a day into its month)."""
        assert key.period is not None
        period = period_of(key.period, self.period_kind).start
        add_rollup(self.tallies[key._replace(period=period)], figures)


class Accumulator:
    """Gathers a report's facts and roll-ups, then merges them into its views.

    Figures are kept twice: per combination across the whole range (for the rows per office,
    service, counter and clerk) and per period (for the rows over time).
    """

    def __init__(self, period_kind: PeriodKind | None = None) -> None:
        """`period_kind` groups rows over time (day, month or quarter); None for no periods."""
        self.period_kind = period_kind
        self.combos: dict[Combo, Tally] = defaultdict(Tally)
        self.periods: dict[Period, Tally] = defaultdict(Tally)

    def _period(self, day: date) -> Period | None:
        """The period a day falls in, when the report has periods."""
        return None if self.period_kind is None else period_of(day, self.period_kind)

    def add_ticket(self, fact: TicketFact) -> None:
        """Count one ticket."""
        key = Combo(
            fact.office_id, fact.service_id, fact.counter_id, fact.clerk_id, None, fact.channel
        )
        self.combos[key].add_ticket(fact)
        period = self._period(fact.business_date)
        if period is not None:
            self.periods[period].add_ticket(fact)

    def add_transfer(self, fact: TransferFact) -> None:
        """Count one transfer for the service (and counter, clerk) it left."""
        key = Combo(
            fact.office_id, fact.service_id, fact.counter_id, fact.clerk_id, None, fact.channel
        )
        self.combos[key].transferred += 1
        period = self._period(fact.business_date)
        if period is not None:
            self.periods[period].transferred += 1

    def add_rollup(self, key: Combo, figures: RollupFigures) -> None:
        """Add the figures of a roll-up row (its period is the day or month it covers)."""
        whole = key._replace(period=None)
        add_rollup(self.combos[whole], figures)
        period = None if key.period is None else self._period(key.period)
        if period is not None:
            add_rollup(self.periods[period], figures)

    def groups(self) -> Groups:
        """Merge the combinations into the views."""
        groups = Groups()
        for key, tally in self.combos.items():
            groups.by_office[key.office_id].merge(tally)
            groups.by_service[key.service_id].merge(tally)
            groups.by_channel[key.channel].merge(tally)
            if key.counter_id is not None:
                groups.by_counter[key.counter_id].merge(tally)
            if key.clerk_id is not None:
                groups.by_clerk[key.clerk_id].merge(tally)
        for tally in groups.by_office.values():
            groups.totals.merge(tally)
        groups.by_period.update(self.periods)
        return groups
