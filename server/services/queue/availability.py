"""Whether a service can issue a ticket right now, and why not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, literal, select, union_all
from sqlalchemy.orm import Session

from server.models import Counter, Holiday, Office, Service, ServiceSession
from server.models import WorkingSession as OfficeSessionRow
from server.rules.availability import (
    Availability,
    ServiceLimits,
    WorkingSession,
    check_availability,
)
from server.rules.business_day import business_date, local_time
from server.services.queries import counters_serving, issued_count

# The closing-time rule looks up to a week past today (a 24-hour office works on past midnight).
HOLIDAY_LOOKAHEAD_DAYS = 7

# Issuing runs both for every ticket: built once, with parameters (building costs more than
# running them). The union gives a service's own hours (`own`) and its office's.
_SCHEDULE = union_all(
    select(
        literal(True).label("own"),
        ServiceSession.weekday,
        ServiceSession.start_minute,
        ServiceSession.end_minute,
        ServiceSession.name,
    ).where(ServiceSession.service_id == bindparam("service_id")),
    select(
        literal(False).label("own"),
        OfficeSessionRow.weekday,
        OfficeSessionRow.start_minute,
        OfficeSessionRow.end_minute,
        OfficeSessionRow.name,
    ).where(OfficeSessionRow.office_id == bindparam("office_id")),
)
_HOLIDAYS_BETWEEN = select(Holiday.day).where(
    Holiday.office_id == bindparam("office_id"),
    Holiday.day >= bindparam("first"),
    Holiday.day <= bindparam("last"),
)


def service_sessions(session: Session, office: Office, service: Service) -> list[WorkingSession]:
    """The service's own working hours when it has any, else its office's (one query)."""
    rows = session.execute(_SCHEDULE, {"service_id": service.id, "office_id": office.id}).all()
    if any(row.own for row in rows):
        rows = [row for row in rows if row.own]
    return [WorkingSession(row.weekday, row.start_minute, row.end_minute, row.name) for row in rows]


def upcoming_holidays(session: Session, office: Office, today: date) -> set[date]:
    """The office's holidays from today over the days the closing-time rule looks at."""
    last = today + timedelta(days=HOLIDAY_LOOKAHEAD_DAYS)
    parameters = {"office_id": office.id, "first": today, "last": last}
    return set(session.scalars(_HOLIDAYS_BETWEEN, parameters))


def service_availability(
    session: Session,
    office: Office,
    service: Service,
    now: datetime,
    *,
    issued_today: int | None = None,
    counters: Sequence[Counter] | None = None,
) -> Availability:
    """Apply the availability rule to the service's current figures.

    A caller that already knows how many were issued today, or loaded the counters serving
    the service, passes them and saves the queries.
    """
    today = business_date(now, office.timezone)
    if issued_today is None:
        issued_today = issued_count(session, service, today)
    if counters is None:
        counters = counters_serving(session, service.id)
    limits = ServiceLimits(
        active=service.active,
        daily_limit=service.daily_limit,
        cutoff_minutes=service.cutoff_minutes,
        issued_today=issued_today,
        counters_configured=len(counters),
    )
    return check_availability(
        limits,
        service_sessions(session, office, service),
        upcoming_holidays(session, office, today),
        local_time(now, office.timezone),
    )
