"""Tests for a day's slots, booking codes, the check-in window and the remote cap (§12)."""

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from server.rules.appointments import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CheckIn,
    SlotRefusal,
    check_in_window,
    day_slots,
    new_code,
    normalise_code,
    remote_cap,
    slot_refusal,
)
from server.rules.availability import WorkingSession, working_spans

ZONE = "Asia/Ho_Chi_Minh"
HANOI = ZoneInfo(ZONE)
MONDAY = date(2026, 12, 7)
SESSIONS = [WorkingSession(0, 7 * 60 + 30, 11 * 60 + 30), WorkingSession(0, 13 * 60 + 30, 17 * 60)]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HANOI)


def test_slots_fill_each_session_and_stop_before_its_end():
    slots = day_slots(MONDAY, SESSIONS, set(), 15, ZONE)
    assert slots[0].start == local(MONDAY, 7, 30)
    assert slots[0].end == local(MONDAY, 7, 45)
    assert slots[15].end == local(MONDAY, 11, 30)  # 16 morning slots
    assert slots[16].start == local(MONDAY, 13, 30)
    assert slots[-1].end == local(MONDAY, 17)
    assert len(slots) == 16 + 14


def test_a_slot_longer_than_what_is_left_of_a_session_is_not_offered():
    slots = day_slots(MONDAY, [WorkingSession(0, 480, 530)], set(), 20, ZONE)
    assert [slot.start for slot in slots] == [local(MONDAY, 8), local(MONDAY, 8, 20)]


def test_no_slots_on_a_holiday_or_a_day_without_sessions():
    assert day_slots(MONDAY, SESSIONS, {MONDAY}, 15, ZONE) == []
    assert day_slots(MONDAY + timedelta(days=1), SESSIONS, set(), 15, ZONE) == []


@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 1439), st.integers(1, 600)),
        max_size=6,
    ).map(
        lambda rows: [
            WorkingSession(weekday, start, min(start + length, 1440))
            for weekday, start, length in rows
        ]
    ),
    st.integers(5, 120),
    st.dates(date(2026, 1, 1), date(2027, 12, 31)),
)
def test_property_slots_lie_inside_working_sessions_without_overlap(sessions, minutes, day):
    slots = day_slots(day, sessions, set(), minutes, ZONE)
    for slot in slots:
        assert slot.end - slot.start == timedelta(minutes=minutes)
        start = slot.start.hour * 60 + slot.start.minute
        spans = working_spans(sessions, day.weekday())
        assert any(low <= start and start + minutes <= high for low, high in spans)
    starts = [slot.start for slot in slots]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(slots))


def test_slot_refusals():
    slots = day_slots(MONDAY, SESSIONS, set(), 15, ZONE)
    now = local(MONDAY, 9, 5).astimezone(UTC)
    assert slot_refusal(local(MONDAY, 9), slots, now, MONDAY, 14) is None  # current slot
    assert slot_refusal(local(MONDAY, 8, 45), slots, now, MONDAY, 14) == SlotRefusal.PAST
    assert slot_refusal(local(MONDAY, 9, 7), slots, now, MONDAY, 14) == SlotRefusal.NOT_A_SLOT
    assert slot_refusal(local(MONDAY, 12), slots, now, MONDAY, 14) == SlotRefusal.NOT_A_SLOT


def test_the_current_slot_is_bookable_only_while_its_check_in_is_open():
    """A 9:00 slot can be booked at 9:10, not at 9:11: its check-in closes 10 minutes in."""
    slots = day_slots(MONDAY, SESSIONS, set(), 15, ZONE)
    open_still = local(MONDAY, 9, 10).astimezone(UTC)
    closed = local(MONDAY, 9, 11).astimezone(UTC)
    assert slot_refusal(local(MONDAY, 9), slots, open_still, MONDAY, 14) is None
    assert slot_refusal(local(MONDAY, 9), slots, closed, MONDAY, 14) == SlotRefusal.PAST


def test_booking_horizon():
    later = MONDAY + timedelta(days=14)
    slots = day_slots(later, SESSIONS, set(), 15, ZONE)
    now = local(MONDAY, 9).astimezone(UTC)
    assert slot_refusal(local(later, 8), slots, now, MONDAY, 14) is None
    too_far = MONDAY + timedelta(days=21)
    far_slots = day_slots(too_far, SESSIONS, set(), 15, ZONE)
    assert slot_refusal(local(too_far, 8), far_slots, now, MONDAY, 14) == (
        SlotRefusal.BEYOND_HORIZON
    )


def test_codes_use_the_alphabet_without_look_alikes():
    assert not set("0O1IL") & set(CODE_ALPHABET)
    for _ in range(200):
        code = new_code()
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)


def test_a_typed_code_is_normalised():
    assert normalise_code(" abc-7k9 ") == "ABC7K9"


SLOT = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def test_check_in_window_ends_included():
    assert check_in_window(SLOT, SLOT - timedelta(minutes=30)).result == CheckIn.OK
    assert check_in_window(SLOT, SLOT + timedelta(minutes=10)).result == CheckIn.OK
    early = check_in_window(SLOT, SLOT - timedelta(minutes=31))
    assert early.result == CheckIn.TOO_EARLY
    assert early.opens_at == SLOT - timedelta(minutes=30)
    assert check_in_window(SLOT, SLOT + timedelta(minutes=11)).result == CheckIn.EXPIRED


@given(st.integers(-24 * 60, 24 * 60))
def test_property_the_window_is_30_before_to_10_after(offset):
    answer = check_in_window(SLOT, SLOT + timedelta(minutes=offset))
    expected = CheckIn.TOO_EARLY if offset < -30 else CheckIn.EXPIRED if offset > 10 else CheckIn.OK
    assert answer.result == expected
    assert (answer.opens_at is not None) == (expected == CheckIn.TOO_EARLY)


def test_remote_cap_is_a_share_of_the_daily_limit():
    assert remote_cap(None, 30) is None
    assert remote_cap(100, 30) == 30
    assert remote_cap(10, 25) == 2
    assert remote_cap(100, 0) == 0
