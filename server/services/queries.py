"""Read queries shared by the service functions: lines, estimates, loading with checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import TypeVar

from sqlalchemy import Integer, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from server.models import (
    Base,
    Counter,
    CounterService,
    CounterStatus,
    Office,
    Service,
    Ticket,
    TicketEvent,
    TicketSequence,
    TicketStatus,
    utcnow,
)
from server.rules.business_day import business_date
from server.rules.errors import DomainError
from server.rules.ids import MAX_ID
from server.rules.natural_order import natural_key
from server.rules.next_ticket import QueuedTicket

ModelT = TypeVar("ModelT", bound=Base)

# The largest id a database row can have (SQLite and PostgreSQL BIGINT); a larger Python int
# cannot even be bound as a parameter, so it is "not found" rather than a crash.

NOT_FOUND_MESSAGES = {
    "office": "Không tìm thấy đơn vị",
    "service": "Không tìm thấy lĩnh vực",
    "counter": "Không tìm thấy quầy",
    "ticket": "Không tìm thấy phiếu",
    "device": "Không tìm thấy thiết bị",
    "print_job": "Không tìm thấy lệnh in",
    "user": "Không tìm thấy người dùng",
}


def get_or_404(session: Session, model: type[ModelT], object_id: int, what: str) -> ModelT:
    """Load a row by id or raise a 404 domain error naming what was missing."""
    found = session.get(model, object_id) if 1 <= object_id <= MAX_ID else None
    if found is None:
        raise DomainError(f"{what}_not_found", NOT_FOUND_MESSAGES.get(what, "Không tìm thấy"), 404)
    return found


def queued(ticket: Ticket) -> QueuedTicket:
    """The plain value the queue rules work on."""
    return QueuedTicket(
        id=ticket.id,
        service_id=ticket.service_id,
        queued_at=ticket.queued_at,
        priority=ticket.priority,
        target_counter_id=ticket.target_counter_id,
        front_of_line=ticket.front_of_line,
        slot_start=ticket.slot_start,
    )


def office_today(session: Session, office_id: int, now: datetime | None = None) -> date:
    """The office's current business day (its own timezone)."""
    office = session.get(Office, office_id)
    timezone = office.timezone if office is not None else "Asia/Ho_Chi_Minh"
    return business_date(now or utcnow(), timezone)


def waiting_tickets(
    session: Session,
    office_id: int,
    service_ids: Sequence[int] | None = None,
    *,
    now: datetime | None = None,
) -> list[Ticket]:
    """Today's waiting tickets of an office (a line never carries over to the next day)."""
    statement = select(Ticket).where(
        Ticket.office_id == office_id,
        Ticket.status == TicketStatus.WAITING,
        Ticket.business_date == office_today(session, office_id, now),
    )
    if service_ids is not None:
        statement = statement.where(Ticket.service_id.in_(service_ids))
    return list(session.scalars(statement.order_by(Ticket.queued_at, Ticket.id)))


def people_ahead_count(session: Session, ticket: Ticket) -> int:
    """The rule `people_ahead` as one COUNT: same order (priority, front of line, arrival, id).

    The waiting line can be hundreds long; counting in the database keeps issuing a
    ticket cheap. tests/test_people_ahead_query.py proves it agrees with the pure rule.
    """
    statement = _people_ahead_statement(bool(ticket.priority), bool(ticket.front_of_line))
    parameters = {
        "office_id": ticket.office_id,
        "service_id": ticket.service_id,
        "business_date": ticket.business_date,
        "ticket_id": ticket.id,
        "queued_at": ticket.queued_at,
    }
    return int(session.execute(statement, parameters).scalar_one())


