"""A ticket's Web Push subscription (design §12): the phone page hears "almost your turn" and
its call even when the page sleeps; kept only until the phone numbers are erased."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.db import write
from server.models import Ticket, TicketStatus
from server.rules.errors import DomainError
from server.services.changes import Outcome


def subscribe_ticket(session: Session, ticket: Ticket, subscription: dict[str, Any]) -> Outcome:
    """Keep the browser's subscription on the ticket (the latest one wins); not once it is over."""
    with write(session):
        session.refresh(ticket)
        if ticket.status not in (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED):
            raise DomainError(
                "push_unavailable", "Phiếu đã kết thúc, không cần nhận thông báo nữa", 409
            )
        ticket.push_subscription = {
            "endpoint": str(subscription["endpoint"]),
            "keys": {
                "p256dh": str(subscription["keys"]["p256dh"]),
                "auth": str(subscription["keys"]["auth"]),
            },
        }
    return Outcome({"subscribed": True})
