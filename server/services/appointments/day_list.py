"""The day's bookings of an office for its staff: no personal data (design §12)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Appointment, Office, Service, Ticket, utcnow
from server.rules.business_day import business_date, day_bounds_utc, local_time
from server.services.actor import Actor
from server.services.appointments.bookings import shown_status
from server.services.permissions import require_office_user
from server.services.queries import get_or_404


def masked_phone(phone: str | None) -> str | None:
    """What a clerk may see of a phone number: its last 3 digits."""
    if not phone:
        return None
    return "•••" + phone[-3:]


def office_bookings(
    session: Session, actor: Actor, office_id: int, day: date | None, now: datetime | None = None
) -> dict[str, Any]:
    """Code, service, slot, status and ticket number of each booking of a local day."""
    office = get_or_404(session, Office, office_id, "office")
    require_office_user(session, actor, office.id)
    now = now or utcnow()
    day = day or business_date(now, office.timezone)
    first, last = day_bounds_utc(day, office.timezone)
    rows = session.execute(
        select(Appointment, Service.prefix, Service.name, Ticket.number)
        .join(Service, Service.id == Appointment.service_id)
        .outerjoin(Ticket, Ticket.id == Appointment.ticket_id)
        .where(
            Appointment.office_id == office.id,
            Appointment.slot_start >= first,
            Appointment.slot_start < last,
        )
        .order_by(Appointment.slot_start, Appointment.id)
    ).all()
    return {
        "office_id": office.id,
        "date": day.isoformat(),
        "appointments": [
            {
                "code": appointment.code,
                "service_id": appointment.service_id,
                "service_prefix": prefix,
                "service_name": name,
                "start": local_time(appointment.slot_start, office.timezone).isoformat(),
                "end": local_time(appointment.slot_end, office.timezone).isoformat(),
                "status": str(shown_status(appointment, now)),
                "ticket_number": number,
                "phone_last_digits": masked_phone(appointment.phone),
            }
            for appointment, prefix, name, number in rows
        ],
    }
