"""Who is next at a counter: targeted, aged, then appointments, priority and normal, fairly."""

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Priority(StrEnum):
    """Categories of citizens served ahead of the normal line."""

    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    MERIT = "merit"
    OTHER = "other"


@dataclass(frozen=True)
class QueuedTicket:
    """A waiting ticket, reduced to what the ordering rule needs."""

    id: int
    service_id: int
    queued_at: datetime
    priority: str | None = None
    target_counter_id: int | None = None
    front_of_line: bool = False
    # An appointment ticket's slot start (design §12); None for walk-ins.
    slot_start: datetime | None = None


@dataclass(frozen=True)
class CounterQueue:
    """A counter and the services it serves, first = most preferred."""

    counter_id: int
    service_ids: tuple[int, ...]


@dataclass(frozen=True)
class QueuePolicy:
    """Fairness settings: priority streak cap and per-service max wait before promotion."""

    max_priority_in_row: int = 3
    # Keyed by service_id; None or missing means tickets of that service never age.
    max_wait_minutes: Mapping[int, int | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Reject a negative streak cap, which has no meaning."""
        if self.max_priority_in_row < 0:
            raise ValueError("max_priority_in_row must be >= 0")


def eligible(tickets: Iterable[QueuedTicket], counter: CounterQueue) -> list[QueuedTicket]:
    """Return the waiting tickets this counter may call, in input order."""
    return [
        ticket
        for ticket in tickets
        if ticket.target_counter_id == counter.counter_id
        or (ticket.target_counter_id is None and ticket.service_id in counter.service_ids)
    ]


def _appointment_due(ticket: QueuedTicket, now: datetime) -> bool:
    # Before its slot starts an appointment ticket (checked in early) waits like a walk-in.
    return ticket.slot_start is not None and ticket.slot_start <= now


def _is_aged(ticket: QueuedTicket, now: datetime, policy: QueuePolicy) -> bool:
    max_wait = policy.max_wait_minutes.get(ticket.service_id)
    return max_wait is not None and now - ticket.queued_at > timedelta(minutes=max_wait)


def queue_order(
    tickets: Iterable[QueuedTicket],
    counter: CounterQueue,
    now: datetime,
    priority_streak: int,
    policy: QueuePolicy,
) -> list[QueuedTicket]:
    """Return the eligible tickets in the order this counter would call them, one by one."""
    # First occurrence wins if an office lists a service twice; a targeted ticket whose
    # service the counter does not list was sent here by name, so it ranks most preferred.
    preference: dict[int, int] = {}
    for index, service_id in enumerate(counter.service_ids):
        preference.setdefault(service_id, index)

    def in_class(ticket: QueuedTicket) -> tuple[bool, int, datetime, int]:
        return (
            not ticket.front_of_line,
            preference.get(ticket.service_id, -1),
            ticket.queued_at,
            ticket.id,
        )

    targeted: list[QueuedTicket] = []
    aged: list[QueuedTicket] = []
    appointments: list[QueuedTicket] = []
    prioritised: list[QueuedTicket] = []
    normal: list[QueuedTicket] = []
    for ticket in eligible(tickets, counter):
        if ticket.target_counter_id == counter.counter_id:
            targeted.append(ticket)
        elif _is_aged(ticket, now, policy):
            aged.append(ticket)
        elif _appointment_due(ticket, now):
            appointments.append(ticket)
        elif ticket.priority:
            prioritised.append(ticket)
        else:
            normal.append(ticket)
    targeted.sort(key=in_class)
    aged.sort(key=lambda ticket: (ticket.queued_at, ticket.id))
    # A booking promised a time: due appointments go first in the line served ahead of
    # walk-ins, earlier slot first, and spend the same max-in-a-row budget as priority tickets.
    appointments.sort(key=lambda ticket: (ticket.slot_start or now, *in_class(ticket)))
    prioritised_line = deque(appointments + sorted(prioritised, key=in_class))
    normal_line = deque(sorted(normal, key=in_class))

    # Simulate successive calls so the order is the real call order: the streak moves with
    # every call, so after N priority calls a normal ticket slips in, and so on.
    order = targeted + aged
    streak = priority_streak
    for ticket in order:
        streak = next_priority_streak(streak, ticket, now)
    while prioritised_line or normal_line:
        if normal_line and (not prioritised_line or streak >= policy.max_priority_in_row):
            order.append(normal_line.popleft())
            streak = 0
        else:
            order.append(prioritised_line.popleft())
            streak += 1
    return order


def choose_next(
    tickets: Iterable[QueuedTicket],
    counter: CounterQueue,
    now: datetime,
    priority_streak: int,
    policy: QueuePolicy,
) -> QueuedTicket | None:
    """Return the ticket this counter should call now, or None if nobody is waiting for it."""
    order = queue_order(tickets, counter, now, priority_streak, policy)
    return order[0] if order else None


def next_priority_streak(streak: int, called: QueuedTicket, now: datetime | None = None) -> int:
    """Return the counter's priority streak after calling `called` at `now`.

    A priority ticket and an appointment whose slot has started both count: they share the
    budget that keeps walk-ins moving. Without `now` any appointment ticket counts.
    """
    ahead = called.priority or (
        called.slot_start is not None and (now is None or called.slot_start <= now)
    )
    return streak + 1 if ahead else 0


def people_ahead(ticket: QueuedTicket, waiting: Iterable[QueuedTicket]) -> int:
    """Count waiting tickets of the same service that come before `ticket` in its line."""

    # A deliberately simple view for the citizen (kiosk slip, QR page): it ignores
    # counter targeting, aging and the priority streak, which depend on who calls.
    def place(other: QueuedTicket) -> tuple[bool, bool, datetime, int]:
        return (not other.priority, not other.front_of_line, other.queued_at, other.id)

    own_place = place(ticket)
    return sum(
        1
        for other in waiting
        if other.service_id == ticket.service_id
        and other.id != ticket.id
        and place(other) < own_place
    )
