"""Counters: open, pause, close, and calling the next citizen."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Counter, CounterStatus, Office, Ticket, TicketStatus, utcnow
from server.rules.errors import DomainError
from server.rules.next_ticket import next_priority_streak
from server.rules.transitions import TicketAction, next_status
from server.services.actor import Actor
from server.services.changes import Change, Outcome, change
from server.services.events import record_event
from server.services.locking import lock_office
from server.services.permissions import require_staff
from server.services.presenters import counter_dict, staff_ticket_dict
from server.services.queries import current_ticket, get_or_404, queued
from server.services.queue.announcements import ticket_called
from server.services.queue.counter_lines import counter_line
from server.services.queue.tickets import apply_transition
from server.services.settings import QueueSettings


class CounterAction(StrEnum):
    """What a clerk does with a counter (design §5); repeating the current state changes nothing."""

    OPEN = "open"
    PAUSE = "pause"
    CLOSE = "close"


def _load_for_clerk(session: Session, actor: Actor, counter_id: int) -> tuple[Office, Counter]:
    """Lock the counter's office and check the actor works there."""
    counter = get_or_404(session, Counter, counter_id, "counter")
    office = lock_office(session, counter.office_id)
    session.refresh(counter)
    require_staff(session, actor, office.id)
    return office, counter


def _held_by_other(counter: Counter, actor: Actor) -> bool:
    """Whether another clerk holds this counter now."""
    return (
        counter.status != CounterStatus.CLOSED
        and counter.clerk_id is not None
        and counter.clerk_id != actor.user_id
    )


def _counter_in_use(counter: Counter) -> DomainError:
    """409 for a counter held by someone else."""
    return DomainError(
        "counter_in_use", f"Quầy {counter.number} đang được cán bộ khác sử dụng", 409
    )


def _take_counter(session: Session, actor: Actor, counter: Counter) -> None:
    """Seat the actor at a counter, refusing if they already hold another open one."""
    if _held_by_other(counter, actor):
        raise _counter_in_use(counter)
    other = session.scalars(
        select(Counter).where(
            Counter.clerk_id == actor.user_id,
            Counter.id != counter.id,
            Counter.status != CounterStatus.CLOSED,
        )
    ).first()
    if other is not None:
        raise DomainError(
            "clerk_at_other_counter",
            f"Bạn đang mở quầy {other.number}; hãy đóng quầy đó trước",
            409,
        )
    counter.status = CounterStatus.OPEN
    counter.clerk_id = actor.user_id


def set_counter_state(
    session: Session,
    actor: Actor,
    counter_id: int,
    action: CounterAction,
    settings: QueueSettings,
) -> Outcome:
    """Open, pause or close a counter; repeating the current state is a no-op."""
    with write(session):
        office, counter = _load_for_clerk(session, actor, counter_id)
        before = (counter.status, counter.clerk_id)
        if action == CounterAction.OPEN:
            if counter.status != CounterStatus.OPEN or counter.clerk_id != actor.user_id:
                _take_counter(session, actor, counter)
        elif action == CounterAction.PAUSE:
            if counter.status == CounterStatus.CLOSED:
                raise DomainError("counter_closed", "Quầy đang đóng, hãy mở quầy trước", 409)
            if _held_by_other(counter, actor):
                raise _counter_in_use(counter)
            counter.status = CounterStatus.PAUSED
        elif action == CounterAction.CLOSE and counter.status != CounterStatus.CLOSED:
            if _held_by_other(counter, actor):
                raise _counter_in_use(counter)
            if current_ticket(session, counter.id) is not None:
                raise DomainError(
                    "ticket_pending",
                    "Hãy hoàn thành hoặc chuyển phiếu đang gọi trước khi đóng quầy",
                    409,
                )
            counter.status = CounterStatus.CLOSED
            counter.clerk_id = None
        body = counter_dict(session, counter, settings)
        changes: list[Change] = []
        if (counter.status, counter.clerk_id) != before:
            changes.append(change(session, "counter_updated", office.id, counter=body))
    return Outcome(body, changes)


def call_next(
    session: Session,
    actor: Actor,
    counter_id: int,
    settings: QueueSettings,
    *,
    ticket_id: int | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Call the next citizen to a counter (or a chosen waiting ticket); None when nobody waits."""
    with write(session):
        office, counter = _load_for_clerk(session, actor, counter_id)
        now = now or utcnow()  # read under the lock: a ticket committed while we waited is older
        changes: list[Change] = []
        if counter.status != CounterStatus.OPEN or counter.clerk_id != actor.user_id:
            _take_counter(
                session, actor, counter
            )  # call-next on a closed or paused counter opens it
            changes.append(
                change(
                    session,
                    "counter_updated",
                    office.id,
                    counter=counter_dict(session, counter, settings),
                )
            )
        pending = current_ticket(session, counter.id)
        if pending is not None and pending.status == TicketStatus.CALLED:
            raise DomainError(
                "ticket_pending",
                f"Phiếu {pending.number} đã được gọi; hãy bắt đầu, gọi lại hoặc đánh vắng mặt",
                409,
            )
        if pending is not None:
            changes.append(_complete(session, actor, pending, settings, now))
        chosen = _choose(session, counter, settings, now, ticket_id)
        if chosen is None:
            return Outcome(None, changes)
        before = chosen.status
        chosen.status = next_status(TicketAction.CALL, before)
        chosen.counter_id = counter.id
        chosen.clerk_id = actor.user_id
        chosen.called_at = now
        chosen.recall_count = 0
        chosen.target_counter_id = None
        chosen.front_of_line = False
        counter.priority_streak = next_priority_streak(counter.priority_streak, queued(chosen), now)
        record_event(session, chosen, str(TicketAction.CALL), str(before), actor, now)
        session.flush()
        body = staff_ticket_dict(session, chosen, settings)
        changes.append(
            ticket_called(session, office, chosen, counter, body, settings, recall=False)
        )
    return Outcome(body, changes)


def _complete(
    session: Session, actor: Actor, ticket: Ticket, settings: QueueSettings, now: datetime
) -> Change:
    """Finish the ticket being served before calling the next one."""
    apply_transition(session, actor, ticket, TicketAction.COMPLETE, None, settings, now)
    return change(
        session,
        "ticket_updated",
        ticket.office_id,
        ticket=staff_ticket_dict(session, ticket, settings),
    )


def _choose(
    session: Session,
    counter: Counter,
    settings: QueueSettings,
    now: datetime,
    ticket_id: int | None,
) -> Ticket | None:
    """The rule's choice among the counter's line, or the clerk's explicit pick from that line."""
    line = counter_line(session, counter, settings, now)
    if ticket_id is not None:
        # Only from this counter's own line: a ticket of a service it does not serve, or one
        # transferred to another counter by name, is not this clerk's to call.
        picked = next((ticket for ticket in line if ticket.id == ticket_id), None)
        if picked is None:
            raise DomainError(
                "ticket_not_waiting", "Phiếu này không còn trong hàng chờ của quầy", 409
            )
        return picked
    return line[0] if line else None
