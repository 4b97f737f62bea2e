"""Booking a slot, cancelling, and reading a service's slots or a booking (design §12)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Appointment, AppointmentStatus, Office, Service, Ticket, utcnow
from server.rules.appointments import (
    CHECK_IN_LATE,
    SLOT_REFUSAL_MESSAGES,
    SlotRefusal,
    new_code,
    slot_refusal,
)
from server.rules.business_day import business_date, local_time
from server.rules.errors import DomainError
from server.services.appointments.queries import (
    HOLDS_A_PLACE,
    bookings_per_slot,
    slots_of_day,
)
from server.services.changes import Outcome
from server.services.locking import lock_office_of_service
from server.services.notifications import booking_confirmed_notices
from server.services.presenters import public_ticket_dict
from server.services.queries import get_or_404
from server.services.queue.tickets import new_public_token
from server.services.settings import QueueSettings

CODE_ATTEMPTS = 20  # 31^6 ≈ 887 million codes: a clash with an office's bookings is rare


def _invalid_slot(refusal: SlotRefusal) -> DomainError:
    return DomainError("invalid_slot", SLOT_REFUSAL_MESSAGES[refusal], 422)


def _offered(service: Service) -> bool:
    return service.active and service.appointments_enabled


def service_slots(
    session: Session, service_id: int, day: date | None, now: datetime | None = None
) -> dict[str, Any]:
    """A service's slots on a local day (default today) with their free places."""
    service = get_or_404(session, Service, service_id, "service")
    office = session.get(Office, service.office_id)
    assert office is not None  # foreign key
    now = now or utcnow()
    today = business_date(now, office.timezone)
    day = day or today
    slots = []
    if _offered(service):
        slots = slots_of_day(session, office, service, day)
    taken = bookings_per_slot(session, service.id, slots[0].start, slots[-1].start) if slots else {}
    rows = []
    for slot in slots:
        if slot_refusal(slot.start, slots, now, today, service.booking_days) is not None:
            continue  # past or beyond the horizon: nothing to offer
        free = max(0, service.slot_capacity - taken.get(slot.start, 0))
        rows.append(
            {
                "start": slot.start.isoformat(),
                "end": slot.end.isoformat(),
                "capacity": service.slot_capacity,
                "free": free,
            }
        )
    return {"service_id": service.id, "date": day.isoformat(), "slots": rows}


def book(
    session: Session,
    service_id: int,
    start: datetime,
    *,
    phone: str | None = None,
    citizen_id_hmac: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Book a place in a slot; never more than the slot's capacity, however many book at once.

    The office lock serialises bookings of the office (as it serialises numbering), so the
    count read under it is the count the insert adds to.
    """
    with write(session):
        service, office = lock_office_of_service(session, service_id)
        now = now or utcnow()
        if not _offered(service):
            raise _invalid_slot(SlotRefusal.NOT_OFFERED)
        local_start = local_time(start, office.timezone)
        slots = slots_of_day(session, office, service, local_start.date())
        today = business_date(now, office.timezone)
        refusal = slot_refusal(local_start, slots, now, today, service.booking_days)
        if refusal is not None:
            raise _invalid_slot(refusal)
        slot = next(slot for slot in slots if slot.start == local_start)
        taken = session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(
                Appointment.service_id == service.id,
                Appointment.slot_start == slot.start,
                Appointment.status.in_(HOLDS_A_PLACE),
            )
        )
        if (taken or 0) >= service.slot_capacity:
            raise DomainError("slot_full", "Khung giờ này đã đủ người đặt; mời chọn giờ khác", 409)
        appointment = Appointment(
            office_id=office.id,
            service_id=service.id,
            slot_start=slot.start,
            slot_end=slot.end,
            code=_unused_code(session, office.id),
            public_token=new_public_token(),
            status=AppointmentStatus.BOOKED,
            phone=phone,
            citizen_id_hmac=citizen_id_hmac,
            created_at=now,
        )
        session.add(appointment)
        session.flush()
        body = booking_dict(appointment, office, now)
        # Built now, sent after the commit (and only with a phone).
        notices = booking_confirmed_notices(appointment, service, office)
    return Outcome(body, notices=notices)


def _unused_code(session: Session, office_id: int) -> str:
    """A code no booking of the office has (checked under the office lock)."""
    for _ in range(CODE_ATTEMPTS):
        code = new_code()
        clash = session.scalar(
            select(Appointment.id).where(
                Appointment.office_id == office_id, Appointment.code == code
            )
        )
        if clash is None:
            return code
    raise RuntimeError("no free booking code after many attempts")


def cancel(session: Session, appointment: Appointment, now: datetime | None = None) -> Outcome:
    """The citizen cancels their booking, which frees the place; 409 once checked in."""
    with write(session):
        office = _lock(session, appointment)
        now = now or utcnow()
        session.refresh(appointment)  # read again under the lock
        if appointment.status == AppointmentStatus.CHECKED_IN:
            raise DomainError("already_checked_in", "Lịch hẹn đã được xác nhận, không thể hủy", 409)
        if appointment.status == AppointmentStatus.BOOKED:
            appointment.status = AppointmentStatus.CANCELLED
            appointment.cancelled_at = now
        body = booking_dict(appointment, office, now)
    return Outcome(body)


def _lock(session: Session, appointment: Appointment) -> Office:
    _service, office = lock_office_of_service(session, appointment.service_id)
    return office


def public_booking(
    session: Session, appointment: Appointment, settings: QueueSettings, now: datetime | None = None
) -> dict[str, Any]:
    """The booking as its holder sees it, with the ticket once checked in."""
    office = session.get(Office, appointment.office_id)
    assert office is not None  # foreign key
    body = booking_dict(appointment, office, now or utcnow())
    ticket = session.get(Ticket, appointment.ticket_id) if appointment.ticket_id else None
    body["ticket"] = public_ticket_dict(session, ticket, settings) if ticket else None
    return body


def shown_status(appointment: Appointment, now: datetime) -> AppointmentStatus:
    """A booking past its check-in window is expired, even before anything recorded it."""
    late = appointment.slot_start + CHECK_IN_LATE
    if appointment.status == AppointmentStatus.BOOKED and now > late:
        return AppointmentStatus.EXPIRED
    return appointment.status


def booking_dict(appointment: Appointment, office: Office, now: datetime) -> dict[str, Any]:
    """A booking's public fields: never its phone number or ID hash (design §12)."""
    return {
        "code": appointment.code,
        "public_token": appointment.public_token,
        "service_id": appointment.service_id,
        "start": local_time(appointment.slot_start, office.timezone).isoformat(),
        "end": local_time(appointment.slot_end, office.timezone).isoformat(),
        "status": str(shown_status(appointment, now)),
    }
