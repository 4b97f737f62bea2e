"""Business day and local time of an office, from an aware instant and the office timezone."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def _require_aware(now: datetime) -> None:
    # A naive datetime would silently be read as the server's local time.
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")


def local_time(now: datetime, timezone: str) -> datetime:
    """Return `now` as an aware datetime in the office's timezone."""
    _require_aware(now)
    return now.astimezone(ZoneInfo(timezone))


def business_date(now: datetime, timezone: str) -> date:
    """Return the calendar date in the office's timezone; numbering restarts on it."""
    return local_time(now, timezone).date()


def day_bounds_utc(day: date, timezone: str) -> tuple[datetime, datetime]:
    """Return [start, end) of a local day as UTC-aware datetimes, to query a day's tickets."""
    zone = ZoneInfo(timezone)
    # fold=0 maps a midnight that falls in a DST gap to the instant the gap ends, and a
    # repeated midnight to its first occurrence: both are where the local day really starts.
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def session_name(local: datetime) -> str:
    """Return "sáng" (morning) before 12:00 local time, else "chiều" (afternoon)."""
    return "sáng" if local.hour < 12 else "chiều"
