"""Tests for whether a service can issue a ticket now, and why not."""

import unicodedata
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.rules.availability import (
    REASON_MESSAGES,
    REASON_MESSAGES_EN,
    Availability,
    ServiceLimits,
    Unavailable,
    WorkingSession,
    check_availability,
)

MONDAY = date(2024, 5, 6)
SATURDAY = date(2024, 5, 11)
SUNDAY = date(2024, 5, 12)


def hm(hour: int, minute: int) -> int:
    return hour * 60 + minute


# A usual one-stop office: Mon–Fri 07:30–11:30 and 13:30–17:00, Saturday morning only.
OFFICE_HOURS = [
    session
    for weekday in range(5)
    for session in (
        WorkingSession(weekday, hm(7, 30), hm(11, 30), "sáng"),
        WorkingSession(weekday, hm(13, 30), hm(17, 0), "chiều"),
    )
] + [WorkingSession(5, hm(7, 30), hm(11, 30), "sáng")]
AROUND_THE_CLOCK = [WorkingSession(weekday, 0, 1440) for weekday in range(7)]
OPEN = ServiceLimits()


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second)


def check(
    local_now: datetime,
    limits: ServiceLimits = OPEN,
    sessions: list[WorkingSession] = OFFICE_HOURS,
    holidays: frozenset[date] = frozenset(),
) -> Availability:
    return check_availability(limits, sessions, holidays, local_now)


def test_weekday_dates_are_what_the_tests_assume():
    assert (MONDAY.weekday(), SATURDAY.weekday(), SUNDAY.weekday()) == (0, 5, 6)


def test_available_during_a_session():
    result = check(at(MONDAY, 9, 0))
    assert result == Availability(True, None, hm(11, 30))
    assert result.message is None


def test_available_on_saturday_morning_only():
    assert check(at(SATURDAY, 9, 0)).available
    assert check(at(SATURDAY, 14, 0)).reason is Unavailable.AFTER_HOURS


def test_inactive_service_wins_over_every_other_reason():
    limits = ServiceLimits(active=False, counters_configured=0, daily_limit=0)
    assert check(at(SUNDAY, 3), limits, holidays=frozenset({SUNDAY})).reason is Unavailable.INACTIVE
    assert check(at(MONDAY, 9), ServiceLimits(active=False)).reason is Unavailable.INACTIVE


def test_service_without_counters_is_unavailable():
    result = check(at(MONDAY, 9), ServiceLimits(counters_configured=0))
    assert result == Availability(False, Unavailable.NO_COUNTER)
    assert result.message == "Chưa có quầy phục vụ"


def test_no_counter_wins_over_holiday():
    limits = ServiceLimits(counters_configured=0)
    assert (
        check(at(MONDAY, 9), limits, holidays=frozenset({MONDAY})).reason is Unavailable.NO_COUNTER
    )


def test_holiday():
    result = check(at(MONDAY, 9), holidays=frozenset({MONDAY}))
    assert result == Availability(False, Unavailable.HOLIDAY)
    assert result.message == "Hôm nay là ngày nghỉ"


def test_holiday_on_another_day_does_not_matter():
    holidays = frozenset({MONDAY - timedelta(days=1), MONDAY + timedelta(days=1)})
    assert check(at(MONDAY, 9), holidays=holidays).available


def test_holiday_wins_over_closed_day():
    assert check(at(SUNDAY, 9), holidays=frozenset({SUNDAY})).reason is Unavailable.HOLIDAY


def test_day_without_sessions_is_closed():
    assert check(at(SUNDAY, 9)) == Availability(False, Unavailable.CLOSED_TODAY)
    assert check(at(MONDAY, 9), sessions=[]).reason is Unavailable.CLOSED_TODAY


@pytest.mark.parametrize(
    ("hour", "minute", "reason"),
    [
        (0, 0, Unavailable.BEFORE_HOURS),
        (7, 29, Unavailable.BEFORE_HOURS),
        (7, 30, None),  # start is inclusive
        (11, 29, None),
        (11, 30, Unavailable.BETWEEN_SESSIONS),  # end is exclusive
        (12, 0, Unavailable.BETWEEN_SESSIONS),
        (13, 29, Unavailable.BETWEEN_SESSIONS),
        (13, 30, None),
        (16, 59, None),
        (17, 0, Unavailable.AFTER_HOURS),
        (23, 59, Unavailable.AFTER_HOURS),
    ],
)
def test_session_boundaries(hour, minute, reason):
    result = check(at(MONDAY, hour, minute))
    assert result.reason is reason
    assert result.available is (reason is None)


