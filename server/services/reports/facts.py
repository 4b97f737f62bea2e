"""Reading tickets, transfers and ratings of a report's scope as plain report facts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from server.models import Rating, Ticket, TicketEvent
from server.rules.reports.figures import TicketFact, TransferFact

TRANSFER = "transfer"


@dataclass(frozen=True)
class Filters:
    """Optional narrowing of a report to one service, counter or clerk."""

    service_id: int | None = None
    counter_id: int | None = None
    clerk_id: int | None = None


def _seconds(end: datetime | None, start: datetime | None) -> float | None:
    """The seconds between two moments, or None when either is missing."""
    if end is None or start is None:
        return None
    return (end - start).total_seconds()


def _ticket_conditions(
    office_ids: list[int], start: date, end: date, filters: Filters
) -> list[ColumnElement[bool]]:
    """WHERE conditions of a report's tickets."""
    conditions = [
        Ticket.office_id.in_(office_ids),
        Ticket.business_date >= start,
        Ticket.business_date <= end,
    ]
    if filters.service_id is not None:
        conditions.append(Ticket.service_id == filters.service_id)
    if filters.counter_id is not None:
        conditions.append(Ticket.counter_id == filters.counter_id)
    if filters.clerk_id is not None:
        conditions.append(Ticket.clerk_id == filters.clerk_id)
    return conditions


def count_tickets(
    session: Session, office_ids: list[int], start: date, end: date, filters: Filters
) -> int:
    """How many tickets a report covers."""
    statement = select(func.count()).where(*_ticket_conditions(office_ids, start, end, filters))
    return int(session.execute(statement).scalar_one())


def ticket_facts(
    session: Session, office_ids: list[int], start: date, end: date, filters: Filters
) -> Iterator[TicketFact]:
    """One fact per ticket issued on business days start..end in the offices."""
    statement = (
        select(
            Ticket.office_id,
            Ticket.business_date,
            Ticket.service_id,
            Ticket.counter_id,
            Ticket.clerk_id,
            Ticket.channel,
            Ticket.status,
            Ticket.issued_at,
            Ticket.called_at,
            Ticket.started_at,
            Ticket.finished_at,
            Ticket.channel,
            Rating.level,
        )
        .outerjoin(Rating, Rating.ticket_id == Ticket.id)
        .where(*_ticket_conditions(office_ids, start, end, filters))
    )
    for row in session.execute(statement):
        status = str(row.status)
        served = status == "done"
        yield TicketFact(
            office_id=row.office_id,
            business_date=row.business_date,
            service_id=row.service_id,
            counter_id=row.counter_id,
            clerk_id=row.clerk_id,
            status=status,
            wait_seconds=_seconds(row.called_at, row.issued_at),
            service_seconds=_seconds(row.finished_at, row.started_at or row.called_at)
            if served
            else None,
            rating=str(row.level) if row.level is not None else None,
            channel=str(row.channel),
        )


def transfer_facts(
    session: Session, office_ids: list[int], start: date, end: date, filters: Filters
) -> Iterator[TransferFact]:
    """One fact per transfer of a ticket issued on business days start..end in the offices."""
    statement = (
        select(
            Ticket.office_id,
            Ticket.business_date,
            TicketEvent.service_id,
            TicketEvent.counter_id,
            TicketEvent.actor_user_id,
            TicketEvent.data,
            Ticket.channel,
        )
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(
            TicketEvent.action == TRANSFER,
            Ticket.office_id.in_(office_ids),
            Ticket.business_date >= start,
            Ticket.business_date <= end,
        )
    )
    if filters.clerk_id is not None:
        statement = statement.where(TicketEvent.actor_user_id == filters.clerk_id)
    for row in session.execute(statement):
        data: dict[str, Any] = row.data or {}
        service_id = _id_or(data.get("from_service_id")) or row.service_id
        counter_id = _id_or(data.get("from_counter_id"))
        if filters.service_id is not None and service_id != filters.service_id:
            continue
        if filters.counter_id is not None and counter_id != filters.counter_id:
            continue
        yield TransferFact(
            office_id=row.office_id,
            business_date=row.business_date,
            service_id=service_id,
            counter_id=counter_id,
            clerk_id=row.actor_user_id,
            channel=str(row.channel),
        )


def _id_or(value: Any) -> int | None:
    """An id read from an event's data, or None when it is absent."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
