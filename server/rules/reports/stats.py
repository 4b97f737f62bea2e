"""Summary statistics for report figures."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile of already sorted values (fraction in 0..1)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    weight = position - low
    return sorted_values[low] * (1 - weight) + sorted_values[high] * weight


def summarize(values: Sequence[float]) -> dict[str, float | None]:
    """Mean, median and 90th percentile, rounded to 0.1; all None when there are no values."""
    if not values:
        return {"mean": None, "median": None, "p90": None}
    ordered = sorted(values)
    return {
        "mean": round(sum(ordered) / len(ordered), 1),
        "median": round(percentile(ordered, 0.5), 1),
        "p90": round(percentile(ordered, 0.9), 1),
    }
