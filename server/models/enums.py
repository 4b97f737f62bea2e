"""String enums stored in the database and sent over the wire."""

from enum import StrEnum

from server.rules.next_ticket import Priority
from server.rules.transitions import TicketStatus

__all__ = [
    "AppointmentStatus",
    "Audience",
    "AuditEntity",
    "Channel",
    "CounterStatus",
    "DeviceKind",
    "Dialect",
    "PrintJobStatus",
    "PrinterStatus",
    "Priority",
    "RatingLevel",
    "RatingReason",
    "Role",
    "TicketStatus",
]


class Role(StrEnum):
    """What a user may do."""

    ADMIN = "admin"
    MANAGER = "manager"
    CLERK = "clerk"


class CounterStatus(StrEnum):
    """Whether a counter is calling."""

    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


class DeviceKind(StrEnum):
    """The kinds of paired devices."""

    KIOSK = "kiosk"
    DISPLAY = "display"
    COUNTER_DISPLAY = "counter_display"
    RATING = "rating"


class Channel(StrEnum):
    """Where a ticket was issued."""

    KIOSK = "kiosk"
    RECEPTION = "reception"
    ONLINE = "online"
    APPOINTMENT = "appointment"


class AppointmentStatus(StrEnum):
    """Where a booking stands (design §12): booked until checked in, cancelled or expired."""

    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Audience(StrEnum):
    """How announcements address people: citizens, or customers at an agency desk."""

    CITIZEN = "citizen"
    CUSTOMER = "customer"


class RatingLevel(StrEnum):
    """The three satisfaction levels."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"


class RatingReason(StrEnum):
    """Why a citizen was not satisfied."""

    STAFF_ATTITUDE = "staff_attitude"
    WAITING_TIME = "waiting_time"
    UNCLEAR_GUIDANCE = "unclear_guidance"
    EXTRA_DOCUMENTS = "extra_documents"
    OTHER = "other"


class PrintJobStatus(StrEnum):
    """Where a print job stands."""

    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"


class Dialect(StrEnum):
    """How an office's announcements read numbers: northern ("linh", "nghìn") or southern."""

    NORTH = "north"
    SOUTH = "south"


class AuditEntity(StrEnum):
    """What an audit log entry is about."""

    OFFICE = "office"
    SERVICE = "service"
    COUNTER = "counter"
    USER = "user"
    DEVICE = "device"
    HOLIDAY = "holiday"
    SESSIONS = "sessions"
    PRIORITY_CATEGORIES = "priority_categories"


class PrinterStatus(StrEnum):
    """How a kiosk's printer is, as its print agent (or the server printing for it) reports."""

    OK = "ok"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    COVER_OPEN = "cover_open"
    ERROR = "error"
