"""Tests for the estimated wait shown to a citizen."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.rules.estimate import (
    estimate_wait_minutes,
    largest_step_seconds,
    mean_service_seconds,
)

durations = st.lists(st.floats(min_value=1, max_value=7200), max_size=30)


def test_nobody_ahead_means_no_wait():
    assert estimate_wait_minutes(0, [], 0) == 0
    assert estimate_wait_minutes(0, [600.0, 900.0], 3) == 0


def test_default_service_time_when_there_is_no_history():
    assert estimate_wait_minutes(3, [], 1) == 15
    assert estimate_wait_minutes(3, [], 1, default_service_minutes=2.0) == 6


def test_recent_durations_blend_with_the_configured_time():
    # Two services of 150 s beside 8 × 300 s: (2400 + 300) / 10 = 270 s; 4 × 270 s = 18 min.
    assert estimate_wait_minutes(4, [120.0, 180.0], 1) == 18
    # After many, the history speaks: 40 × 120 s beside 8 × 300 s is 150 s each.
    assert estimate_wait_minutes(4, [120.0] * 40, 1) == 10


def test_open_counters_share_the_line():
    assert estimate_wait_minutes(4, [120.0, 180.0], 2) == 9
    assert estimate_wait_minutes(3, [], 2) == 8  # 7.5 rounds up


def test_a_few_very_short_services_do_not_collapse_the_estimate():
    """The review's case: 12 people ahead of a 5-minute service; three 10-second services."""
    before = estimate_wait_minutes(12, [], 1)
    after = estimate_wait_minutes(12, [10.0, 10.0, 10.0], 1)
    assert before == 60
    assert 45 <= after < before


@pytest.mark.parametrize("open_counters", [0, -1])
def test_no_open_counter_estimates_as_if_one_will_open(open_counters):
    assert estimate_wait_minutes(3, [], open_counters) == estimate_wait_minutes(3, [], 1) == 15


def test_rounds_up_to_whole_minutes():
    assert estimate_wait_minutes(1, [], 1, default_service_minutes=61 / 60) == 2
    assert estimate_wait_minutes(1, [1.0], 5, default_service_minutes=1 / 60) == 1


def test_float_noise_does_not_add_a_minute():
    # 25 × (0.52 × 60) / 60 is 13.000000000000002 in floating point.
    assert estimate_wait_minutes(25, [], 1, default_service_minutes=0.52) == 13


def test_default_is_used_when_history_has_no_usable_duration():
    assert estimate_wait_minutes(2, [0.0, -30.0, math.nan], 1) == 10


def test_negative_people_ahead_is_refused():
    with pytest.raises(ValueError, match="people_ahead"):
        estimate_wait_minutes(-1, [], 1)


def test_forgotten_completion_counts_as_four_times_the_configured_time_at_most():
    recent = [300.0, 300.0, 8 * 3600.0]
    # (8 × 300 + 300 + 300 + 1200) / 11 = 381.8 s; 2 × 381.8 s = 12.7 minutes.
    assert estimate_wait_minutes(2, recent, 1) == 13


def test_mean_service_seconds_without_history_is_the_default():
    assert mean_service_seconds([], 300.0) == 300.0


def test_mean_service_seconds_ignores_non_positive_and_non_finite_values():
    usable = mean_service_seconds([100.0, 200.0], 120.0)
    assert mean_service_seconds([0.0, -5.0, 100.0, math.nan, math.inf, 200.0], 120.0) == usable
    assert mean_service_seconds([0.0, -5.0], 42.0) == 42.0


def test_each_duration_is_held_within_four_times_the_configured_time():
    assert mean_service_seconds([1.0] * 1000, 400.0) == pytest.approx(100.0, rel=0.03)
    assert mean_service_seconds([99_999.0] * 1000, 400.0) == pytest.approx(1600.0, rel=0.03)


@given(durations, st.floats(min_value=1, max_value=10_000))
def test_mean_lies_within_the_plausible_range(values, default):
    mean = mean_service_seconds(values, default)
    assert default / 4 * (1 - 1e-9) <= mean <= default * 4 * (1 + 1e-9)


@given(durations, st.floats(min_value=1, max_value=7200), st.floats(min_value=1, max_value=3600))
def test_one_more_service_moves_the_mean_by_a_bounded_step(values, new, default):
    step = abs(
        mean_service_seconds([*values, new], default) - mean_service_seconds(values, default)
    )
    assert step <= largest_step_seconds(default) * (1 + 1e-9)


@given(
    st.integers(0, 200),
    durations,
    st.floats(min_value=1, max_value=7200),
    st.integers(1, 20),
    st.floats(min_value=0.5, max_value=60),
)
def test_one_more_service_moves_the_estimate_by_a_bounded_step(
    people, recent, new, counters, default_minutes
):
    """However short or long a service was, the estimate moves by at most this many minutes."""
    before = estimate_wait_minutes(people, recent, counters, default_minutes)
    after = estimate_wait_minutes(people, [*recent, new], counters, default_minutes)
    bound = people * largest_step_seconds(default_minutes * 60) / counters / 60
    assert abs(after - before) <= math.ceil(bound) + 1


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
    assert estimate_wait_minutes(people, [minutes_each * 60.0], counters, minutes_each) == expected
