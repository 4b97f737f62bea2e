"""Issuing tickets and moving them through their life cycle."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from server.db import write
from server.models import (
    Channel,
    Counter,
    Device,
    Office,
    PrintJob,
    Priority,
    Service,
    Ticket,
    TicketStatus,
    utcnow,
)
from server.rules.availability import Unavailable
from server.rules.business_day import business_date
from server.rules.errors import DomainError
from server.rules.numbering import format_number
from server.rules.transitions import TicketAction, next_status
from server.services.actor import Actor
from server.services.changes import Change, Outcome, PrintOrder, change
from server.services.events import record_event
from server.services.locking import lock_office, lock_office_of_service
from server.services.permissions import require_issuer, require_reader, require_staff
from server.services.presenters import issued_ticket_dict, staff_ticket_dict
from server.services.printing.print_jobs import print_device_for
from server.services.printing.ticket_print import prints_in_browser
from server.services.queries import counters_serving, get_or_404
from server.services.queue.announcements import ticket_called
from server.services.queue.availability import service_availability
from server.services.queue.estimates import ticket_position
from server.services.queue.numbering import allocate_sequence
from server.services.queue.priorities import require_priority_offered
from server.services.settings import QueueSettings

# Every kiosk ticket stores one job, read back only after commit: no unit of work needed.
_print_jobs = cast(Table, PrintJob.__table__)  # a declarative class's table is a Table
_INSERT_PRINT_JOB = insert(_print_jobs).returning(_print_jobs.c.id)


PUBLIC_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # token_urlsafe's alphabet


def new_public_token() -> str:
    """An unguessable token for the citizen's page (144 bits)."""
    return secrets.token_urlsafe(18)


def issue_ticket(
    session: Session,
    actor: Actor,
    service_id: int,
    settings: QueueSettings,
    *,
    priority: str | None = None,
    channel: str | None = None,
    dossier_code: str | None = None,
    print_device_id: int | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Give the next number of a service to a citizen, with a print job on a kiosk's printer.

    A kiosk prints on its own printer; a clerk at reception may name a kiosk of the office
    (`print_device_id`). The job is only stored here: printing happens after commit.
    """
    with write(session):
        service, office = lock_office_of_service(session, service_id)
        now = now or utcnow()  # under the lock, so arrival times follow the numbers
        require_issuer(session, actor, office.id)
        if priority is not None and priority not in set(Priority):
            raise DomainError("invalid_field", f"priority: không hợp lệ ({priority})", 422)
        require_priority_offered(session, office.id, priority)
        resolved_channel = _channel_for(actor, channel)
        print_device = print_device_for(session, actor, office.id, print_device_id)
        return issue_in_locked_office(
            session,
            actor,
            service,
            office,
            settings,
            now,
            NewTicketFacts(resolved_channel, priority, dossier_code),
            print_device=print_device,
        )


@dataclass(frozen=True)
class NewTicketFacts:
    """What a new ticket carries besides its service: how it came, and for whom."""

    channel: Channel
    priority: str | None = None
    dossier_code: str | None = None
    slot_start: datetime | None = None  # an appointment's slot (design §12)
    phone: str | None = None  # for notifications only (design §12)


def issue_in_locked_office(
    session: Session,
    actor: Actor,
    service: Service,
    office: Office,
    settings: QueueSettings,
    now: datetime,
    facts: NewTicketFacts,
    *,
    print_device: Device | None = None,
    check_availability: bool = True,
    refuse: Callable[[int], None] | None = None,
) -> Outcome:
    """Number, write and record a ticket; the caller holds the office lock inside `write`.

    `refuse(issued_today)` may raise a further refusal once the number is known (the remote
    share); an appointment's check-in skips the availability check, as its slot was offered.
    """
    today = business_date(now, office.timezone)
    # The number first: it tells how many were issued before it (the daily limit), and a
    # refusal below rolls it back with the transaction, leaving no gap.
    sequence = allocate_sequence(session, service, today)
    counters = counters_serving(session, service.id)
    issued_today = sequence - service.number_start
    if check_availability:
        availability = service_availability(
            session, office, service, now, issued_today=issued_today, counters=counters
        )
        if not availability.available:
            code = (
                "daily_limit_reached"
                if availability.reason == Unavailable.DAILY_LIMIT
                else "service_unavailable"
            )
            raise DomainError(code, availability.message or "Lĩnh vực tạm ngừng", 409)
    if refuse is not None:
        refuse(issued_today)
    ticket = Ticket(
        office_id=office.id,
        service_id=service.id,
        business_date=today,
        sequence=sequence,
        number=format_number(service.prefix, sequence, service.number_width),
        priority=facts.priority,
        channel=facts.channel,
        status=TicketStatus.WAITING,
        issued_at=now,
        queued_at=now,
        issued_by_device_id=actor.device_id,
        issued_by_user_id=actor.user_id,
        public_token=new_public_token(),
        dossier_code=facts.dossier_code,
        slot_start=facts.slot_start,
        phone=facts.phone,
    )
    session.add(ticket)
    session.flush()
    record_event(session, ticket, "issue", None, actor, now, channel=str(facts.channel))
    print_orders = []
    if print_device is not None and not prints_in_browser(print_device):
        print_orders.append(_store_print_job(session, ticket, print_device, now))
    position = ticket_position(session, ticket, service, settings, counters)
    staff_view = staff_ticket_dict(session, ticket, settings, position=position)
    changes = [change(session, "ticket_issued", office.id, ticket=staff_view)]
    body = issued_ticket_dict(ticket, settings, staff_view)  # the issuer prints or shows the QR
    return Outcome(body, changes, print_orders)


def _store_print_job(session: Session, ticket: Ticket, kiosk: Device, now: datetime) -> PrintOrder:
    """Store the ticket's print job for a kiosk (sent after commit)."""
    values = {"ticket_id": ticket.id, "device_id": kiosk.id, "created_at": now, "updated_at": now}
    job_id = session.execute(_INSERT_PRINT_JOB, values).scalar_one()
    return PrintOrder(job_id, kiosk.id)


def _channel_for(actor: Actor, requested: str | None) -> Channel:
    """A kiosk always issues `kiosk`; staff default to `reception`."""
    if actor.device is not None:
        return Channel.KIOSK
    if requested is None:
        return Channel.RECEPTION
    # An appointment ticket comes only from a check-in, which gives it its slot (design §12).
    if requested not in set(Channel) or requested == Channel.APPOINTMENT:
        raise DomainError("invalid_field", f"channel: không hợp lệ ({requested})", 422)
    return Channel(requested)


SIMPLE_ACTIONS = frozenset(
    {
        TicketAction.RECALL,
        TicketAction.START,
        TicketAction.COMPLETE,
        TicketAction.NO_SHOW,
        TicketAction.REQUEUE,
        TicketAction.PARK,
        TicketAction.RESUME,
        TicketAction.CANCEL,
    }
)


def act_on_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    action: TicketAction,
    settings: QueueSettings,
    *,
    now: datetime | None = None,
) -> Outcome:
    """Apply one clerk action (recall, start, complete, no-show, requeue, park, resume, cancel)."""
    with write(session):
        ticket = get_or_404(session, Ticket, ticket_id, "ticket")
        office = lock_office(session, ticket.office_id)
        now = now or utcnow()  # under the lock: the ticket's events stay in time order
        session.refresh(ticket)  # the row may have changed while we waited for the lock
        require_staff(session, actor, office.id)
        counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
        _require_own_counter(actor, ticket, counter)
        apply_transition(session, actor, ticket, action, counter, settings, now)
        body = staff_ticket_dict(session, ticket, settings)
        if action == TicketAction.RECALL and counter is not None:
            changes = [ticket_called(session, office, ticket, counter, body, settings, recall=True)]
        else:
            changes = [change(session, "ticket_updated", office.id, ticket=body)]
    return Outcome(body, changes)


