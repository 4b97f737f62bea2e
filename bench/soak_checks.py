"""What the soak verifies afterwards: tickets, numbers, event order, and every screen's board."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_engine
from server.models import Ticket, TicketEvent

# The path every soak ticket takes; a ticket may stop anywhere along it.
LIFE = ("issue", "call", "start", "complete")


@dataclass(frozen=True)
class Acknowledged:
    """A ticket the server answered 201 for."""

    ticket_id: int
    number: str
    service_id: int


def check_tickets(database_url: str, acknowledged: Iterable[Acknowledged]) -> list[str]:
    """Every acknowledged ticket exists once with its number; numbers contiguous; events ordered."""
    problems: list[str] = []
    acked = list(acknowledged)
    repeated = [tid for tid, n in Counter(a.ticket_id for a in acked).items() if n > 1]
    if repeated:
        problems.append(f"ticket ids acknowledged twice: {repeated[:10]}")
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            tickets = {t.id: t for t in session.scalars(select(Ticket))}
            events: dict[int, list[TicketEvent]] = defaultdict(list)
            for event in session.scalars(select(TicketEvent).order_by(TicketEvent.id)):
                events[event.ticket_id].append(event)
    finally:
        engine.dispose()
    for ack in acked:
        stored = tickets.get(ack.ticket_id)
        if stored is None:
            problems.append(f"acknowledged ticket {ack.ticket_id} ({ack.number}) is missing")
        elif stored.number != ack.number or stored.service_id != ack.service_id:
            problems.append(
                f"ticket {ack.ticket_id}: acknowledged {ack.number}, stored {stored.number}"
            )
    problems += _numbering(tickets.values())
    for ticket in tickets.values():
        problems += _event_order(ticket, events.get(ticket.id, []))
    return problems


def _numbering(tickets: Iterable[Ticket]) -> list[str]:
    """Per service and day: sequences 1…n, each once, and numbers unique."""
    problems = []
    lines: dict[tuple[int, Any], list[Ticket]] = defaultdict(list)
    for ticket in tickets:
        lines[(ticket.service_id, ticket.business_date)].append(ticket)
    for (service_id, day), line in lines.items():
        sequences = sorted(t.sequence for t in line)
        if sequences != list(range(1, len(sequences) + 1)):
            problems.append(f"service {service_id} on {day}: sequences not 1…{len(sequences)}")
        if len({t.number for t in line}) != len(line):
            problems.append(f"service {service_id} on {day}: a number was given twice")
    return problems


def _event_order(ticket: Ticket, events: list[TicketEvent]) -> list[str]:
    """The ticket's log: a prefix of LIFE, each step from the status the last one left."""
    actions = tuple(event.action for event in events)
    if actions != LIFE[: len(actions)] or not actions:
        return [f"ticket {ticket.number} (#{ticket.id}): events {actions}"]
    previous: str | None = None
    for before, after in pairwise(events):
        if after.at < before.at:
            return [
                f"ticket {ticket.number}: {after.action} at {after.at:%H:%M:%S.%f} is before "
                f"{before.action} at {before.at:%H:%M:%S.%f}"
            ]
    for event in events:
        if event.from_status != previous:
            return [
                f"ticket {ticket.number}: {event.action} from {event.from_status}, not {previous}"
            ]
        previous = event.to_status
    if previous != str(ticket.status):
        return [f"ticket {ticket.number}: status {ticket.status}, last event left {previous}"]
    return []


def server_board(state: dict[str, Any]) -> dict[str, Any]:
    """The server's `state` in the shape of a board summary."""
    return {
        "seq": state["seq"],
        "counters": {c["id"]: (c.get("ticket") or {}).get("number") for c in state["counters"]},
        "waiting": {w["service_id"]: w["waiting"] for w in state["waiting"]},
    }


def check_boards(boards: list[dict[str, Any]], state: dict[str, Any]) -> list[str]:
    """Every screen shows what the server says: same seq, counters' tickets, waiting counts."""
    truth = server_board(state)
    wrong: Counter[str] = Counter()
    example: dict[str, str] = {}
    for board in boards:
        for part in ("seq", "counters", "waiting"):
            if board[part] != truth[part]:
                wrong[part] += 1
                example.setdefault(part, f"screen {board[part]!r} vs server {truth[part]!r}")
    return [
        f"{count} of {len(boards)} screens differ in {part}, e.g. {example[part]}"
        for part, count in wrong.items()
    ]
