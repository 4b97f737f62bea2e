"""What screens render: the office snapshot and the kiosk's list of services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import snapshot_reads
from server.models import Counter, Office, Service, Ticket, utcnow
from server.rules.availability import REASON_MESSAGES_EN
from server.rules.natural_order import natural_key
from server.services.actor import Actor
from server.services.changes import current_seq
from server.services.permissions import office_scope, require_reader
from server.services.presenters import counter_dict, iso, office_dict, service_dict
from server.services.queries import (
    counters_of_office,
    counters_serving,
    get_or_404,
    open_counter_count,
    services_of_office,
    waiting_counts,
)
from server.services.queue.availability import service_availability
from server.services.queue.estimates import service_wait_minutes
from server.services.settings import QueueSettings
from server.version import SERVER_VERSION


def visible_offices(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Offices the caller may see, parents first."""
    scope = office_scope(session, actor)
    offices = session.scalars(select(Office).where(Office.id.in_(scope)).order_by(Office.id))
    return [office_dict(office) for office in offices]


def office_services(
    session: Session,
    actor: Actor,
    office_id: int,
    settings: QueueSettings,
    *,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Services with availability, waiting count, estimated wait and the counters serving them."""
    now = now or utcnow()
    office = get_or_404(session, Office, office_id, "office")
    require_reader(session, actor, office.id)
    waiting = waiting_counts(session, office.id)
    result = []
    for service in services_of_office(session, office.id):
        counters = counters_serving(session, service.id)
        availability = service_availability(session, office, service, now, counters=counters)
        count = waiting.get(service.id, 0)
        body = service_dict(service)
        body.update(
            status="available" if availability.available else "unavailable",
            reason=str(availability.reason) if availability.reason else None,
            reason_message=availability.message,
            reason_message_en=REASON_MESSAGES_EN.get(availability.reason)
            if availability.reason
            else None,
            opens_at=clock_time(availability.opens_at_minute),
            waiting=count,
            # 0: the kiosk says no counter is open rather than show an estimate.
            open_counters=open_counter_count(counters),
            estimated_wait_minutes=service_wait_minutes(
                session, service, count, settings, counters
            ),
            counter_numbers=sorted(
                (counter.number for counter in counters),
                key=natural_key,
            ),
            appointments_enabled=service.appointments_enabled,
        )
        result.append(body)
    return result


def clock_time(minute: int | None) -> str | None:
    """ "13:30" for a minute of the local day; None for None."""
    return None if minute is None else f"{minute // 60:02d}:{minute % 60:02d}"


def office_state(
    session: Session, actor: Actor, office_id: int, settings: QueueSettings
) -> dict[str, Any]:
    """The snapshot of design §5: counters, recent calls, waiting per service, seq."""
    office = get_or_404(session, Office, office_id, "office")
    require_reader(session, actor, office.id)
    return build_state(session, office, settings)


def build_state(session: Session, office: Office, settings: QueueSettings) -> dict[str, Any]:
    """Assemble the snapshot (no permission check: callers have done it) from one moment."""
    with snapshot_reads(session) as reads:
        return _assemble_state(reads, office, settings)


def _assemble_state(session: Session, office: Office, settings: QueueSettings) -> dict[str, Any]:
    """The snapshot's parts: its seq and exactly the rows that seq describes."""
    seq = current_seq(session, office.id)
    waiting = waiting_counts(session, office.id)
    services = services_of_office(session, office.id)
    return {
        "seq": seq,
        "server_version": SERVER_VERSION,
        "office_id": office.id,
        "office": office_dict(office),
        "counters": [
            counter_dict(session, c, settings) for c in counters_of_office(session, office.id)
        ],
        "recent_calls": recent_calls(session, office.id, settings.recent_calls),
        "waiting": [
            {
                "service_id": service.id,
                "prefix": service.prefix,
                "service_name": service.name,
                "waiting": waiting.get(service.id, 0),
            }
            for service in services
        ],
        "generated_at": iso(utcnow()),
    }


def recent_calls(session: Session, office_id: int, limit: int) -> list[dict[str, Any]]:
    """The latest calls of the office, newest first."""
    rows = session.execute(
        select(Ticket, Counter, Service)
        .join(Counter, Counter.id == Ticket.counter_id)
        .join(Service, Service.id == Ticket.service_id)
        .where(Ticket.office_id == office_id, Ticket.called_at.is_not(None))
        .order_by(Ticket.called_at.desc())
        .limit(limit)
    )
    return [
        {
            "ticket_id": ticket.id,
            "number": ticket.number,
            "status": str(ticket.status),
            "service_id": service.id,
            "service_name": service.name,
            "audience": str(service.audience),
            "counter_id": counter.id,
            "counter_number": counter.number,
            "counter_name": counter.name,
            "called_at": iso(ticket.called_at),
            "channel": str(ticket.channel),
            "slot_start": iso(ticket.slot_start),
        }
        for ticket, counter, service in rows
    ]
