"""What the appointment commands read: a day's slots, a slot's bookings, a booking by key."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import Appointment, AppointmentStatus, Holiday, Office, Service
from server.rules.appointments import Slot, day_slots
from server.rules.errors import DomainError
from server.services.queue.availability import service_sessions
from server.services.queue.tickets import PUBLIC_TOKEN

# A booking holds its place while booked or once checked in; cancelling frees it.
HOLDS_A_PLACE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


def slots_of_day(session: Session, office: Office, service: Service, day: date) -> list[Slot]:
    """The service's slots on a local day, from its (or its office's) sessions and holidays."""
    holiday = session.scalar(
        select(Holiday.id).where(Holiday.office_id == office.id, Holiday.day == day)
    )
    sessions = service_sessions(session, office, service)
    return day_slots(
        day, sessions, {day} if holiday else set(), service.slot_minutes, office.timezone
    )


def bookings_per_slot(
    session: Session, service_id: int, first: datetime, last: datetime
) -> dict[datetime, int]:
    """How many places are taken in each slot starting in [first, last]."""
    rows = session.execute(
        select(Appointment.slot_start, func.count())
        .where(
            Appointment.service_id == service_id,
            Appointment.slot_start >= first,
            Appointment.slot_start <= last,
            Appointment.status.in_(HOLDS_A_PLACE),
        )
        .group_by(Appointment.slot_start)
    ).all()
    return {start: count for start, count in rows}


def appointment_by_public_token(session: Session, public_token: str) -> Appointment:
    """The booking behind a booking QR code, or a plain 404."""
    appointment = None
    # Only what new_public_token can make is looked up: PostgreSQL fails on a NUL byte.
    if PUBLIC_TOKEN.fullmatch(public_token):
        appointment = session.scalars(
            select(Appointment).where(Appointment.public_token == public_token)
        ).first()
    if appointment is None:
        raise DomainError("unknown_appointment", "Không tìm thấy lịch hẹn", 404)
    return appointment
