"""Tests for business days and local time in an office's timezone."""

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.rules.business_day import business_date, day_bounds_utc, local_time, session_name

VN = "Asia/Ho_Chi_Minh"

# Vietnam has no DST; the others have DST gaps/overlaps at or near midnight, a skipped
# day (Apia, 2011-12-30), half-hour shifts (Lord Howe) and fractional offsets (Kathmandu).
ZONES = [
    VN,
    "UTC",
    "America/New_York",
    "America/Santiago",
    "America/Havana",
    "Asia/Beirut",
    "Pacific/Apia",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
]

instants = st.datetimes(
    min_value=datetime(1995, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)


def test_business_date_follows_the_office_timezone_not_utc():
    # 17:00 UTC is midnight in Vietnam (UTC+7).
    assert business_date(datetime(2024, 5, 1, 16, 59, 59, tzinfo=UTC), VN) == date(2024, 5, 1)
    assert business_date(datetime(2024, 5, 1, 17, 0, tzinfo=UTC), VN) == date(2024, 5, 2)


def test_business_date_accepts_any_aware_datetime():
    plus_nine = timezone(timedelta(hours=9))
    # 01:30 in UTC+9 is 23:30 the previous day in UTC+7.
    assert business_date(datetime(2024, 5, 2, 1, 30, tzinfo=plus_nine), VN) == date(2024, 5, 1)


@pytest.mark.parametrize("function", [business_date, local_time])
def test_naive_datetime_is_refused(function):
    with pytest.raises(ValueError, match="timezone-aware"):
        function(datetime(2024, 5, 1, 9, 0), VN)


def test_unknown_timezone_is_refused():
    with pytest.raises(ZoneInfoNotFoundError):
        business_date(datetime(2024, 5, 1, tzinfo=UTC), "Asia/Atlantis")


def test_local_time_is_aware_and_in_the_office_zone():
    local = local_time(datetime(2024, 5, 1, 1, 30, tzinfo=UTC), VN)
    assert local.tzinfo == ZoneInfo(VN)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2024, 5, 1, 8, 30)
    assert local == datetime(2024, 5, 1, 1, 30, tzinfo=UTC)


def test_day_bounds_in_vietnam():
    start, end = day_bounds_utc(date(2024, 5, 2), VN)
    assert start == datetime(2024, 5, 1, 17, 0, tzinfo=UTC)
    assert end == datetime(2024, 5, 2, 17, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)
    assert end.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("day", "zone", "hours"),
    [
        (date(2024, 3, 10), "America/New_York", 23),  # spring forward at 02:00
        (date(2024, 11, 3), "America/New_York", 25),  # fall back at 02:00
        (date(2024, 9, 8), "America/Santiago", 23),  # midnight itself is skipped
        (date(2024, 4, 6), "America/Santiago", 25),  # 23:00-24:00 happens twice
        (date(2011, 12, 30), "Pacific/Apia", 0),  # the whole day was skipped
        (date(2024, 5, 2), VN, 24),
    ],
)
def test_day_length_across_daylight_saving_changes(day, zone, hours):
    start, end = day_bounds_utc(day, zone)
    assert end - start == timedelta(hours=hours)


def test_day_starting_in_a_dst_gap_starts_when_the_clock_jumps():
    # Santiago, 2024-09-08: clocks go from 23:59:59 (UTC-4) straight to 01:00 (UTC-3).
    start, _ = day_bounds_utc(date(2024, 9, 8), "America/Santiago")
    assert start == datetime(2024, 9, 8, 4, 0, tzinfo=UTC)
    assert business_date(start - timedelta(seconds=1), "America/Santiago") == date(2024, 9, 7)
    assert business_date(start, "America/Santiago") == date(2024, 9, 8)


@given(instants, st.sampled_from(ZONES))
def test_an_instant_lies_within_the_bounds_of_its_business_day(instant, zone):
    start, end = day_bounds_utc(business_date(instant, zone), zone)
    assert start <= instant < end


@given(instants, st.sampled_from(ZONES))
def test_consecutive_days_tile_time_without_gap_or_overlap(instant, zone):
    day = business_date(instant, zone)
    _, end = day_bounds_utc(day, zone)
    next_start, _ = day_bounds_utc(day + timedelta(days=1), zone)
    assert end == next_start


@given(instants, st.sampled_from(ZONES))
def test_business_date_is_the_local_calendar_date(instant, zone):
    assert business_date(instant, zone) == local_time(instant, zone).date()


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(0, 0, "sáng"), (7, 30, "sáng"), (11, 59, "sáng"), (12, 0, "chiều"), (23, 59, "chiều")],
)
def test_session_name(hour, minute, expected):
    assert session_name(datetime(2024, 5, 2, hour, minute, tzinfo=ZoneInfo(VN))) == expected


def test_session_name_uses_the_wall_clock_it_is_given():
    # 04:30 UTC is 11:30 in Vietnam: the caller converts first, the rule does not.
    assert session_name(datetime(2024, 5, 2, 4, 30, tzinfo=UTC)) == "sáng"
    assert session_name(local_time(datetime(2024, 5, 2, 5, 0, tzinfo=UTC), VN)) == "chiều"


def test_session_names_are_nfc():
    for name in ("sáng", "chiều"):
        assert unicodedata.is_normalized("NFC", name)
    assert session_name(datetime(2024, 5, 2, 9, 0)) == unicodedata.normalize("NFC", "sáng")