def apply_transition(
    session: Session,
    actor: Actor,
    ticket: Ticket,
    action: TicketAction,
    counter: Counter | None,
    settings: QueueSettings,
    now: datetime,
) -> None:
    """Move a ticket by one action, set what the action changes, log it (no commit)."""
    before = ticket.status
    ticket.status = next_status(action, before)
    data = _apply_action(ticket, action, counter, settings, now)
    record_event(session, ticket, str(action), str(before), actor, now, **data)
    session.flush()


def _require_own_counter(actor: Actor, ticket: Ticket, counter: Counter | None) -> None:
    """A clerk acts on a called ticket only at a counter they hold (admins may step in).

    Only while the ticket is at the counter (called or serving): a no-show keeps its counter
    for the record, but the citizen who comes back may be re-queued by any clerk.
    """
    if counter is None or actor.user is None or actor.user.role != "clerk":
        return
    if ticket.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
        return
    if counter.clerk_id is not None and counter.clerk_id != actor.user.id:
        raise DomainError(
            "not_your_counter", f"Phiếu này đang ở quầy {counter.number} của cán bộ khác", 403
        )


def _apply_action(
    ticket: Ticket,
    action: TicketAction,
    counter: Counter | None,
    settings: QueueSettings,
    now: datetime,
) -> dict[str, object]:
    """Set the timestamps and fields an action changes; return data for the event log."""
    if action == TicketAction.RECALL:
        ticket.recall_count += 1
        return {"recall_count": ticket.recall_count}
    if action == TicketAction.START:
        ticket.started_at = now
        return {}
    if action == TicketAction.COMPLETE:
        ticket.finished_at = now
        started = ticket.started_at or ticket.called_at or now
        return {"service_seconds": round((now - started).total_seconds(), 1)}
    if action == TicketAction.NO_SHOW:
        if ticket.recall_count < settings.no_show_after_recalls:
            raise DomainError(
                "recall_required",
                f"Cần gọi lại ít nhất {settings.no_show_after_recalls} lần trước khi đánh vắng mặt",
                409,
            )
        ticket.finished_at = now
        return {}
    if action == TicketAction.REQUEUE:
        # A citizen who missed their call goes to the back of the line.
        _back_to_line(ticket)
        ticket.queued_at = now
        ticket.finished_at = None
        return {}
    if action == TicketAction.PARK:
        # Parked at a counter: when resumed it comes back to the same counter.
        if counter is not None:
            ticket.target_counter_id = counter.id
        ticket.counter_id = None
        return {"parked_at_counter_id": counter.id if counter else None}
    if action == TicketAction.RESUME:
        _back_to_line(ticket, keep_target=True)
        return {}
    if action == TicketAction.CANCEL:
        ticket.finished_at = now
        return {}
    raise DomainError("invalid_transition", f"Thao tác không hợp lệ: {action}", 409)


