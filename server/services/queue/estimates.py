"""People ahead and estimated wait, from the waiting line and the event log."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from server.models import Counter, Service, Ticket, TicketStatus
from server.rules.estimate import estimate_wait_minutes
from server.services.queries import (
    counters_serving,
    open_counter_count,
    people_ahead_count,
    recent_service_seconds,
)
from server.services.settings import QueueSettings


def service_wait_minutes(
    session: Session,
    service: Service,
    ahead: int,
    settings: QueueSettings,
    counters: Sequence[Counter] | None = None,
) -> int | None:
    """Minutes a newcomer with `ahead` people before them would wait for this service.

    `counters`: the counters serving the service, when the caller has loaded them already.
    """
    if counters is None:
        counters = counters_serving(session, service.id)
    return estimate_wait_minutes(
        ahead,
        recent_service_seconds(session, service.id, settings.estimate_history),
        open_counter_count(counters),
        service.default_service_minutes or settings.default_service_minutes,
    )


def ticket_position(
    session: Session,
    ticket: Ticket,
    service: Service,
    settings: QueueSettings,
    counters: Sequence[Counter] | None = None,
) -> tuple[int, int | None]:
    """(people ahead, estimated minutes) for a ticket; (0, 0) once it has left the line."""
    if ticket.status != TicketStatus.WAITING:
        return 0, 0
    ahead = people_ahead_count(session, ticket)
    return ahead, service_wait_minutes(session, service, ahead, settings, counters)
