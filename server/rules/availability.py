"""Whether a service can issue a ticket right now, and if not, why (shown on the kiosk)."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class WorkingSession:
    """A working period on one weekday, in minutes of the local day; end 1440 = midnight."""

    weekday: int  # 0 = Monday … 6 = Sunday, as date.weekday()
    start_minute: int
    end_minute: int
    name: str = ""

    def __post_init__(self) -> None:
        """Reject sessions that cannot exist, so the checks below need not guess."""
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, got {self.weekday}")
        if not 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY:
            raise ValueError(
                f"need 0 <= start < end <= {MINUTES_PER_DAY}, "
                f"got {self.start_minute}..{self.end_minute}"
            )


@dataclass(frozen=True)
class ServiceLimits:
    """A service's issuing limits and today's counts, as loaded by the caller."""

    active: bool = True
    daily_limit: int | None = None
    cutoff_minutes: int = 0
    issued_today: int = 0
    counters_configured: int = 1


class Unavailable(StrEnum):
    """Why a service cannot issue a ticket now."""

    INACTIVE = "inactive"
    HOLIDAY = "holiday"
    CLOSED_TODAY = "closed_today"
    BEFORE_HOURS = "before_hours"
    BETWEEN_SESSIONS = "between_sessions"
    AFTER_HOURS = "after_hours"
    CUT_OFF = "cut_off"
    DAILY_LIMIT = "daily_limit_reached"
    NO_COUNTER = "no_counter"


REASON_MESSAGES: dict[Unavailable, str] = {
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

REASON_MESSAGES_EN: dict[Unavailable, str] = {
    Unavailable.INACTIVE: "Service temporarily suspended",
    Unavailable.HOLIDAY: "Today is a holiday",
    Unavailable.CLOSED_TODAY: "Closed today",
    Unavailable.BEFORE_HOURS: "Not open yet",
    Unavailable.BETWEEN_SESSIONS: "On break between sessions",
    Unavailable.AFTER_HOURS: "Office hours are over",
    Unavailable.CUT_OFF: "Ticket issuing has closed",
    Unavailable.DAILY_LIMIT: "All of today's tickets have been issued",
    Unavailable.NO_COUNTER: "No counter serves this service yet",
}


@dataclass(frozen=True)
class Availability:
    """The answer: available, or the reason not; `closes_at_minute` = end of the current span.

    `opens_at_minute`: before hours or between sessions, when today's next session starts (the
    kiosk tells a citizen when to come back).
    """

    available: bool
    reason: Unavailable | None = None
    closes_at_minute: int | None = None
    opens_at_minute: int | None = None

    def __post_init__(self) -> None:
        """Keep `available` and `reason` consistent: exactly one of them says no."""
        if self.available != (self.reason is None):
            raise ValueError("an available service has no reason; an unavailable one has one")

    @property
    def message(self) -> str | None:
        """Return the Vietnamese reason for the kiosk, or None when available."""
        return None if self.reason is None else REASON_MESSAGES[self.reason]


def working_spans(sessions: Sequence[WorkingSession], weekday: int) -> list[tuple[int, int]]:
    """A weekday's working periods in minutes, sorted; overlapping or touching ones merged."""
    return _spans(sessions, weekday)


def _spans(sessions: Sequence[WorkingSession], weekday: int) -> list[tuple[int, int]]:
    # Overlapping or touching sessions are one continuous working period.
    spans: list[tuple[int, int]] = []
    periods = sorted(
        (session.start_minute, session.end_minute)
        for session in sessions
        if session.weekday == weekday
    )
    for start, end in periods:
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _minutes_after_midnight(
    sessions: Sequence[WorkingSession], holidays: Collection[date], today: date
) -> int | None:
    """Minutes the office keeps working past today's midnight; None if it never stops."""
    extra = 0
    # A week of unbroken days means an around-the-clock office with no closing at all.
    for offset in range(1, 8):
        day = today + timedelta(days=offset)
        if day in holidays:
            return extra
        spans = _spans(sessions, day.weekday())
        if not spans or spans[0][0] != 0:
            return extra
        extra += spans[0][1]
        if spans[0][1] != MINUTES_PER_DAY:
            return extra
    return None


def check_availability(
    limits: ServiceLimits,
    sessions: Sequence[WorkingSession],
    holidays: Collection[date],
    local_now: datetime,
) -> Availability:
    """Decide whether a service can issue a ticket at `local_now` (office-local time)."""
    if not limits.active:
        return Availability(False, Unavailable.INACTIVE)
    if limits.counters_configured <= 0:
        return Availability(False, Unavailable.NO_COUNTER)
    today = local_now.date()
    if today in holidays:
        return Availability(False, Unavailable.HOLIDAY)
    spans = _spans(sessions, today.weekday())
    if not spans:
        return Availability(False, Unavailable.CLOSED_TODAY)

    minute = local_now.hour * 60 + local_now.minute
    current = next(((start, end) for start, end in spans if start <= minute < end), None)
    if current is None:
        if minute < spans[0][0]:
            return Availability(False, Unavailable.BEFORE_HOURS, opens_at_minute=spans[0][0])
        if minute >= spans[-1][1]:
            return Availability(False, Unavailable.AFTER_HOURS)
        opens = next(start for start, _ in spans if start > minute)
        return Availability(False, Unavailable.BETWEEN_SESSIONS, opens_at_minute=opens)

    end = current[1]
    # A span reaching midnight may go on into tomorrow (night shift, 24-hour office): the
    # cut-off counts to the real closing, and there is no closing time to show today.
    after_midnight = (
        _minutes_after_midnight(sessions, holidays, today) if end == MINUTES_PER_DAY else 0
    )
    closes_at = end if after_midnight == 0 else None
    if after_midnight is not None:
        minutes_left = end - minute + after_midnight
        if minutes_left <= limits.cutoff_minutes:
            return Availability(False, Unavailable.CUT_OFF, closes_at)
    if limits.daily_limit is not None and limits.issued_today >= limits.daily_limit:
        return Availability(False, Unavailable.DAILY_LIMIT, closes_at)
    return Availability(True, None, closes_at)
