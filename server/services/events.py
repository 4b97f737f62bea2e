"""The append-only ticket event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from server.models import Ticket, TicketEvent
from server.services.actor import Actor


def record_event(
    session: Session,
    ticket: Ticket,
    action: str,
    from_status: str | None,
    actor: Actor,
    at: datetime,
    **data: Any,
) -> TicketEvent:
    """Append one transition of a ticket to the log."""
    event = TicketEvent(
        ticket_id=ticket.id,
        office_id=ticket.office_id,
        action=action,
        from_status=from_status,
        to_status=str(ticket.status),
        service_id=ticket.service_id,
        counter_id=ticket.counter_id,
        actor_user_id=actor.user_id,
        actor_device_id=actor.device_id,
        at=at,
        data=data,
    )
    session.add(event)
    return event
