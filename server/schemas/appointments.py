"""Remote numbers, bookings and check-in (design §12): requests and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from server.models.enums import AppointmentStatus
from server.schemas.fields import Day, Id, patterned
from server.schemas.tickets import PublicTicket


def _blank_is_absent(value: Any) -> Any:
    """An argument sent empty, as a form leaves an unfilled input, is one left out."""
    return None if value == "" else value


OptionalDay = Annotated[Day | None, BeforeValidator(_blank_is_absent)]

Phone = patterned(
    r"(\+84|0)[0-9]{9,10}", "số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0 hoặc +84", 16
)
CitizenId = patterned(r"[0-9]{12}", "số căn cước công dân gồm 12 chữ số", 12)
BookingCode = patterned(r"[A-Z0-9]{6}", "mã lịch hẹn gồm 6 chữ cái hoặc chữ số", 6, str.upper)

# -- Requests ----------------------------------------------------------------------------------


class RemoteTicketSent(BaseModel):
    """POST /public/tickets: today's next number of a service, taken from a phone."""

    service_id: Id
    phone: Phone | None = Field(  # type: ignore[valid-type]
        None, description="for the 'your turn is near' and 'called' messages only"
    )


class AppointmentSent(BaseModel):
    """POST /public/appointments: a slot of a service, as its start with the UTC offset."""

    service_id: Id
    start: AwareDatetime = Field(description="a slot's `start` as GET …/slots gave it")
    phone: Phone | None = None  # type: ignore[valid-type]
    citizen_id: CitizenId | None = Field(  # type: ignore[valid-type]
        None, description="to check in with the ID card's QR; kept only as a keyed hash"
    )


BookingToken = patterned(r"[A-Za-z0-9_-]{1,64}", "mã QR của lịch hẹn không hợp lệ", 64)


class CheckInSent(BaseModel):
    """POST /appointments/check-in: the booking's code, its QR's token, or the ID number."""

    code: BookingCode | None = None  # type: ignore[valid-type]
    public_token: BookingToken | None = Field(  # type: ignore[valid-type]
        None, description="the last part of the booking QR's URL (`…/a/<public_token>`)"
    )
    citizen_id: CitizenId | None = None  # type: ignore[valid-type]
    service_id: Id | None = Field(None, description="with `citizen_id`: which service's booking")


class SlotsArgs(BaseModel):
    """GET /public/services/<id>/slots: the local day (default: the office's today)."""

    date: OptionalDay = None


class DayBookingsArgs(BaseModel):
    """GET /offices/<id>/appointments: the local day (default: the office's today)."""

    date: OptionalDay = None


# -- Answers -----------------------------------------------------------------------------------


class RemoteOffer(BaseModel):
    """Whether a remote number can be taken now, and if not, why."""

    available: bool
    reason: str | None = Field(description="`remote_off`, `remote_share_used` or a kiosk reason")
    message: str | None = Field(description="the reason in Vietnamese, for the page")


class AppointmentOffer(BaseModel):
    """Whether the service takes bookings, and the length of its slots."""

    enabled: bool
    slot_minutes: int


class PublicService(BaseModel):
    """A service on the office's public page."""

    model_config = ConfigDict(extra="forbid")

    id: int
    name: str
    prefix: str
    remote: RemoteOffer
    appointments: AppointmentOffer


class PublicOffice(BaseModel):
    """The office's public page (linked from its poster's QR): what can be taken or booked."""

    model_config = ConfigDict(extra="forbid")

    id: int
    name: str
    services: list[PublicService]


class FreeSlot(BaseModel):
    """One slot: start and end with the office's UTC offset, its capacity and free places."""

    start: datetime
    end: datetime
    capacity: int
    free: int


class Slots(BaseModel):
    """A service's bookable slots of one day."""

    model_config = ConfigDict(extra="forbid")

    service_id: int
    date: date
    slots: list[FreeSlot]


class Booking(BaseModel):
    """A booking as its holder sees it: never the phone number or the ID."""

    model_config = ConfigDict(extra="forbid")

    code: str
    public_token: str
    service_id: int
    start: datetime
    end: datetime
    status: AppointmentStatus
    ticket: PublicTicket | None = Field(None, description="once checked in")


class DayBooking(BaseModel):
    """One booking in the staff's list: no personal data beyond a phone's last 3 digits."""

    model_config = ConfigDict(extra="forbid")

    code: str
    service_id: int
    service_prefix: str
    service_name: str
    start: datetime
    end: datetime
    status: AppointmentStatus
    ticket_number: str | None
    phone_last_digits: str | None = Field(description="•••678, or null")


class DayBookings(BaseModel):
    """An office's bookings of one local day, in slot order."""

    model_config = ConfigDict(extra="forbid")

    office_id: int
    date: date
    appointments: list[DayBooking]
