"""Tests for the estimated wait shown to a citizen."""

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.rules.estimate import estimate_wait_minutes, mean_service_seconds

durations = st.lists(st.floats(min_value=1, max_value=7200), max_size=30)


def test_nobody_ahead_means_no_wait():
    assert estimate_wait_minutes(0, [], 0) == 0
    assert estimate_wait_minutes(0, [600.0, 900.0], 3) == 0


def test_default_service_time_when_there_is_no_history():
    assert estimate_wait_minutes(3, [], 1) == 15
    assert estimate_wait_minutes(3, [], 1, default_service_minutes=2.0) == 6


def test_recent_durations_replace_the_default():
    # Mean 150 s; 4 people × 150 s = 10 minutes.
    assert estimate_wait_minutes(4, [120.0, 180.0], 1) == 10


def test_open_counters_share_the_line():
    assert estimate_wait_minutes(4, [120.0, 180.0], 2) == 5
    assert estimate_wait_minutes(3, [], 2) == 8  # 7.5 rounds up


@pytest.mark.parametrize("open_counters", [0, -1])
def test_no_open_counter_estimates_as_if_one_will_open(open_counters):
    assert estimate_wait_minutes(3, [], open_counters) == estimate_wait_minutes(3, [], 1) == 15


def test_rounds_up_to_whole_minutes():
    assert estimate_wait_minutes(1, [61.0], 1) == 2
    assert estimate_wait_minutes(1, [1.0], 5) == 1


def test_float_noise_does_not_add_a_minute():
    # 25 × (0.52 × 60) / 60 is 13.000000000000002 in floating point.
    assert estimate_wait_minutes(25, [], 1, default_service_minutes=0.52) == 13


def test_default_is_used_when_history_has_no_usable_duration():
    assert estimate_wait_minutes(2, [0.0, -30.0, math.nan], 1) == 10


def test_negative_people_ahead_is_refused():
    with pytest.raises(ValueError, match="people_ahead"):
        estimate_wait_minutes(-1, [], 1)


def test_forgotten_completion_does_not_inflate_the_estimate():
    recent = [300.0, 280.0, 320.0, 8 * 3600.0]
    assert estimate_wait_minutes(2, recent, 1) == 10


def test_mean_service_seconds_without_history_is_the_default():
    assert mean_service_seconds([], 300.0) == 300.0


def test_mean_service_seconds_ignores_non_positive_and_non_finite_values():
    assert mean_service_seconds([0.0, -5.0, 100.0, math.nan, math.inf, 200.0], 1.0) == 150.0
    assert mean_service_seconds([0.0, -5.0], 42.0) == 42.0


def test_mean_service_seconds_trims_values_above_four_times_the_median():
    # Median 105 s, so anything above 420 s is a clerk who forgot to press complete.
    assert mean_service_seconds([100.0, 110.0, 90.0, 3600.0], 1.0) == 100.0


def test_mean_service_seconds_keeps_a_value_of_exactly_four_times_the_median():
    assert mean_service_seconds([100.0, 100.0, 400.0], 1.0) == 200.0


def test_mean_service_seconds_of_one_value_is_that_value():
    assert mean_service_seconds([37.5], 300.0) == 37.5


@given(durations.filter(bool))
def test_mean_lies_between_the_shortest_duration_and_four_times_the_median(values):
    mean = mean_service_seconds(values, 300.0)
    assert min(values) <= mean * (1 + 1e-9)
    assert mean <= 4 * statistics.median(values) * (1 + 1e-9)


@given(durations, st.floats(min_value=1, max_value=10_000))
def test_mean_is_never_affected_by_unusable_values(values, default):
    noisy = [*values, 0.0, -1.0, math.nan, math.inf]
    assert mean_service_seconds(noisy, default) == mean_service_seconds(values, default)


@given(st.integers(0, 500), durations, st.integers(0, 20))
def test_more_people_ahead_never_shortens_the_wait(people, recent, counters):
    assert estimate_wait_minutes(people, recent, counters) <= estimate_wait_minutes(
        people + 1, recent, counters
    )


@given(st.integers(0, 500), durations, st.integers(1, 20))
def test_more_open_counters_never_lengthen_the_wait(people, recent, counters):
    assert estimate_wait_minutes(people, recent, counters + 1) <= estimate_wait_minutes(
        people, recent, counters
    )


@given(st.integers(1, 500), durations, st.integers(0, 20))
def test_someone_ahead_always_means_at_least_a_minute(people, recent, counters):
    assert estimate_wait_minutes(people, recent, counters) >= 1


@given(st.integers(0, 500), st.integers(1, 20), st.integers(1, 60))
def test_whole_minute_services_give_the_exact_ceiling(people, counters, minutes_each):
    expected = math.ceil(people * minutes_each / counters)
    assert estimate_wait_minutes(people, [minutes_each * 60.0], counters) == expected
