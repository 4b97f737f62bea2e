"""The append-only ticket event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from server.models import Ticket, TicketEvent
from server.services.actor import Actor

# Events are only ever appended, and every change of a ticket writes one: a plain INSERT on
# the table skips the unit of work (nothing reads an event back in the transaction that
# wrote it; a later `ticket.events` load queries the table).
_INSERT_EVENT = insert(cast(Table, TicketEvent.__table__))


def record_event(
    session: Session,
    ticket: Ticket,
    action: str,
    from_status: str | None,
    actor: Actor,
    at: datetime,
    **data: Any,
) -> None:
    """Append one transition of a ticket to the log."""
    session.execute(
        _INSERT_EVENT,
        {
            "ticket_id": ticket.id,
            "office_id": ticket.office_id,
            "action": action,
            "from_status": from_status,
            "to_status": str(ticket.status),
            "service_id": ticket.service_id,
            "counter_id": ticket.counter_id,
            "actor_user_id": actor.user_id,
            "actor_device_id": actor.device_id,
            "at": at,
            "data": data,
        },
    )