@cache
def _people_ahead_statement(priority: bool, front_of_line: bool) -> Select[int]:
    """The COUNT for one kind of ticket, built once: issuing runs it every time."""
    same_class = Ticket.priority.is_not(None) if priority else Ticket.priority.is_(None)
    same_front = Ticket.front_of_line.is_(front_of_line)
    ticket_id = bindparam("ticket_id", type_=Integer)
    earlier = or_(
        Ticket.queued_at < bindparam("queued_at"),
        and_(Ticket.queued_at == bindparam("queued_at"), Ticket.id < ticket_id),
    )
    before = [and_(same_class, same_front, earlier)]
    if not front_of_line:
        before.append(and_(same_class, Ticket.front_of_line.is_(True)))
    if not priority:
        before.append(Ticket.priority.is_not(None))
    return select(func.count()).where(
        Ticket.office_id == bindparam("office_id"),
        Ticket.service_id == bindparam("service_id"),
        Ticket.status == TicketStatus.WAITING,
        Ticket.business_date == bindparam("business_date"),
        Ticket.id != ticket_id,
        or_(*before),
    )


def waiting_counts(
    session: Session, office_id: int, *, now: datetime | None = None
) -> dict[int, int]:
    """How many wait today, per service id."""
    rows = session.execute(
        select(Ticket.service_id, func.count())
        .where(
            Ticket.office_id == office_id,
            Ticket.status == TicketStatus.WAITING,
            Ticket.business_date == office_today(session, office_id, now),
        )
        .group_by(Ticket.service_id)
    )
    return {service_id: count for service_id, count in rows}


def issued_count(session: Session, service: Service, business_date: date) -> int:
    """Numbers a service gave out on a business day, read from its sequence row (no gaps)."""
    last = session.execute(
        select(TicketSequence.last_value).where(
            TicketSequence.service_id == service.id,
            TicketSequence.business_date == business_date,
        )
    ).scalar()
    return 0 if last is None else last - service.number_start + 1


def counters_of_office(session: Session, office_id: int) -> list[Counter]:
    """The office's counters, ordered by number."""
    statement = select(Counter).where(Counter.office_id == office_id)
    counters = list(session.scalars(statement))
    return sorted(counters, key=lambda counter: natural_key(counter.number))


def services_of_office(session: Session, office_id: int) -> list[Service]:
    """The office's services in display order."""
    statement = (
        select(Service)
        .where(Service.office_id == office_id)
        .order_by(Service.sort_order, Service.prefix)
    )
    return list(session.scalars(statement))


# Statements on the issuing path are built once, with parameters: building a SQLAlchemy
# statement costs several times more than running it on SQLite.
_COUNTERS_SERVING = (
    select(Counter)
    .join(CounterService, CounterService.counter_id == Counter.id)
    .where(CounterService.service_id == bindparam("service_id"))
)
_RECENT_SERVICE_DATA = (
    select(TicketEvent.data)
    .where(TicketEvent.service_id == bindparam("service_id"), TicketEvent.action == "complete")
    .order_by(TicketEvent.id.desc())
    .limit(bindparam("limit"))
)


def counters_serving(session: Session, service_id: int) -> list[Counter]:
    """Counters set up to serve a service, whatever their state."""
    return list(session.scalars(_COUNTERS_SERVING, {"service_id": service_id}))


def open_counter_count(counters: Sequence[Counter]) -> int:
    """How many of these counters are open (calling)."""
    return sum(1 for counter in counters if counter.status == CounterStatus.OPEN)


def recent_service_seconds(session: Session, service_id: int, limit: int) -> list[float]:
    """Durations of the service's most recent completed services, from the event log."""
    durations = []
    for data in session.scalars(_RECENT_SERVICE_DATA, {"service_id": service_id, "limit": limit}):
        seconds = (data or {}).get("service_seconds")
        if isinstance(seconds, int | float):
            durations.append(float(seconds))
    return durations


def current_ticket(session: Session, counter_id: int) -> Ticket | None:
    """The ticket called to or being served at a counter, if any."""
    statement = (
        select(Ticket)
        .where(
            Ticket.counter_id == counter_id,
            Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING]),
        )
        .order_by(Ticket.called_at.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def descendant_office_ids(session: Session, office_id: int) -> set[int]:
    """The office and every office below it in the tree."""
    rows = session.execute(select(Office.id, Office.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for child_id, parent_id in rows:
        children.setdefault(parent_id, []).append(child_id)
    found, stack = set(), [office_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found
