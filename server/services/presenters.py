"""Plain JSON-ready dicts of models: the one place API bodies and event payloads are shaped.

A ticket has three views (design §5): the staff view for screens, consoles, snapshots and
office events; the issuer's view (staff view plus the citizen's key) for the 201 answer and
the print job; the public view for the key's holder.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import (
    Counter,
    Device,
    Office,
    Rating,
    Service,
    Ticket,
    TicketEvent,
    TicketStatus,
    User,
)
from server.services.queries import current_ticket
from server.services.queue.estimates import ticket_position
from server.services.settings import QueueSettings


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC, or None."""
    return moment.isoformat() if moment else None


def public_ticket_url(ticket: Ticket, settings: QueueSettings) -> str:
    """The citizen's page for a ticket (the QR code's target)."""
    return f"{settings.public_url.rstrip('/')}/t/{ticket.public_token}"


def user_dict(user: User) -> dict[str, Any]:
    """A user without secrets."""
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "role": str(user.role),
        "office_id": user.office_id,
        "active": user.active,
    }


def device_dict(device: Device) -> dict[str, Any]:
    """A device without its token."""
    return {
        "id": device.id,
        "kind": str(device.kind),
        "office_id": device.office_id,
        "counter_id": device.counter_id,
        "name": device.name,
        "settings": device.settings or {},
        "printer_status": device.printer_status,
        "revoked": device.revoked_at is not None,
    }


def office_dict(office: Office) -> dict[str, Any]:
    """An office as screens need it."""
    return {
        "id": office.id,
        "parent_id": office.parent_id,
        "code": office.code,
        "name": office.name,
        "header_lines": list(office.header_lines or []),
        "timezone": office.timezone,
        "dialect": office.dialect,
        "notice_text": office.notice_text,
    }


def _ticket_fields(
    session: Session,
    ticket: Ticket,
    settings: QueueSettings,
    position: tuple[int, int | None] | None,
) -> dict[str, Any]:
    """What every view of a ticket shares: number, service, status, times, place in line."""
    service = session.get(Service, ticket.service_id)
    assert service is not None  # foreign key
    ahead, minutes = position or ticket_position(session, ticket, service, settings)
    counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return {
        "id": ticket.id,
        "number": ticket.number,
        "office_id": ticket.office_id,
        "service_id": ticket.service_id,
        "service_name": service.name,
        "service_prefix": service.prefix,
        "agency": service.agency or None,
        "audience": str(service.audience),
        "priority": ticket.priority,
        "channel": str(ticket.channel),
        "slot_start": iso(ticket.slot_start),
        "status": str(ticket.status),
        "business_date": ticket.business_date.isoformat(),
        "counter_id": ticket.counter_id,
        "counter_number": counter.number if counter else None,
        "recall_count": ticket.recall_count,
        "issued_at": iso(ticket.issued_at),
        "called_at": iso(ticket.called_at),
        "started_at": iso(ticket.started_at),
        "finished_at": iso(ticket.finished_at),
        "people_ahead": ahead,
        "estimated_wait_minutes": minutes,
    }


def _citizen_key(ticket: Ticket, settings: QueueSettings) -> dict[str, Any]:
    """The citizen's key to follow and rate the ticket: whoever holds it can do both."""
    return {"public_token": ticket.public_token, "public_url": public_ticket_url(ticket, settings)}


def staff_ticket_dict(
    session: Session,
    ticket: Ticket,
    settings: QueueSettings,
    *,
    with_events: bool = False,
    position: tuple[int, int | None] | None = None,
) -> dict[str, Any]:
    """The ticket of design §5 as screens, consoles, snapshots and office events carry it.

    No public token, public URL or dossier code: a lobby display or any clerk holding the
    token could rate the ticket in the citizen's place, and the dossier code names a
    citizen's file. `position` when the caller computed it.
    """
    body = _ticket_fields(session, ticket, settings, position)
    body.update(
        target_counter_id=ticket.target_counter_id,
        clerk_id=ticket.clerk_id,
        transferred_from_service_id=ticket.transferred_from_service_id,
    )
    if with_events:
        body["events"] = [event_dict(event) for event in ticket.events]
    return body


def issued_ticket_dict(
    ticket: Ticket, settings: QueueSettings, staff_view: dict[str, Any]
) -> dict[str, Any]:
    """The staff view plus the citizen's key and dossier code: only for whoever issued it.

    The 201 answer to the kiosk or reception clerk (they print or show the QR code) and the
    print job carry it; nothing that reaches other screens does. The dossier code goes back
    only to the issuer who typed it, as a receipt of what was stored.
    """
    return {**staff_view, **_citizen_key(ticket, settings), "dossier_code": ticket.dossier_code}


def public_ticket_dict(session: Session, ticket: Ticket, settings: QueueSettings) -> dict[str, Any]:
    """The ticket as its holder sees it: no staff data; plus called counter, now serving, rating."""
    body = _ticket_fields(session, ticket, settings, None)
    body.update(_citizen_key(ticket, settings))
    called = ticket.status in (TicketStatus.CALLED, TicketStatus.SERVING) and ticket.counter_id
    counter = session.get(Counter, ticket.counter_id) if called and ticket.counter_id else None
    body["called_counter"] = {"number": counter.number, "name": counter.name} if counter else None
    body["now_serving"] = now_serving(session, ticket.office_id)
    level = session.scalars(select(Rating.level).where(Rating.ticket_id == ticket.id)).first()
    body["rating"] = {"level": str(level)} if level else None  # the page offers rating once
    return body


def now_serving(session: Session, office_id: int) -> list[dict[str, Any]]:
    """Numbers being called or served in an office, with their counters."""
    rows = session.execute(
        select(Ticket.number, Ticket.status, Counter.number, Counter.name)
        .join(Counter, Counter.id == Ticket.counter_id)
        .where(
            Ticket.office_id == office_id,
            Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING]),
        )
        .order_by(Ticket.called_at.desc())
    )
    return [
        {"number": number, "status": str(status), "counter_number": c_number, "counter_name": name}
        for number, status, c_number, name in rows
    ]


def event_dict(event: TicketEvent) -> dict[str, Any]:
    """One entry of a ticket's event log."""
    return {
        "id": event.id,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "service_id": event.service_id,
        "counter_id": event.counter_id,
        "actor_user_id": event.actor_user_id,
        "actor_device_id": event.actor_device_id,
        "at": iso(event.at),
        "data": event.data or {},
    }


def counter_dict(session: Session, counter: Counter, settings: QueueSettings) -> dict[str, Any]:
    """A counter with its clerk and current ticket."""
    clerk = session.get(User, counter.clerk_id) if counter.clerk_id else None
    ticket = current_ticket(session, counter.id)
    return {
        "id": counter.id,
        "office_id": counter.office_id,
        "number": counter.number,
        "name": counter.name,
        "status": str(counter.status),
        "service_ids": counter.service_ids,
        "clerk": {"id": clerk.id, "full_name": clerk.full_name} if clerk else None,
        "ticket": staff_ticket_dict(session, ticket, settings) if ticket else None,
    }


def service_dict(service: Service) -> dict[str, Any]:
    """A service's own fields (availability is added by the caller)."""
    return {
        "id": service.id,
        "office_id": service.office_id,
        "prefix": service.prefix,
        "name": service.name,
        "name_en": service.name_en,
        "field": service.field,
        "agency": service.agency or None,
        "audience": str(service.audience),
        "active": service.active,
        "daily_limit": service.daily_limit,
        "target_wait_minutes": service.target_wait_minutes,
    }