def test_seconds_do_not_move_a_boundary():
    assert check(at(MONDAY, 7, 29, 59)).reason is Unavailable.BEFORE_HOURS
    assert check(at(MONDAY, 11, 29, 59)).available


def test_before_hours_and_between_sessions_say_when_the_next_session_starts():
    assert check(at(MONDAY, 6, 45)).opens_at_minute == hm(7, 30)
    assert check(at(MONDAY, 12)).opens_at_minute == hm(13, 30)
    assert check(at(MONDAY, 9)).opens_at_minute is None
    assert check(at(MONDAY, 17, 30)).opens_at_minute is None  # tomorrow: "next working day"
    three = [*OFFICE_HOURS, WorkingSession(0, hm(18, 0), hm(20, 0), "tối")]
    assert check(at(MONDAY, 17, 15), sessions=three).opens_at_minute == hm(18, 0)


def test_closing_time_is_that_of_the_current_session():
    assert check(at(MONDAY, 14)).closes_at_minute == hm(17, 0)
    assert check(at(MONDAY, 12)).closes_at_minute is None


@pytest.mark.parametrize(
    ("hour", "minute", "available"),
    [(11, 14, True), (11, 15, False), (11, 29, False), (16, 44, True), (16, 45, False)],
)
def test_cut_off_before_each_session_ends(hour, minute, available):
    result = check(at(MONDAY, hour, minute), ServiceLimits(cutoff_minutes=15))
    assert result.available is available
    if not available:
        assert result.reason is Unavailable.CUT_OFF
        assert result.message == "Đã hết giờ cấp số"
        assert result.closes_at_minute in (hm(11, 30), hm(17, 0))


def test_cut_off_seconds_do_not_matter():
    assert check(at(MONDAY, 11, 14, 59), ServiceLimits(cutoff_minutes=15)).available


def test_zero_cut_off_issues_until_the_last_minute():
    assert check(at(MONDAY, 16, 59, 59), ServiceLimits(cutoff_minutes=0)).available


def test_daily_limit_reached():
    result = check(at(MONDAY, 9), ServiceLimits(daily_limit=100, issued_today=100))
    assert result == Availability(False, Unavailable.DAILY_LIMIT, hm(11, 30))
    assert result.message == "Đã hết số trong ngày"
    assert result.reason == "daily_limit_reached"


@pytest.mark.parametrize(
    ("daily_limit", "issued_today", "available"),
    [(100, 99, True), (100, 101, False), (0, 0, False), (None, 10_000, True), (1, 0, True)],
)
def test_daily_limit(daily_limit, issued_today, available):
    limits = ServiceLimits(daily_limit=daily_limit, issued_today=issued_today)
    assert check(at(MONDAY, 9), limits).available is available


def test_cut_off_is_reported_before_the_daily_limit():
    limits = ServiceLimits(cutoff_minutes=30, daily_limit=1, issued_today=1)
    assert check(at(MONDAY, 11, 10), limits).reason is Unavailable.CUT_OFF


def test_closed_hours_are_reported_before_the_daily_limit():
    limits = ServiceLimits(daily_limit=1, issued_today=1)
    assert check(at(MONDAY, 12), limits).reason is Unavailable.BETWEEN_SESSIONS


def test_overlapping_sessions_count_as_one():
    sessions = [WorkingSession(0, hm(7, 30), hm(10, 0)), WorkingSession(0, hm(9, 50), hm(11, 30))]
    result = check(at(MONDAY, 9, 55), ServiceLimits(cutoff_minutes=15), sessions)
    assert result == Availability(True, None, hm(11, 30))


def test_adjacent_sessions_count_as_one():
    sessions = [WorkingSession(0, hm(7, 30), hm(10, 0)), WorkingSession(0, hm(10, 0), hm(11, 30))]
    assert check(at(MONDAY, 9, 50), ServiceLimits(cutoff_minutes=15), sessions).available
    assert check(at(MONDAY, 10, 0), sessions=sessions).closes_at_minute == hm(11, 30)


