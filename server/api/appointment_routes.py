"""Remote numbers, bookings and check-in (design §12): the phone's routes and the staff's."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from server.api.contract import operation, query_args, request_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.api.ticket_routes import with_printout
from server.request_context.current import db_session, queue_settings
from server.request_context.rate_limit import rate_limited
from server.rules.appointments import citizen_id_digest
from server.rules.errors import DomainError
from server.schemas.appointments import (
    AppointmentSent,
    Booking,
    CheckInSent,
    DayBookings,
    DayBookingsArgs,
    PublicOffice,
    RemoteTicketSent,
    Slots,
    SlotsArgs,
)
from server.schemas.tickets import IssuedTicket, PublicTicket
from server.services.appointments.bookings import book, cancel, public_booking, service_slots
from server.services.appointments.check_in import check_in
from server.services.appointments.day_list import office_bookings
from server.services.appointments.public_office import public_office
from server.services.appointments.queries import appointment_by_public_token
from server.services.appointments.remote import take_remote_number

public_bp = Blueprint("api_public_appointments", __name__, url_prefix="/api/v1/public")
bp = Blueprint("api_appointments", __name__, url_prefix="/api/v1")


@public_bp.after_request
def _private(response: Response) -> Response:
    """A booking's status is nobody else's: no shared caches, no stale copies."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _digest(citizen_id: str | None) -> str | None:
    """The ID number as its keyed hash: the number itself goes no further than this line."""
    if citizen_id is None:
        return None
    return citizen_id_digest(citizen_id, current_app.config["SECRET_KEY"])


@public_bp.get("/offices/<int:office_id>")
@rate_limited("public_read")
@operation(
    "public",
    public=True,
    answers={200: PublicOffice},
    errors=("office_not_found", "too_many_requests"),
)
def get_public_office(office_id: int) -> Response:
    """The office's services: a remote number now or why not, and whether it takes bookings."""
    return json_reply(public_office(db_session(), office_id))


@public_bp.post("/tickets")
@rate_limited("public_booking")
@operation(
    "public",
    public=True,
    body=RemoteTicketSent,
    answers={201: PublicTicket},
    errors=(
        "service_not_found",
        "remote_unavailable",
        "service_unavailable",
        "daily_limit_reached",
        "too_many_requests",
    ),
)
def take_remote_ticket() -> Response:
    """Today's next number of a service, taken from a phone (channel `online`)."""
    sent = request_body(RemoteTicketSent)
    outcome = take_remote_number(db_session(), sent.service_id, queue_settings(), phone=sent.phone)
    return reply(outcome, 201)


@public_bp.get("/services/<int:service_id>/slots")
@rate_limited("public_read")
@operation(
    "public",
    public=True,
    query=SlotsArgs,
    answers={200: Slots},
    errors=("service_not_found", "too_many_requests"),
)
def get_slots(service_id: int) -> Response:
    """The slots of a day still bookable, with their free places."""
    return json_reply(service_slots(db_session(), service_id, query_args(SlotsArgs).date))


@public_bp.post("/appointments")
@rate_limited("public_booking")
@operation(
    "public",
    public=True,
    body=AppointmentSent,
    answers={201: Booking},
    errors=("service_not_found", "slot_full", "invalid_slot", "too_many_requests"),
)
def book_appointment() -> Response:
    """Book a place in a slot: the answer's code and token are the booking's keys."""
    sent = request_body(AppointmentSent)
    outcome = book(
        db_session(),
        sent.service_id,
        sent.start,
        phone=sent.phone,
        citizen_id_hmac=_digest(sent.citizen_id),
    )
    return reply(outcome, 201)


@public_bp.get("/appointments/<public_token>")
@rate_limited("public_read")
@operation(
    "public",
    public=True,
    answers={200: Booking},
    errors=("unknown_appointment", "too_many_requests"),
)
def get_booking(public_token: str) -> Response:
    """The booking's status and time, and its ticket once checked in."""
    session = db_session()
    appointment = appointment_by_public_token(session, public_token)
    return json_reply(public_booking(session, appointment, queue_settings()))


@public_bp.post("/appointments/<public_token>/cancel")
@rate_limited("public_booking")
@operation(
    "public",
    public=True,
    unsafe=True,
    answers={200: Booking},
    errors=("unknown_appointment", "already_checked_in", "too_many_requests"),
)
def cancel_booking(public_token: str) -> Response:
    """The holder cancels the booking, which frees its place; not once checked in."""
    session = db_session()
    appointment = appointment_by_public_token(session, public_token)
    return reply(cancel(session, appointment))


@bp.post("/appointments/check-in")
@operation(
    "queue",
    body=CheckInSent,
    answers={201: IssuedTicket},
    errors=(
        "unknown_appointment",
        "too_early",
        "appointment_expired",
        "already_checked_in",
        "device_not_found",
    ),
)
def check_in_booking() -> Response:
    """A kiosk or a clerk checks a booking in by its code, QR or ID number: its ticket, printed."""
    sent = request_body(CheckInSent)
    keys = (sent.code, sent.public_token, sent.citizen_id)
    if sum(key is not None for key in keys) != 1:
        raise DomainError(
            "missing_field", "code: cần mã lịch hẹn, mã QR hoặc số CCCD (một trong ba)", 422
        )
    outcome = check_in(
        db_session(),
        current_actor(),
        queue_settings(),
        code=sent.code,
        public_token=sent.public_token,
        citizen_id_hmac=_digest(sent.citizen_id),
        service_id=sent.service_id,
    )
    # Printed as any ticket of a `browser:` kiosk: by the page, from these lines.
    return reply(with_printout(outcome, current_actor()), 201)


@bp.get("/offices/<int:office_id>/appointments")
@operation(
    "queue",
    query=DayBookingsArgs,
    answers={200: DayBookings},
    errors=("office_not_found",),
)
def day_bookings(office_id: int) -> Response:
    """The office's bookings of a day for its staff: code, service, slot, status, ticket."""
    args = query_args(DayBookingsArgs)
    return json_reply(office_bookings(db_session(), current_actor(), office_id, args.date))
