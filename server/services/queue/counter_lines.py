"""A counter's waiting line in the order it would call it: the queue rule over the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Counter, Service, Ticket
from server.rules.next_ticket import CounterQueue, QueuePolicy, queue_order
from server.services.queries import queued, waiting_tickets
from server.services.settings import QueueSettings


def queue_policy(session: Session, counter: Counter, settings: QueueSettings) -> QueuePolicy:
    """The fairness policy of a counter: the streak cap and its services' max waits."""
    services = session.scalars(select(Service).where(Service.id.in_(counter.service_ids))).all()
    return QueuePolicy(
        max_priority_in_row=settings.max_priority_in_row,
        max_wait_minutes={service.id: service.max_wait_minutes for service in services},
    )


def counter_line(
    session: Session, counter: Counter, settings: QueueSettings, now: datetime
) -> list[Ticket]:
    """The waiting tickets this counter may call, first to be called first."""
    waiting = waiting_tickets(session, counter.office_id, now=now)
    by_id = {ticket.id: ticket for ticket in waiting}
    order = queue_order(
        [queued(ticket) for ticket in waiting],
        CounterQueue(counter.id, tuple(counter.service_ids)),
        now,
        counter.priority_streak,
        queue_policy(session, counter, settings),
    )
    return [by_id[entry.id] for entry in order]