def test_session_inside_another_does_not_shorten_it():
    sessions = [WorkingSession(0, hm(7, 0), hm(17, 0)), WorkingSession(0, hm(8, 0), hm(9, 0))]
    assert check(at(MONDAY, 9, 30), sessions=sessions).closes_at_minute == hm(17, 0)


def test_sessions_may_be_given_in_any_order():
    assert check(at(MONDAY, 12), sessions=list(reversed(OFFICE_HOURS))).reason is (
        Unavailable.BETWEEN_SESSIONS
    )


def test_around_the_clock_office_never_cuts_off():
    limits = ServiceLimits(cutoff_minutes=30)
    result = check(at(MONDAY, 23, 59), limits, AROUND_THE_CLOCK)
    assert result == Availability(True, None, None)


def test_around_the_clock_office_cuts_off_before_a_holiday():
    limits = ServiceLimits(cutoff_minutes=30)
    holidays = frozenset({MONDAY + timedelta(days=1)})
    assert check(at(MONDAY, 23, 29), limits, AROUND_THE_CLOCK, holidays).available
    result = check(at(MONDAY, 23, 30), limits, AROUND_THE_CLOCK, holidays)
    assert result == Availability(False, Unavailable.CUT_OFF, 1440)


def test_around_the_clock_office_cuts_off_before_a_holiday_days_ahead():
    # Thursday is a holiday: from Monday 00:00 the office works exactly three more days.
    limits = ServiceLimits(cutoff_minutes=3 * 1440 - 1)
    holidays = frozenset({MONDAY + timedelta(days=3)})
    assert check(at(MONDAY, 0, 0), limits, AROUND_THE_CLOCK, holidays).available
    assert check(at(MONDAY, 0, 1), limits, AROUND_THE_CLOCK, holidays).reason is Unavailable.CUT_OFF


def test_session_until_midnight_without_a_next_day_closes_at_midnight():
    sessions = [WorkingSession(0, hm(20, 0), 1440)]
    limits = ServiceLimits(cutoff_minutes=30)
    assert check(at(MONDAY, 23, 29), limits, sessions) == Availability(True, None, 1440)
    assert check(at(MONDAY, 23, 30), limits, sessions).reason is Unavailable.CUT_OFF


def test_next_day_session_not_starting_at_midnight_does_not_continue():
    sessions = [WorkingSession(0, hm(20, 0), 1440), WorkingSession(1, 1, hm(2, 0))]
    limits = ServiceLimits(cutoff_minutes=30)
    assert check(at(MONDAY, 23, 30), limits, sessions).reason is Unavailable.CUT_OFF


def test_night_shift_across_midnight_counts_the_cut_off_to_the_real_end():
    # Monday 20:00 until Tuesday 01:00, stop issuing 30 minutes before.
    sessions = [WorkingSession(0, hm(20, 0), 1440), WorkingSession(1, 0, hm(1, 0))]
    limits = ServiceLimits(cutoff_minutes=30)
    tuesday = MONDAY + timedelta(days=1)
    assert check(at(MONDAY, 23, 50), limits, sessions) == Availability(True, None, None)
    assert check(at(tuesday, 0, 29), limits, sessions) == Availability(True, None, hm(1, 0))
    assert check(at(tuesday, 0, 30), limits, sessions).reason is Unavailable.CUT_OFF
    assert check(at(tuesday, 1, 0), limits, sessions).reason is Unavailable.AFTER_HOURS


def test_sunday_night_continues_into_monday():
    sessions = [WorkingSession(6, hm(22, 0), 1440), WorkingSession(0, 0, hm(6, 0))]
    assert check(at(SUNDAY, 23, 59), ServiceLimits(cutoff_minutes=60), sessions).available


