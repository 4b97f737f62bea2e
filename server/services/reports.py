"""The summary report: counts, wait and service times and ratings by service, counter, clerk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Counter, Office, Rating, Service, Ticket, TicketEvent, TicketStatus, User
from server.rules.errors import DomainError
from server.rules.stats import summarize
from server.services.actor import Actor
from server.services.permissions import require_manager
from server.services.queries import get_or_404

MAX_RANGE_DAYS = 366 * 2


@dataclass
class Tally:
    """Running figures for one row of the report."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    ratings: dict[str, int] = field(
        default_factory=lambda: {"very_satisfied": 0, "satisfied": 0, "dissatisfied": 0}
    )

    def as_dict(self) -> dict[str, Any]:
        """The row's figures in the API's shape."""
        return {
            "issued": self.issued,
            "served": self.served,
            "no_show": self.no_show,
            "cancelled": self.cancelled,
            "transferred": self.transferred,
            "wait_seconds": summarize(self.waits),
            "service_seconds": summarize(self.services),
            "ratings": dict(self.ratings),
        }


def _add_ticket(tally: Tally, ticket: Ticket) -> None:
    """Count one ticket into a tally."""
    tally.issued += 1
    if ticket.status == TicketStatus.DONE:
        tally.served += 1
        started = ticket.started_at or ticket.called_at
        if started is not None and ticket.finished_at is not None:
            tally.services.append((ticket.finished_at - started).total_seconds())
    elif ticket.status == TicketStatus.NO_SHOW:
        tally.no_show += 1
    elif ticket.status == TicketStatus.CANCELLED:
        tally.cancelled += 1
    if ticket.called_at is not None:
        tally.waits.append((ticket.called_at - ticket.issued_at).total_seconds())


def summary_report(
    session: Session, actor: Actor, office_id: int, start: date, end: date
) -> dict[str, Any]:
    """Figures for an office over business days start..end inclusive."""
    office = get_or_404(session, Office, office_id, "office")
    require_manager(session, actor, office.id)
    if end < start:
        raise DomainError("invalid_field", "from phải trước hoặc bằng to", 422)
    if (end - start).days > MAX_RANGE_DAYS:
        raise DomainError("invalid_field", "Khoảng thời gian tối đa là 2 năm", 422)
    tickets = list(
        session.scalars(
            select(Ticket).where(
                Ticket.office_id == office.id,
                Ticket.business_date >= start,
                Ticket.business_date <= end,
            )
        )
    )
    ticket_ids = [ticket.id for ticket in tickets]
    transfers = _transfers_by_ticket(session, ticket_ids)
    ratings = {r.ticket_id: r for r in _ratings(session, ticket_ids)}
    totals = Tally()
    groups: dict[str, dict[int, Tally]] = {
        "service": defaultdict(Tally),
        "counter": defaultdict(Tally),
        "clerk": defaultdict(Tally),
    }
    for ticket in tickets:
        keys = {
            "service": ticket.service_id,
            "counter": ticket.counter_id,
            "clerk": ticket.clerk_id,
        }
        rows = [totals] + [groups[name][key] for name, key in keys.items() if key is not None]
        for tally in rows:
            _add_ticket(tally, ticket)
            rating = ratings.get(ticket.id)
            if rating is not None:
                tally.ratings[str(rating.level)] += 1
        for from_service_id in transfers.get(ticket.id, []):
            totals.transferred += 1
            groups["service"][from_service_id].transferred += 1
    return {
        "office_id": office.id,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "totals": totals.as_dict(),
        "by_service": _rows(groups["service"], "service_id", _names(session, Service, "name")),
        "by_counter": _rows(groups["counter"], "counter_id", _counter_names(session)),
        "by_clerk": _rows(groups["clerk"], "user_id", _names(session, User, "full_name")),
    }


def _transfers_by_ticket(session: Session, ticket_ids: list[int]) -> dict[int, list[int]]:
    """For each ticket, the services it was transferred out of."""
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(ticket_ids):
        events = session.scalars(
            select(TicketEvent).where(
                TicketEvent.ticket_id.in_(chunk), TicketEvent.action == "transfer"
            )
        )
        for event in events:
            found[event.ticket_id].append(
                int((event.data or {}).get("from_service_id", event.service_id))
            )
    return found


def _ratings(session: Session, ticket_ids: list[int]) -> Iterable[Rating]:
    """Ratings of the given tickets."""
    for chunk in _chunks(ticket_ids):
        yield from session.scalars(select(Rating).where(Rating.ticket_id.in_(chunk)))


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    """Split ids for IN clauses (SQLite limits bound parameters)."""
    for index in range(0, len(ids), size):
        yield ids[index : index + size]


def _names(session: Session, model: Any, attribute: str) -> Callable[[int], str]:
    """A lookup of a model's display name by id."""

    def lookup(object_id: int) -> str:
        found = session.get(model, object_id)
        return str(getattr(found, attribute)) if found is not None else ""

    return lookup


def _counter_names(session: Session) -> Callable[[int], str]:
    """Counters are named 'Quầy N – name' (or just 'Quầy N' when that is their name)."""

    def lookup(counter_id: int) -> str:
        counter = session.get(Counter, counter_id)
        if counter is None:
            return ""
        label = f"Quầy {counter.number}"
        named = counter.name and counter.name.strip() != label
        return f"{label} – {counter.name}" if named else label

    return lookup


def _rows(
    tallies: dict[int, Tally], id_field: str, name_of: Callable[[int], str]
) -> list[dict[str, Any]]:
    """Report rows sorted by id, each naming what it is about."""
    return [
        {id_field: key, "name": name_of(key), **tally.as_dict()}
        for key, tally in sorted(tallies.items())
    ]
