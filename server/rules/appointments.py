"""Appointments (design §12): a day's slots, booking codes, the check-in window, remote caps."""

import hashlib
import hmac
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from server.rules.availability import WorkingSession, working_spans

# No 0/O, 1/I/L: a code read aloud or copied from paper cannot be mistaken.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

CHECK_IN_EARLY = timedelta(minutes=30)
CHECK_IN_LATE = timedelta(minutes=10)


@dataclass(frozen=True)
class Slot:
    """A bookable period of a service, as aware datetimes in the office's timezone."""

    start: datetime
    end: datetime


def day_slots(
    day: date,
    sessions: Sequence[WorkingSession],
    holidays: Collection[date],
    slot_minutes: int,
    timezone: str,
) -> list[Slot]:
    """The slots of a local day: whole slots inside each working period, none on a holiday."""
    if slot_minutes <= 0:
        raise ValueError("slot_minutes must be positive")
    if day in holidays:
        return []
    zone = ZoneInfo(timezone)
    midnight = datetime.combine(day, time(0))
    slots = []
    for start_minute, end_minute in working_spans(sessions, day.weekday()):
        # A slot never runs past the end of its session: the counter would be closed.
        for minute in range(start_minute, end_minute - slot_minutes + 1, slot_minutes):
            start = (midnight + timedelta(minutes=minute)).replace(tzinfo=zone)
            slots.append(Slot(start, start + timedelta(minutes=slot_minutes)))
    return slots


class SlotRefusal(StrEnum):
    """Why a time cannot be booked (all answer 422 `invalid_slot`)."""

    NOT_OFFERED = "not_offered"
    NOT_A_SLOT = "not_a_slot"
    PAST = "past"
    BEYOND_HORIZON = "beyond_horizon"


SLOT_REFUSAL_MESSAGES: dict[SlotRefusal, str] = {
    SlotRefusal.NOT_OFFERED: "Lĩnh vực này không nhận đặt lịch hẹn",
    SlotRefusal.NOT_A_SLOT: "Thời điểm không phải là đầu một khung giờ hẹn",
    SlotRefusal.PAST: "Khung giờ này đã qua",
    SlotRefusal.BEYOND_HORIZON: "Chỉ đặt được lịch trong những ngày sắp tới",
}


def booking_horizon(today: date, booking_days: int) -> date:
    """The last local day a booking may fall on."""
    return today + timedelta(days=booking_days)


def slot_refusal(
    start: datetime,
    slots: Sequence[Slot],
    now: datetime,
    today: date,
    booking_days: int,
) -> SlotRefusal | None:
    """Why `start` cannot be booked now among the day's `slots`, or None when it can.

    The current slot can be booked while its check-in window is open (§12): a booking whose
    check-in has closed would read `expired` the moment it is made.
    """
    slot = next((slot for slot in slots if slot.start == start), None)
    if slot is None:
        return SlotRefusal.NOT_A_SLOT
    if slot.end <= now or now > slot.start + CHECK_IN_LATE:
        return SlotRefusal.PAST
    if slot.start.date() > booking_horizon(today, booking_days):
        return SlotRefusal.BEYOND_HORIZON
    return None


def new_code() -> str:
    """A booking code: 6 characters of the look-alike-free alphabet (≈ 30 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A code as typed or scanned: spaces and dashes dropped, upper case."""
    return "".join(character for character in typed.upper() if character not in " -")


class CheckIn(StrEnum):
    """What a check-in attempt at `now` finds."""

    OK = "ok"
    TOO_EARLY = "too_early"
    EXPIRED = "expired"


@dataclass(frozen=True)
class CheckInWindow:
    """The answer of the window rule; `opens_at` says when to come back when too early."""

    result: CheckIn
    opens_at: datetime | None = None


def check_in_window(slot_start: datetime, now: datetime) -> CheckInWindow:
    """From 30 minutes before the slot starts to 10 minutes after, both ends included."""
    opens_at = slot_start - CHECK_IN_EARLY
    if now < opens_at:
        return CheckInWindow(CheckIn.TOO_EARLY, opens_at)
    if now > slot_start + CHECK_IN_LATE:
        return CheckInWindow(CheckIn.EXPIRED)
    return CheckInWindow(CheckIn.OK)


def remote_cap(daily_limit: int | None, remote_share: int) -> int | None:
    """How many remote numbers a service gives a day: `remote_share` percent of its limit.

    A service without a daily limit has no cap; the percentage rounds down.
    """
    if daily_limit is None:
        return None
    return daily_limit * remote_share // 100


def citizen_id_digest(citizen_id: str, key: str) -> str:
    """The keyed hash an ID number is kept as (HMAC-SHA256 under the server's secret key).

    Only the hash is stored: a check-in by ID card matches it, and nobody can read the ID
    back from the database or a backup without the key.
    """
    digits = "".join(character for character in citizen_id if character.isdigit())
    return hmac.new(key.encode(), digits.encode(), hashlib.sha256).hexdigest()
