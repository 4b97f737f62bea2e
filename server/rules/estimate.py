"""Estimated wait for a citizen: people ahead × recent mean service time ÷ open counters."""

import math
import statistics
from collections.abc import Sequence

# A duration this many times the median is almost surely a clerk who forgot to press
# "complete", not a real service, and would inflate every estimate.
_OUTLIER_FACTOR = 4


def mean_service_seconds(durations: Sequence[float], default_seconds: float) -> float:
    """Return the mean of plausible service durations, or `default_seconds` if there are none."""
    usable = [d for d in durations if d > 0 and math.isfinite(d)]
    if not usable:
        return default_seconds
    ceiling = _OUTLIER_FACTOR * statistics.median(usable)
    # Never empty: at least half of the values are at or below the median.
    return statistics.fmean(d for d in usable if d <= ceiling)


def estimate_wait_minutes(
    people_ahead: int,
    recent_service_seconds: Sequence[float],
    open_counters: int,
    default_service_minutes: float = 5.0,
) -> int:
    """Return the estimated wait in whole minutes, rounded up; 0 when nobody is ahead."""
    if people_ahead < 0:
        raise ValueError(f"people_ahead must be >= 0, got {people_ahead}")
    if people_ahead == 0:
        return 0
    mean = mean_service_seconds(recent_service_seconds, default_service_minutes * 60)
    # With no counter open yet (before opening), estimate as if one will be.
    seconds = people_ahead * mean / max(open_counters, 1)
    # Round away float noise first, so 3 × 60 s never shows as 4 minutes.
    return math.ceil(round(seconds / 60, 6))
