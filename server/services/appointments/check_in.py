"""Checking a booking in at the kiosk or reception: a ticket of channel `appointment` (§12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Appointment, AppointmentStatus, Channel, Office, Service, utcnow
from server.rules.appointments import CheckIn, check_in_window, normalise_code
from server.rules.business_day import local_time
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.changes import Outcome
from server.services.locking import lock_office
from server.services.permissions import require_issuer
from server.services.printing.print_jobs import print_device_for
from server.services.queue.tickets import PUBLIC_TOKEN, NewTicketFacts, issue_in_locked_office
from server.services.settings import QueueSettings


def _unknown() -> DomainError:
    return DomainError("unknown_appointment", "Không tìm thấy lịch hẹn", 404)


def _expired() -> DomainError:
    return DomainError(
        "appointment_expired", "Lịch hẹn đã quá giờ; mời lấy số thứ tự thông thường", 409
    )


def actor_office_id(actor: Actor) -> int:
    """The office a kiosk or a clerk checks bookings in for: their own."""
    if actor.device is not None:
        return actor.device.office_id
    if actor.user is not None:
        return actor.user.office_id
    raise DomainError(
        "forbidden", "Chỉ máy cấp số hoặc cán bộ tiếp nhận được xác nhận lịch hẹn", 403
    )


def check_in(
    session: Session,
    actor: Actor,
    settings: QueueSettings,
    *,
    code: str | None = None,
    public_token: str | None = None,
    citizen_id_hmac: str | None = None,
    service_id: int | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Issue the booking's ticket inside its window, by code, QR token or the ID number's hash.

    A booking found past its window is recorded as expired (committed) before the refusal.
    """
    office_id = actor_office_id(actor)
    expired = False
    with write(session):
        office = lock_office(session, office_id)
        now = now or utcnow()  # under the lock, so arrival times follow the numbers
        require_issuer(session, actor, office.id)
        keys = _Keys(code, public_token, citizen_id_hmac, service_id)
        appointment = _find(session, office.id, keys, now)
        if appointment.status == AppointmentStatus.CHECKED_IN:
            raise DomainError("already_checked_in", "Lịch hẹn này đã được xác nhận", 409)
        if appointment.status == AppointmentStatus.CANCELLED:
            raise DomainError("unknown_appointment", "Lịch hẹn này đã bị hủy", 404)
        if appointment.status == AppointmentStatus.EXPIRED:
            raise _expired()
        window = check_in_window(appointment.slot_start, now)
        if window.result == CheckIn.TOO_EARLY:
            assert window.opens_at is not None
            back = local_time(window.opens_at, office.timezone).strftime("%H:%M")
            raise DomainError("too_early", f"Chưa đến giờ hẹn; mời quay lại lúc {back}", 409)
        if window.result == CheckIn.EXPIRED:
            appointment.status = AppointmentStatus.EXPIRED
            expired = True
        else:
            outcome = _issue(session, actor, office, appointment, settings, now)
    if expired:
        raise _expired()  # after the commit: the booking stays expired
    return outcome


def _issue(
    session: Session,
    actor: Actor,
    office: Office,
    appointment: Appointment,
    settings: QueueSettings,
    now: datetime,
) -> Outcome:
    """The ticket, in the service's numbering, carrying the slot; the booking checked in."""
    service = session.get(Service, appointment.service_id)
    assert service is not None  # foreign key
    facts = NewTicketFacts(
        Channel.APPOINTMENT, slot_start=appointment.slot_start, phone=appointment.phone
    )
    # A booked slot was offered inside working hours: no availability check (a citizen
    # checking in 30 minutes before the first slot comes before the doors open).
    outcome = issue_in_locked_office(
        session,
        actor,
        service,
        office,
        settings,
        now,
        facts,
        print_device=print_device_for(session, actor, office.id, None),
        check_availability=False,
    )
    assert isinstance(outcome.body, dict)
    appointment.status = AppointmentStatus.CHECKED_IN
    appointment.ticket_id = outcome.body["id"]
    appointment.checked_in_at = now
    return outcome


@dataclass(frozen=True)
class _Keys:
    """What the kiosk or clerk has in hand: a code, the QR's token, or the ID number's hash."""

    code: str | None
    public_token: str | None
    citizen_id_hmac: str | None
    service_id: int | None


def _find(session: Session, office_id: int, keys: _Keys, now: datetime) -> Appointment:
    """The booking a code or token names, or the best booking of an ID number (in its window
    first)."""
    in_office = select(Appointment).where(Appointment.office_id == office_id)
    if keys.code is not None or keys.public_token is not None:
        if keys.code is not None:
            query = in_office.where(Appointment.code == normalise_code(keys.code))
        elif PUBLIC_TOKEN.fullmatch(keys.public_token or ""):
            query = in_office.where(Appointment.public_token == keys.public_token)
        else:  # never looked up: PostgreSQL fails on a NUL byte
            raise _unknown()
        found = session.scalars(query).first()
        if found is None:
            raise _unknown()
        return found
    if keys.citizen_id_hmac is None:
        raise _unknown()
    query = in_office.where(Appointment.citizen_id_hmac == keys.citizen_id_hmac)
    if keys.service_id is not None:
        query = query.where(Appointment.service_id == keys.service_id)
    bookings = list(session.scalars(query.order_by(Appointment.slot_start, Appointment.id)))
    if not bookings:
        raise _unknown()
    booked = [item for item in bookings if item.status == AppointmentStatus.BOOKED]
    # In the window first, then the next one ahead (too early), then the latest (expired).
    for result in (CheckIn.OK, CheckIn.TOO_EARLY):
        for item in booked:
            if check_in_window(item.slot_start, now).result == result:
                return item
    if booked:
        return booked[-1]
    return next(
        (item for item in bookings if item.status == AppointmentStatus.CHECKED_IN), bookings[-1]
    )
