"""The SQLAlchemy models of design §3."""

from server.models.appointment import Appointment
from server.models.audit import AuditEntry
from server.models.base import Base, utcnow
from server.models.counter import Counter, CounterService
from server.models.device import Device
from server.models.enums import (
    AppointmentStatus,
    Audience,
    Channel,
    CounterStatus,
    DeviceKind,
    PrintJobStatus,
    Priority,
    RatingLevel,
    RatingReason,
    Role,
    TicketStatus,
)
from server.models.login_failure import LoginFailure, LoginLock
from server.models.office import Holiday, Office, WorkingSession
from server.models.print_job import PrintJob
from server.models.priority_category import PriorityCategory
from server.models.rating import Rating
from server.models.report_rollup import ReportPeriod, ReportRollup
from server.models.service import Service
from server.models.service_session import ServiceSession
from server.models.ticket import Ticket, TicketEvent, TicketSequence
from server.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "Appointment",
    "AppointmentStatus",
    "Audience",
    "AuditEntry",
    "Base",
    "Channel",
    "Counter",
    "CounterService",
    "CounterStatus",
    "Device",
    "DeviceKind",
    "Holiday",
    "LoginFailure",
    "LoginLock",
    "Office",
    "PrintJob",
    "PrintJobStatus",
    "Priority",
    "PriorityCategory",
    "Rating",
    "RatingLevel",
    "RatingReason",
    "ReportPeriod",
    "ReportRollup",
    "Role",
    "Service",
    "ServiceSession",
    "Ticket",
    "TicketEvent",
    "TicketSequence",
    "TicketStatus",
    "User",
    "WorkingSession",
    "utcnow",
]
