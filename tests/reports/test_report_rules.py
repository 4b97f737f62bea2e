"""Pure report rules: histogram bins and percentiles, samples, tallies, periods."""

from __future__ import annotations

import random
from datetime import date

import pytest

from server.rules.reports.figures import (
    BINS,
    EDGES,
    Sample,
    Tally,
    TicketFact,
    bin_index,
    histogram_percentiles,
    pack_histogram,
    rates,
    unpack_histogram,
)
from server.rules.reports.periods import (
    PeriodKind,
    days_between,
    month_end,
    period_of,
    units_within,
)
from server.rules.reports.stats import percentile


def test_bins_are_ten_seconds_then_a_minute_then_coarser():
    assert EDGES[:3] == (0.0, 10.0, 20.0)
    assert bin_index(0) == 0 and bin_index(9.9) == 0 and bin_index(10) == 1
    assert EDGES[bin_index(600)] == 600.0 and EDGES[bin_index(600) + 1] == 660.0
    assert EDGES[bin_index(3600) + 1] - EDGES[bin_index(3600)] == 300.0
    assert bin_index(-5) == 0
    assert bin_index(10**9) == BINS - 1


def test_histograms_pack_to_bytes_and_back():
    counts = [random.Random(1).randrange(0, 5000) for _ in range(BINS)]
    packed = pack_histogram(counts)
    assert len(packed) == 4 * BINS
    assert list(unpack_histogram(packed)) == counts
    assert list(unpack_histogram(b"")) == [0] * BINS


def test_histogram_percentiles_stay_within_a_bin_of_the_exact_ones():
    rng = random.Random(7)
    values = sorted(rng.expovariate(1 / 600) for _ in range(5000))
    counts = [0] * BINS
    for value in values:
        counts[bin_index(value)] += 1
    for fraction, estimate in zip(
        (0.1, 0.5, 0.9), histogram_percentiles(counts, (0.1, 0.5, 0.9)), strict=True
    ):
        exact = percentile(values, fraction)
        width = EDGES[bin_index(exact) + 1] - EDGES[bin_index(exact)]
        assert abs(estimate - exact) <= width, fraction
    with pytest.raises(ValueError):
        histogram_percentiles([0] * BINS, (0.5,))


def test_one_value_is_read_as_the_middle_of_its_bin():
    counts = [0] * BINS
    counts[bin_index(125)] = 1
    assert histogram_percentiles(counts, (0.5, 0.9)) == [125.0, 125.0]


def test_samples_stay_exact_until_a_histogram_joins():
    first, second = Sample(), Sample()
    for value in (60, 120):
        first.add(value)
    second.add(300)
    first.merge(second)
    assert first.exact and first.summary() == {"mean": 160.0, "median": 120.0, "p90": 264.0}
    rolled = Sample.from_histogram(Sample([30.0, 50.0]).histogram(), 2, 80.0)
    first.merge(rolled)
    assert not first.exact
    assert (first.count, first.total) == (5, 560.0)
    assert first.summary()["mean"] == 112.0
    assert sum(first.histogram()) == 5
    first.add(45)  # an inexact sample counts new values into its histogram
    assert sum(first.histogram()) == 6
    assert sum(rolled.histogram()) == 2  # the merged-in histogram was not changed
    assert Sample().summary() == {"mean": None, "median": None, "p90": None}


def fact(status: str, wait: float | None, service: float | None, rating: str | None = None):
    """A ticket fact of office 1, service 1."""
    return TicketFact(1, date(2024, 6, 3), 1, None, None, status, wait, service, rating)


def test_a_tally_counts_outcomes_and_rates():
    tally = Tally()
    tally.add_ticket(fact("done", 60, 300, "very_satisfied"))
    tally.add_ticket(fact("done", 120, 200, "dissatisfied"))
    tally.add_ticket(fact("no_show", 600, None))
    tally.add_ticket(fact("cancelled", None, None))
    tally.add_ticket(fact("waiting", None, None))
    figures = tally.as_dict()
    assert (figures["issued"], figures["served"], figures["no_show"], figures["cancelled"]) == (
        5,
        2,
        1,
        1,
    )
    assert figures["wait_seconds"]["mean"] == 260.0
    assert rates(figures) == {
        "no_show_rate": 33.3,
        "rated": 2,
        "ratings_percent": {"very_satisfied": 50.0, "satisfied": 0.0, "dissatisfied": 50.0},
    }
    assert rates(Tally().as_dict())["no_show_rate"] is None


def test_periods_and_their_labels():
    assert period_of(date(2024, 2, 29), PeriodKind.DAY).label == "29/02/2024"
    month = period_of(date(2024, 2, 29), PeriodKind.MONTH)
    assert (month.key, month.label, month.start, month.end) == (
        "2024-02",
        "Tháng 2/2024",
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    quarter = period_of(date(2024, 11, 5), PeriodKind.QUARTER)
    assert (quarter.key, quarter.label, quarter.start, quarter.end) == (
        "2024-Q4",
        "Quý IV/2024",
        date(2024, 10, 1),
        date(2024, 12, 31),
    )
    assert month_end(date(2023, 12, 10)) == date(2023, 12, 31)
    months = units_within(date(2024, 1, 15), date(2024, 4, 30), PeriodKind.MONTH)
    assert [month.start for month in months] == [
        date(2024, 2, 1),
        date(2024, 3, 1),
        date(2024, 4, 1),
    ]
    assert units_within(date(2024, 1, 1), date(2024, 1, 30), PeriodKind.MONTH) == []
    year = units_within(date(2024, 1, 1), date(2025, 6, 30), PeriodKind.YEAR)
    assert [(y.label, y.end) for y in year] == [("Năm 2024", date(2024, 12, 31))]
    assert len(list(days_between(date(2024, 1, 1), date(2024, 12, 31)))) == 366
