"""Appointment totals of a report (design §12): booked, checked in, cancelled, expired."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Appointment, AppointmentStatus, Office
from server.rules.business_day import day_bounds_utc
from server.services.appointments.bookings import shown_status


def appointment_totals(
    session: Session,
    offices: Sequence[Office],
    start: date,
    end: date,
    now: datetime,
    service_id: int | None = None,
) -> dict[str, int]:
    """Bookings whose slot falls on the offices' days start..end (of one service), by status.

    `booked` counts every booking made for those days; the others split them by what became
    of them, a booking never checked in past its window being `expired` (a no-show).
    """
    totals = {str(status): 0 for status in AppointmentStatus}
    for office in offices:
        first = day_bounds_utc(start, office.timezone)[0]
        last = day_bounds_utc(end, office.timezone)[1]
        query = select(Appointment).where(
            Appointment.office_id == office.id,
            Appointment.slot_start >= first,
            Appointment.slot_start < last,
        )
        if service_id is not None:
            query = query.where(Appointment.service_id == service_id)
        bookings = session.scalars(query)
        for appointment in bookings:
            totals[str(AppointmentStatus.BOOKED)] += 1
            status = shown_status(appointment, now)
            if status != AppointmentStatus.BOOKED:
                totals[str(status)] += 1
    return totals
