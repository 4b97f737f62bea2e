"""Which citizens to tell what after a committed change (design §12), and through which notifier.

Read only: called after the commit, never inside a write, with a few small queries. A called
ticket with a phone hears "mời đến quầy số N"; when a line moves, each waiting ticket with a
phone whose people ahead fell to its service's `notify_ahead` or fewer hears "còn N người nữa
đến lượt" once (`first_warning` remembers who already did). A ticket whose phone page subscribed
to Web Push hears the same by push too, in addition to the office's SMS or Zalo notifier.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Appointment, AppointmentStatus, Office, Service, Ticket, TicketStatus
from server.notifications import messages
from server.notifications.messages import Message
from server.services.changes import Change
from server.services.queries import office_today

# Changes after which a line may have moved: a call, a transfer, a no-show, a cancellation;
# and a ticket issued with a phone (a remote number), which may start close to the front.
LINE_EVENTS = frozenset({"ticket_issued", "ticket_called", "ticket_updated"})
# The channels whose tickets may carry a phone when issued; a kiosk's or reception's ticket has
# none then (its page may subscribe to Web Push later), so issuing it costs no query here.
PHONE_CHANNELS = frozenset({"online", "appointment"})


def messages_for(
    session: Session, changes: Sequence[Change], first_warning: Callable[[int], bool]
) -> list[Message]:
    """The messages the committed `changes` call for."""
    found: list[Message] = []
    moved: dict[int, None] = {}  # service ids, in order
    for change in changes:
        if change.device_id is not None or change.event not in LINE_EVENTS:
            continue
        ticket_body = change.payload.get("ticket")
        if not isinstance(ticket_body, dict) or not isinstance(ticket_body.get("service_id"), int):
            continue
        if change.event == "ticket_issued" and not (
            ticket_body.get("channel") in PHONE_CHANNELS and _reachable(session, ticket_body)
        ):
            continue  # a walk-in moves nobody closer: no query on the issuing path
        moved[ticket_body["service_id"]] = None
        if change.event == "ticket_called":
            found.extend(_called(session, change, ticket_body))
    for service_id in moved:
        found.extend(_almost_your_turn(session, service_id, first_warning))
    return found


def _reachable(session: Session, ticket_body: dict[str, Any]) -> bool:
    """Whether the ticket has a phone or a push subscription (one read)."""
    ticket = session.get(Ticket, ticket_body.get("id"))
    return ticket is not None and bool(ticket.phone or ticket.push_subscription)


def _recipients(ticket: Ticket) -> list[dict[str, Any]]:
    """Where a ticket's messages go: its phone (the office's notifier), its browser (Web Push)."""
    found: list[dict[str, Any]] = []
    if ticket.phone:
        found.append({"phone": ticket.phone})
    if ticket.push_subscription:
        found.append({"push_subscription": dict(ticket.push_subscription)})
    return found


def _called(session: Session, change: Change, ticket_body: dict[str, Any]) -> Iterable[Message]:
    ticket = session.get(Ticket, ticket_body.get("id"))
    counter = change.payload.get("counter")
    if ticket is None or not isinstance(counter, dict):
        return ()
    return [
        messages.called(
            ticket.office_id,
            ticket.id,
            ticket.number,
            str(counter.get("number")),
            recall=ticket.recall_count,
            **to,
        )
        for to in _recipients(ticket)
    ]


def _almost_your_turn(
    session: Session, service_id: int, first_warning: Callable[[int], bool]
) -> Iterable[Message]:
    """The heads-up for the first `notify_ahead` + 1 of the line: one query, however long it is.

    The line's order is the one `people_ahead_count` counts in (priority, front of line,
    arrival, id), so the message says what the ticket's phone page says.
    """
    service = session.get(Service, service_id)
    if service is None or service.notify_ahead < 0:
        return
    today = office_today(session, service.office_id)
    front = session.scalars(
        select(Ticket)
        .where(
            Ticket.office_id == service.office_id,
            Ticket.service_id == service_id,
            Ticket.status == TicketStatus.WAITING,
            Ticket.business_date == today,
        )
        .order_by(
            Ticket.priority.is_(None),
            Ticket.front_of_line.is_(False),
            Ticket.queued_at,
            Ticket.id,
        )
        .limit(service.notify_ahead + 1)
    )
    for ahead, ticket in enumerate(front):
        to_all = _recipients(ticket)
        if to_all and first_warning(ticket.id):
            for to in to_all:
                yield messages.almost_your_turn(
                    ticket.office_id, ticket.id, ticket.number, ahead, **to
                )


def office_notifier_settings(session: Session, office_id: int) -> tuple[str, dict[str, Any]]:
    """An office's notifier kind and its settings (`log` for an office that is gone)."""
    office = session.get(Office, office_id)
    if office is None:
        return "log", {}
    return office.notifier_kind, dict(office.notifier_settings or {})


def booking_confirmed_notices(
    appointment: Appointment, service: Service, office: Office
) -> list[Message]:
    """The confirmation of a new booking, for `Outcome.notices` (none without a phone).

    The booking command returns `Outcome(body, notices=booking_confirmed_notices(…))`; the
    after-commit dispatcher queues it, so it goes out only once the booking is committed.
    """
    return _booking_notice(messages.booking_confirmed, appointment, service, office)


def reminder_notices(appointment: Appointment, service: Service, office: Office) -> list[Message]:
    """The reminder of a booking before its slot (none without a phone)."""
    return _booking_notice(messages.reminder, appointment, service, office)


def _booking_notice(
    build: Callable[..., Message], appointment: Appointment, service: Service, office: Office
) -> list[Message]:
    """One message about a booking, in the office's local time, to its phone if it has one."""
    if not appointment.phone:
        return []
    start = appointment.slot_start.astimezone(ZoneInfo(office.timezone))
    return [
        build(
            office.id,
            appointment.id,
            service.name,
            start,
            appointment.code,
            phone=appointment.phone,
        )
    ]


REMINDERS_PER_ROUND = 200  # bookings reminded in one write; the next round takes the rest


def due_reminders(session: Session, now: datetime, before: timedelta) -> list[Message]:
    """Mark the bookings whose slot starts within `before` as reminded; their reminders.

    One write, no I/O: the caller queues the messages after the commit. A booking made later
    than `before` ahead of its slot is marked without a reminder (its confirmation just went
    out). `SKIP LOCKED` keeps two server processes from reminding the same booking.
    """
    found: list[Message] = []
    with write(session):
        due = session.scalars(
            select(Appointment)
            .where(
                Appointment.status == AppointmentStatus.BOOKED,
                Appointment.reminded_at.is_(None),
                Appointment.phone.is_not(None),
                Appointment.slot_start > now,
                Appointment.slot_start <= now + before,
            )
            .order_by(Appointment.slot_start, Appointment.id)
            .limit(REMINDERS_PER_ROUND)
            .with_for_update(skip_locked=True)
        ).all()
        for appointment in due:
            appointment.reminded_at = now
            if appointment.created_at > appointment.slot_start - before:
                continue
            service = session.get(Service, appointment.service_id)
            office = session.get(Office, appointment.office_id)
            if service is not None and office is not None:
                found.extend(reminder_notices(appointment, service, office))
    return found
