"""Estimated wait for a citizen: people ahead × expected service time ÷ open counters.

The expected service time starts at the service's configured time and leans on it while the
history is short: the configured time counts as `PRIOR_SERVICES` services of that length, and
each recorded service is held within `OUTLIER_FACTOR` of it both ways (a 10-second "service" is
a mistaken tap, an 8-hour one a forgotten "complete"). So a few very short or very long
services move the estimate a little at a time, never from an hour to a minute.
"""

import math
from collections.abc import Sequence

PRIOR_SERVICES = 8
OUTLIER_FACTOR = 4


def plausible_seconds(duration: float, default_seconds: float) -> float:
    """A recorded duration held within OUTLIER_FACTOR of the configured one, both ways."""
    return min(max(duration, default_seconds / OUTLIER_FACTOR), default_seconds * OUTLIER_FACTOR)


def mean_service_seconds(durations: Sequence[float], default_seconds: float) -> float:
    """The expected service time: recorded durations blended with the configured time.

    Non-positive and non-finite durations are left out; without any, it is the configured time.
    """
    usable = [
        plausible_seconds(d, default_seconds) for d in durations if d > 0 and math.isfinite(d)
    ]
    return (PRIOR_SERVICES * default_seconds + sum(usable)) / (PRIOR_SERVICES + len(usable))


def largest_step_seconds(default_seconds: float) -> float:
    """The most one more recorded service can move the expected service time."""
    span = default_seconds * OUTLIER_FACTOR - default_seconds / OUTLIER_FACTOR
    return span / (PRIOR_SERVICES + 1)


def estimate_wait_minutes(
    people_ahead: int,
    recent_service_seconds: Sequence[float],
    open_counters: int,
    default_service_minutes: float = 5.0,
) -> int:
    """Return the estimated wait in whole minutes, rounded up; 0 when nobody is ahead.

    With no counter open (before opening), it estimates as if one will open; screens say that
    no counter is open from the service's `open_counters`, not from this number.
    """
    if people_ahead < 0:
        raise ValueError(f"people_ahead must be >= 0, got {people_ahead}")
    if people_ahead == 0:
        return 0
    mean = mean_service_seconds(recent_service_seconds, default_service_minutes * 60)
    seconds = people_ahead * mean / max(open_counters, 1)
    # Round away float noise first, so 3 × 60 s never shows as 4 minutes.
    return math.ceil(round(seconds / 60, 6))
