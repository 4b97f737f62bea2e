"""What screens and consoles read (design §5): offices, a kiosk's services, the office snapshot,
a counter's console and the office's kiosk printers; and the body of a counter's call-next.

Every ticket a screen or console shows is the staff view: the rows here forbid extra fields,
so a citizen's key (`public_token`) or dossier code slipping into one fails the answer checks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from server.models.enums import Audience, Channel, CounterStatus, Dialect
from server.rules.availability import Unavailable
from server.rules.next_ticket import Priority
from server.rules.transitions import TicketStatus
from server.schemas.fields import Id
from server.schemas.tickets import Ticket

# -- Requests ----------------------------------------------------------------------------------


class CallNext(BaseModel):
    """POST /counters/<id>/call-next: optionally the ticket the clerk picks from the line."""

    ticket_id: Id | None = Field(
        None, description="a ticket of this counter's line; left out, the queue rule chooses"
    )


# -- Answers -----------------------------------------------------------------------------------


class Office(BaseModel):
    """An office as screens show it: its name, header lines, notice and how calls are voiced."""

    id: int
    parent_id: int | None
    code: str
    name: str
    header_lines: list[str]
    timezone: str
    dialect: Dialect
    notice_text: str


class ServiceFields(BaseModel):
    """What every view of a service shows: its numbering prefix, names, audience and limits."""

    id: int
    office_id: int
    prefix: str
    name: str
    name_en: str
    field: str
    audience: Audience
    active: bool
    daily_limit: int | None
    target_wait_minutes: int


class Service(ServiceFields):
    """A service on the kiosk: whether it issues now (and why not), its line and wait."""

    agency: str | None
    status: Literal["available", "unavailable"]
    reason: Unavailable | None = Field(description="why the service issues no ticket now")
    reason_message: str | None = Field(description="the reason in Vietnamese, for the kiosk")
    reason_message_en: str | None
    opens_at: str | None = Field(
        None, description="before hours or between sessions: HH:MM office time it opens"
    )
    waiting: int
    open_counters: int = Field(description="counters open now; 0: the kiosk says none is open")
    estimated_wait_minutes: int | None
    counter_numbers: list[str] = Field(description="the counters serving it, in natural order")
    appointments_enabled: bool = Field(
        description="takes bookings (§12): the kiosk offers check-in while any service does"
    )


class Clerk(BaseModel):
    """The clerk working at a counter."""

    id: int
    full_name: str


class Counter(BaseModel):
    """A counter with its clerk and the ticket called to or served at it."""

    id: int
    office_id: int
    number: str
    name: str
    status: CounterStatus
    service_ids: list[int] = Field(description="the services it serves, most preferred first")
    clerk: Clerk | None
    ticket: Ticket | None


class RecentCall(BaseModel):
    """One of the office's latest calls, newest first, as the lobby display lists them."""

    model_config = ConfigDict(extra="forbid")

    ticket_id: int
    number: str
    status: TicketStatus
    service_id: int
    service_name: str
    audience: Audience
    counter_id: int
    counter_number: str
    counter_name: str
    called_at: datetime
    channel: Channel = Field(description="where it was issued; screens mark appointments")
    slot_start: datetime | None = Field(description="an appointment ticket's slot (design §12)")


class WaitingLine(BaseModel):
    """How many wait for one service."""

    service_id: int
    prefix: str
    service_name: str
    waiting: int


class State(BaseModel):
    """The snapshot a screen renders; the `state` socket event carries the same body."""

    seq: int = Field(description="the office's event number this snapshot describes")
    server_version: str
    office_id: int
    office: Office
    counters: list[Counter]
    recent_calls: list[RecentCall]
    waiting: list[WaitingLine]
    generated_at: datetime


class LineEntry(BaseModel):
    """A waiting or parked ticket as one row of the console's lists."""

    model_config = ConfigDict(extra="forbid")

    id: int
    number: str
    service_id: int
    service_name: str
    service_prefix: str
    priority: Priority | None
    channel: Channel
    slot_start: datetime | None = Field(description="an appointment ticket's slot (design §12)")
    status: TicketStatus
    issued_at: datetime
    queued_at: datetime
    waited_seconds: int
    waited_minutes: int
    target_counter_id: int | None
    target_counter_number: str | None
    for_this_counter: bool = Field(description="transferred to this counter by name")
    transferred_from_service_id: int | None


class ClerkFigures(BaseModel):
    """The calling clerk's figures of the day (times in seconds)."""

    called: int
    served: int
    no_show: int
    transferred: int
    mean_service_seconds: float | None
    mean_wait_seconds: float | None


class CounterQueue(BaseModel):
    """The clerk console: the counter, its line in call order, parked tickets, own figures."""

    office_id: int
    counter: Counter
    waiting: list[LineEntry]
    parked: list[LineEntry]
    figures: ClerkFigures
    no_show_after_recalls: int = Field(description="recalls due before a no-show is allowed")
    generated_at: datetime


class Printer(BaseModel):
    """An office kiosk whose printer the reception desk may print a ticket on."""

    id: int
    name: str
    printer_status: str | None
    printer_message: str | None = Field(description="the printer's state in Vietnamese")
    printer_status_at: datetime | None
