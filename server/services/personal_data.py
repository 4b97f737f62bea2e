"""Erasing citizens' phone numbers once their business day is old enough (design §12).

A phone number serves notifications only: tickets and bookings keep it until
`PERSONAL_DATA_DAYS` days after their business day (the office's calendar), then lose it.
ID numbers are never stored (only their keyed hash), so there is nothing else to erase.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from server.models import Appointment, Office, Ticket
from server.rules.business_day import business_date, day_bounds_utc


@dataclass(frozen=True)
class Erased:
    """How many phone numbers were erased."""

    tickets: int
    appointments: int


def erase_phone_numbers(session: Session, *, days: int, now: datetime) -> Erased:
    """Erase the phone numbers of tickets and bookings whose business day ended `days` ago."""
    tickets = appointments = 0
    for office in session.scalars(select(Office)):
        last_day = business_date(now, office.timezone) - timedelta(days=days + 1)
        _, cutoff = day_bounds_utc(last_day, office.timezone)
        tickets += _count(
            session.execute(
                update(Ticket)
                .where(
                    Ticket.office_id == office.id,
                    Ticket.business_date <= last_day,
                    or_(Ticket.phone.is_not(None), Ticket.push_subscription.is_not(None)),
                )
                .values(phone=None, push_subscription=None)
                .execution_options(synchronize_session=False)
            )
        )
        appointments += _count(
            session.execute(
                update(Appointment)
                .where(
                    Appointment.office_id == office.id,
                    Appointment.slot_start < cutoff,
                    Appointment.phone.is_not(None),
                )
                .values(phone=None)
                .execution_options(synchronize_session=False)
            )
        )
    session.commit()
    return Erased(tickets, appointments)


def _count(result: object) -> int:
    """The rows an UPDATE touched."""
    return int(getattr(result, "rowcount", 0) or 0)
