"""Whether a service can issue a ticket right now, and why not."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Office, Service, ServiceSession
from server.rules.availability import (
    Availability,
    ServiceLimits,
    WorkingSession,
    check_availability,
)
from server.rules.business_day import business_date, local_time
from server.services.queries import counters_serving, issued_count


def office_sessions(office: Office) -> list[WorkingSession]:
    """The office's working sessions as rule values."""
    return [
        WorkingSession(s.weekday, s.start_minute, s.end_minute, s.name) for s in office.sessions
    ]


def service_sessions(session: Session, office: Office, service: Service) -> list[WorkingSession]:
    """The service's own working hours when it has any, else its office's."""
    own = session.scalars(
        select(ServiceSession).where(ServiceSession.service_id == service.id)
    ).all()
    if own:
        return [WorkingSession(s.weekday, s.start_minute, s.end_minute, s.name) for s in own]
    return office_sessions(office)


def service_availability(
    session: Session, office: Office, service: Service, now: datetime
) -> Availability:
    """Apply the availability rule to the service's current figures."""
    today = business_date(now, office.timezone)
    limits = ServiceLimits(
        active=service.active,
        daily_limit=service.daily_limit,
        cutoff_minutes=service.cutoff_minutes,
        issued_today=issued_count(session, service, today),
        counters_configured=len(counters_serving(session, service.id)),
    )
    holidays = {holiday.day for holiday in office.holidays}
    return check_availability(
        limits,
        service_sessions(session, office, service),
        holidays,
        local_time(now, office.timezone),
    )