def test_aware_local_time_is_read_on_its_own_wall_clock():
    local_now = datetime(2024, 5, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert check(local_now).available


@pytest.mark.parametrize(
    ("weekday", "start", "end"),
    [(7, 0, 60), (-1, 0, 60), (0, 60, 60), (0, 90, 60), (0, -1, 60), (0, 0, 1441)],
)
def test_impossible_sessions_are_refused(weekday, start, end):
    with pytest.raises(ValueError):
        WorkingSession(weekday, start, end)


@pytest.mark.parametrize(("available", "reason"), [(True, Unavailable.CUT_OFF), (False, None)])
def test_availability_must_be_consistent(available, reason):
    with pytest.raises(ValueError):
        Availability(available, reason)


def test_wire_values_are_stable():
    assert {reason.value for reason in Unavailable} == {
        "inactive",
        "holiday",
        "closed_today",
        "before_hours",
        "between_sessions",
        "after_hours",
        "cut_off",
        "daily_limit_reached",
        "no_counter",
    }


@pytest.mark.parametrize("reason", list(Unavailable))
def test_every_reason_has_a_message_in_both_languages(reason):
    vietnamese = REASON_MESSAGES[reason]
    assert vietnamese
    assert unicodedata.is_normalized("NFC", vietnamese)
    assert REASON_MESSAGES_EN[reason].isascii()
    assert Availability(False, reason).message == vietnamese


def test_vietnamese_messages_are_the_agreed_ones():
    assert REASON_MESSAGES == {
        Unavailable.INACTIVE: "Lĩnh vực tạm ngừng",
        Unavailable.HOLIDAY: "Hôm nay là ngày nghỉ",
        Unavailable.CLOSED_TODAY: "Hôm nay không làm việc",
        Unavailable.BEFORE_HOURS: "Chưa đến giờ làm việc",
        Unavailable.BETWEEN_SESSIONS: "Đang nghỉ giữa giờ",
        Unavailable.AFTER_HOURS: "Đã hết giờ làm việc",
        Unavailable.CUT_OFF: "Đã hết giờ cấp số",
        Unavailable.DAILY_LIMIT: "Đã hết số trong ngày",
        Unavailable.NO_COUNTER: "Chưa có quầy phục vụ",
    }


# --- properties --------------------------------------------------------------

sessions_on_monday = st.lists(
    st.tuples(st.integers(0, 1439), st.integers(1, 1440))
    .filter(lambda pair: pair[0] < pair[1])
    .map(lambda pair: WorkingSession(0, *pair)),
    min_size=1,
    max_size=4,
)
minutes = st.integers(0, 1439)


def monday_at(minute: int) -> datetime:
    return datetime.combine(MONDAY, datetime.min.time()) + timedelta(minutes=minute)


@given(sessions_on_monday, minutes)
def test_without_limits_available_exactly_inside_a_session(sessions, minute):
    result = check(monday_at(minute), sessions=sessions)
    inside = any(session.start_minute <= minute < session.end_minute for session in sessions)
    assert result.available is inside


@given(sessions_on_monday, minutes)
def test_outside_hours_reason_matches_where_the_minute_falls(sessions, minute):
    result = check(monday_at(minute), sessions=sessions)
    if result.available:
        return
    if minute < min(session.start_minute for session in sessions):
        assert result.reason is Unavailable.BEFORE_HOURS
    elif minute >= max(session.end_minute for session in sessions):
        assert result.reason is Unavailable.AFTER_HOURS
    else:
        assert result.reason is Unavailable.BETWEEN_SESSIONS


@given(sessions_on_monday, minutes, st.integers(0, 600), st.integers(0, 600))
def test_a_longer_cut_off_never_reopens_issuing(sessions, minute, short, long):
    short, long = sorted((short, long))
    if not check(monday_at(minute), ServiceLimits(cutoff_minutes=short), sessions).available:
        limits = ServiceLimits(cutoff_minutes=long)
        assert not check(monday_at(minute), limits, sessions).available


@given(sessions_on_monday, minutes, st.integers(0, 600))
def test_cut_off_leaves_exactly_the_minutes_before_closing(sessions, minute, cutoff):
    result = check(monday_at(minute), ServiceLimits(cutoff_minutes=cutoff), sessions)
    if result.reason is Unavailable.CUT_OFF or result.available:
        assert result.closes_at_minute is not None
        assert (result.closes_at_minute - minute > cutoff) is result.available


@given(sessions_on_monday, minutes, st.data())
def test_session_order_does_not_matter(sessions, minute, data):
    shuffled = data.draw(st.permutations(sessions))
    limits = ServiceLimits(cutoff_minutes=data.draw(st.integers(0, 120)))
    assert check(monday_at(minute), limits, shuffled) == check(monday_at(minute), limits, sessions)