def _back_to_line(ticket: Ticket, *, keep_target: bool = False) -> None:
    """Reset what belongs to a previous call."""
    ticket.counter_id = None
    ticket.clerk_id = None
    ticket.called_at = None
    ticket.started_at = None
    ticket.recall_count = 0
    if not keep_target:
        ticket.target_counter_id = None


def transfer_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    settings: QueueSettings,
    *,
    service_id: int | None = None,
    counter_id: int | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Move a ticket, keeping its number, to another service's line or to a named counter."""
    if (service_id is None) == (counter_id is None):
        raise DomainError("invalid_field", "Cần chọn đúng một: service_id hoặc counter_id", 422)
    with write(session):
        ticket = get_or_404(session, Ticket, ticket_id, "ticket")
        office = lock_office(session, ticket.office_id)
        now = now or utcnow()  # under the lock: the ticket's events stay in time order
        session.refresh(ticket)
        require_staff(session, actor, office.id)
        current_counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
        _require_own_counter(actor, ticket, current_counter)
        target_service_id, target_counter_id = _transfer_target(
            session, office.id, ticket, service_id, counter_id
        )
        before = ticket.status
        ticket.status = next_status(TicketAction.TRANSFER, before)
        from_service_id = ticket.service_id
        _back_to_line(ticket)
        if target_service_id != from_service_id:
            ticket.transferred_from_service_id = from_service_id
            ticket.service_id = target_service_id
        ticket.target_counter_id = target_counter_id
        ticket.front_of_line = settings.transfer_to_front
        record_event(
            session,
            ticket,
            str(TicketAction.TRANSFER),
            str(before),
            actor,
            now,
            from_service_id=from_service_id,
            from_counter_id=current_counter.id if current_counter else None,
            to_service_id=target_service_id,
            to_counter_id=target_counter_id,
        )
        session.flush()
        body = staff_ticket_dict(session, ticket, settings)
        changes: list[Change] = [change(session, "ticket_updated", office.id, ticket=body)]
    return Outcome(body, changes)


def _transfer_target(
    session: Session,
    office_id: int,
    ticket: Ticket,
    service_id: int | None,
    counter_id: int | None,
) -> tuple[int, int | None]:
    """Check the target is in the ticket's office; return (service id, counter id or None)."""
    if service_id is not None:
        service = session.get(Service, service_id)
        if service is None or service.office_id != office_id:
            raise DomainError("service_not_found", "Không tìm thấy lĩnh vực trong đơn vị", 404)
        if not service.active:
            raise DomainError("service_unavailable", "Lĩnh vực tạm ngừng", 409)
        return service.id, None
    counter = session.get(Counter, counter_id) if counter_id is not None else None
    if counter is None or counter.office_id != office_id:
        raise DomainError("counter_not_found", "Không tìm thấy quầy trong đơn vị", 404)
    if counter.id == ticket.counter_id:
        raise DomainError("invalid_transfer", "Phiếu đang ở chính quầy này", 409)
    return ticket.service_id, counter.id


def ticket_for_staff(
    session: Session, actor: Actor, ticket_id: int, settings: QueueSettings
) -> dict[str, object]:
    """A ticket with its events, for a user of its office."""
    ticket = get_or_404(session, Ticket, ticket_id, "ticket")
    if actor.user is None:
        raise DomainError("forbidden", "Chỉ cán bộ được xem chi tiết phiếu", 403)
    require_reader(session, actor, ticket.office_id)
    return staff_ticket_dict(session, ticket, settings, with_events=True)


def ticket_by_public_token(session: Session, public_token: str) -> Ticket:
    """The ticket behind a QR code, or a plain 404."""
    ticket = None
    # Only what new_public_token can make is looked up: PostgreSQL fails on a NUL byte.
    if PUBLIC_TOKEN.fullmatch(public_token):
        ticket = session.scalars(select(Ticket).where(Ticket.public_token == public_token)).first()
    if ticket is None:
        raise DomainError("ticket_not_found", "Không tìm thấy phiếu", 404)
    return ticket
