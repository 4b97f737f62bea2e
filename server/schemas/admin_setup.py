"""The admin API's set-up of an office on the wire: services (with own hours) and counters.

Each field's rule is stated once, as a type, and used by both the POST body (with its default)
and the PATCH body (a field left out is unchanged).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from server.models.enums import Audience, CounterStatus
from server.schemas.admin_calendar import WorkingSessionRow, WorkingWeek
from server.schemas.admin_offices import Changes
from server.schemas.fields import (
    CounterNumber,
    Flag,
    IdList,
    Prefix,
    decimal,
    optional_text,
    optional_whole_number,
    text,
    whole_number,
)
from server.schemas.screens import ServiceFields

# -- Services ----------------------------------------------------------------------------------

ServiceName = text(200, required=True)
OtherName = optional_text(200)
DailyLimit = optional_whole_number(1, 9999)
CutoffMinutes = whole_number(0, 600)
TargetWaitMinutes = whole_number(1, 600)
MaxWaitMinutes = optional_whole_number(1, 1440)
ServiceMinutes = decimal(0.5, 480)
NumberStart = whole_number(0, 9000)
NumberWidth = whole_number(1, 4)
SortOrder = whole_number(0, 9999)
RemoteShare = whole_number(0, 100)
NotifyAhead = whole_number(0, 50)
SlotMinutes = whole_number(5, 240)
SlotCapacity = whole_number(1, 100)
BookingDays = whole_number(0, 90)
HOURS = "the service's own working week; [] follows the office's hours"


class NewService(BaseModel):
    """POST /admin/offices/<id>/services: a service with its prefix, limits and own hours."""

    prefix: Prefix
    name: ServiceName  # type: ignore[valid-type]
    name_en: OtherName = ""  # type: ignore[valid-type]
    field: OtherName = ""  # type: ignore[valid-type]
    agency: OtherName = Field("", description="a specialised desk's agency, e.g. Điện lực")  # type: ignore[valid-type]
    audience: Audience = Audience.CITIZEN
    active: Flag = True
    daily_limit: DailyLimit = Field(None, description="null: no limit")  # type: ignore[valid-type]
    cutoff_minutes: CutoffMinutes = Field(0, description="no tickets this long before closing")  # type: ignore[valid-type]
    target_wait_minutes: TargetWaitMinutes = 30  # type: ignore[valid-type]
    max_wait_minutes: MaxWaitMinutes = Field(None, description="waited longer: served first")  # type: ignore[valid-type]
    default_service_minutes: ServiceMinutes = 5.0  # type: ignore[valid-type]
    number_start: NumberStart = 1  # type: ignore[valid-type]
    number_width: NumberWidth = 3  # type: ignore[valid-type]
    sort_order: SortOrder = Field(0, description="left out: after the office's last service")  # type: ignore[valid-type]
    hours: WorkingWeek = Field(default_factory=list, description=HOURS)
    remote_enabled: Flag = Field(False, description="numbers can be taken from a phone (§12)")
    remote_share: RemoteShare = Field(30, description="percent of the daily limit taken remotely")  # type: ignore[valid-type]
    notify_ahead: NotifyAhead = Field(3, description="a message when this many or fewer are ahead")  # type: ignore[valid-type]
    appointments_enabled: Flag = Field(False, description="slots can be booked (§12)")
    slot_minutes: SlotMinutes = 15  # type: ignore[valid-type]
    slot_capacity: SlotCapacity = Field(2, description="bookings per slot")  # type: ignore[valid-type]
    booking_days: BookingDays = Field(14, description="how many days ahead a slot can be booked")  # type: ignore[valid-type]


class ServiceChanges(Changes):
    """PATCH /admin/services/<id>: the fields sent, and its own hours when `hours` is sent."""

    prefix: Prefix = None
    name: ServiceName = None  # type: ignore[valid-type]
    name_en: OtherName = None  # type: ignore[valid-type]
    field: OtherName = None  # type: ignore[valid-type]
    agency: OtherName = None  # type: ignore[valid-type]
    audience: Audience = None  # type: ignore[assignment]
    active: Flag = None  # type: ignore[assignment]
    daily_limit: DailyLimit = None  # type: ignore[valid-type]
    cutoff_minutes: CutoffMinutes = None  # type: ignore[valid-type]
    target_wait_minutes: TargetWaitMinutes = None  # type: ignore[valid-type]
    max_wait_minutes: MaxWaitMinutes = None  # type: ignore[valid-type]
    default_service_minutes: ServiceMinutes = None  # type: ignore[valid-type]
    number_start: NumberStart = None  # type: ignore[valid-type]
    number_width: NumberWidth = None  # type: ignore[valid-type]
    sort_order: SortOrder = None  # type: ignore[valid-type]
    hours: WorkingWeek = Field(None, description=HOURS)  # type: ignore[arg-type]
    remote_enabled: Flag = None  # type: ignore[assignment]
    remote_share: RemoteShare = None  # type: ignore[valid-type]
    notify_ahead: NotifyAhead = None  # type: ignore[valid-type]
    appointments_enabled: Flag = None  # type: ignore[assignment]
    slot_minutes: SlotMinutes = None  # type: ignore[valid-type]
    slot_capacity: SlotCapacity = None  # type: ignore[valid-type]
    booking_days: BookingDays = None  # type: ignore[valid-type]


class AdminService(ServiceFields):
    """Every editable field of a service, its own hours and the counters serving it."""

    agency: str
    cutoff_minutes: int
    max_wait_minutes: int | None
    default_service_minutes: float
    number_start: int
    number_width: int
    sort_order: int
    hours: list[WorkingSessionRow] = Field(description="empty: the office's hours")
    counter_numbers: list[str]
    remote_enabled: bool
    remote_share: int
    notify_ahead: int
    appointments_enabled: bool
    slot_minutes: int
    slot_capacity: int
    booking_days: int
    deletable: bool = Field(
        description="false: it issued or received a ticket, so it can only be deactivated"
    )


# -- Counters ----------------------------------------------------------------------------------

CounterName = optional_text(200)
SERVICE_IDS = "the services it serves, most preferred first (of the counter's office)"


class NewCounter(BaseModel):
    """POST /admin/offices/<id>/counters: a counter's number, name and services."""

    number: CounterNumber
    name: CounterName = ""  # type: ignore[valid-type]
    service_ids: IdList = Field(default_factory=list, description=SERVICE_IDS)


class CounterChanges(Changes):
    """PATCH /admin/counters/<id>: renumber, rename, or change its services and their order."""

    number: CounterNumber = None
    name: CounterName = None  # type: ignore[valid-type]
    service_ids: IdList = Field(None, description=SERVICE_IDS)  # type: ignore[arg-type]


class AdminCounterClerk(BaseModel):
    """The clerk signed in at a counter."""

    id: int
    full_name: str


class AdminCounter(BaseModel):
    """A counter with its services in order and who sits at it."""

    id: int
    office_id: int
    number: str
    name: str
    status: CounterStatus
    service_ids: list[int]
    service_names: list[str]
    clerk: AdminCounterClerk | None
    deletable: bool = Field(
        description="false: it served a ticket or a screen is paired to it (delete refused)"
    )
