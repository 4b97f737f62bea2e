"""What citizens' phones are told after a committed change: their own ticket, public queue figures.

Staff events carry clerk ids and other tickets; phones never get them. Instead, per batch of
changes: one `public_ticket` (the object of GET /public/tickets/<token>) for each ticket that
changed, and one small `public_queue` per office. Work per change is constant, not per phone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from server.models import Ticket
from server.services.changes import Change
from server.services.presenters import now_serving, public_ticket_dict
from server.services.queries import waiting_counts
from server.services.settings import QueueSettings

QUEUE_EVENTS = frozenset({"ticket_issued", "ticket_called", "ticket_updated", "counter_updated"})
# A ticket just issued has no phone following it yet; its holder loads the page afterwards.
OWN_TICKET_EVENTS = frozenset({"ticket_called", "ticket_updated"})


@dataclass(frozen=True)
class PublicUpdate:
    """One push to phones: to one ticket's page (`ticket_id`) or an office's pages (`office_id`)."""

    event: str
    payload: dict[str, Any]
    ticket_id: int | None = None
    office_id: int | None = None


def public_queue_dict(session: Session, office_id: int) -> dict[str, Any]:
    """An office's public figures: the numbers being called and how many wait per service."""
    return {
        "office_id": office_id,
        "now_serving": now_serving(session, office_id),
        "waiting": [
            {"service_id": service_id, "waiting": count}
            for service_id, count in sorted(waiting_counts(session, office_id).items())
        ],
    }


def _everyone(_id: int) -> bool:
    """Without a filter, every ticket and office counts as followed."""
    return True


def public_updates(
    session: Session,
    changes: Iterable[Change],
    settings: QueueSettings,
    *,
    ticket_followed: Callable[[int], bool] = _everyone,
    office_followed: Callable[[int], bool] = _everyone,
) -> list[PublicUpdate]:
    """The phone pushes that follow committed staff changes: tickets first, then office figures.

    `ticket_followed(ticket_id)` and `office_followed(office_id)` say whether any phone could
    receive the push; the queries behind one nobody receives are skipped.
    """
    ticket_ids: dict[int, None] = {}  # ordered sets: one push per ticket and office per batch
    office_ids: dict[int, None] = {}
    for change in changes:
        if change.device_id is not None or change.event not in QUEUE_EVENTS:
            continue
        if office_followed(change.office_id):
            office_ids[change.office_id] = None
        ticket = change.payload.get("ticket")
        if change.event in OWN_TICKET_EVENTS and isinstance(ticket, dict):
            ticket_id = ticket.get("id")
            if isinstance(ticket_id, int) and ticket_followed(ticket_id):
                ticket_ids[ticket_id] = None
    updates = []
    for ticket_id in ticket_ids:
        found = session.get(Ticket, ticket_id)
        if found is not None:
            body = public_ticket_dict(session, found, settings)
            updates.append(PublicUpdate("public_ticket", body, ticket_id=ticket_id))
    for office_id in office_ids:
        body = public_queue_dict(session, office_id)
        updates.append(PublicUpdate("public_queue", body, office_id=office_id))
    return updates
