"""What the clerk console reads: its counter's line in call order, parked tickets, own figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import (
    Counter,
    Device,
    DeviceKind,
    Office,
    Service,
    Ticket,
    TicketEvent,
    TicketStatus,
    utcnow,
)
from server.rules.business_day import business_date, day_bounds_utc
from server.rules.reports.stats import summarize
from server.services.actor import Actor
from server.services.permissions import require_staff
from server.services.presenters import counter_dict, iso
from server.services.printing.print_jobs import PRINTER_STATUS_MESSAGES
from server.services.queries import counters_of_office, get_or_404, services_of_office
from server.services.queue.counter_lines import counter_line
from server.services.settings import QueueSettings

# The clerk's own actions counted in the day's figures (names as in the event log).
FIGURE_ACTIONS = ("call", "complete", "no-show", "transfer")


def counter_console(
    session: Session,
    actor: Actor,
    counter_id: int,
    settings: QueueSettings,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The counter with its current ticket, its line in call order, parked tickets, figures."""
    now = now or utcnow()
    counter = get_or_404(session, Counter, counter_id, "counter")
    office = get_or_404(session, Office, counter.office_id, "office")
    require_staff(session, actor, office.id)
    services = {service.id: service for service in services_of_office(session, office.id)}
    counter_numbers = {c.id: c.number for c in counters_of_office(session, office.id)}
    line = counter_line(session, counter, settings, now)
    parked = session.scalars(
        select(Ticket)
        .where(
            Ticket.office_id == office.id,
            Ticket.status == TicketStatus.PARKED,
            Ticket.business_date == business_date(now, office.timezone),  # like the line: today's
        )
        .order_by(Ticket.queued_at, Ticket.id)
    ).all()
    return {
        "office_id": office.id,
        "counter": counter_dict(session, counter, settings),
        "waiting": [
            line_entry(ticket, services, counter_numbers, now, counter_id=counter.id)
            for ticket in line
        ],
        "parked": [line_entry(ticket, services, counter_numbers, now) for ticket in parked],
        "figures": clerk_figures(session, actor.user_id, office, now),
        "no_show_after_recalls": settings.no_show_after_recalls,
        "generated_at": iso(now),
    }


def line_entry(
    ticket: Ticket,
    services: Mapping[int, Service],
    counter_numbers: Mapping[int, str],
    now: datetime,
    *,
    counter_id: int | None = None,
) -> dict[str, Any]:
    """A waiting or parked ticket as one row of the console's lists (no estimates: cheap)."""
    service = services.get(ticket.service_id)
    waited = max(0.0, (now - ticket.issued_at).total_seconds())
    target = ticket.target_counter_id
    return {
        "id": ticket.id,
        "number": ticket.number,
        "service_id": ticket.service_id,
        "service_name": service.name if service else "",
        "service_prefix": service.prefix if service else "",
        "priority": ticket.priority,
        "channel": str(ticket.channel),
        "slot_start": iso(ticket.slot_start),
        "status": str(ticket.status),
        "issued_at": iso(ticket.issued_at),
        "queued_at": iso(ticket.queued_at),
        "waited_seconds": round(waited),
        "waited_minutes": int(waited // 60),
        "target_counter_id": target,
        "target_counter_number": counter_numbers.get(target) if target else None,
        "for_this_counter": counter_id is not None and target == counter_id,
        "transferred_from_service_id": ticket.transferred_from_service_id,
    }


def clerk_figures(
    session: Session, user_id: int | None, office: Office, now: datetime
) -> dict[str, Any]:
    """Today's figures of one clerk in an office, from the event log."""
    start, end = day_bounds_utc(business_date(now, office.timezone), office.timezone)
    rows: list[tuple[str, datetime, dict[str, Any] | None, datetime]] = []
    if user_id is not None:
        result = session.execute(
            select(TicketEvent.action, TicketEvent.at, TicketEvent.data, Ticket.issued_at)
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(
                TicketEvent.office_id == office.id,
                TicketEvent.at >= start,
                TicketEvent.at < end,
                TicketEvent.actor_user_id == user_id,
                TicketEvent.action.in_(FIGURE_ACTIONS),
            )
        )
        rows = [(action, at, data, issued_at) for action, at, data, issued_at in result]
    return tally_figures(rows)


def tally_figures(
    rows: Iterable[tuple[str, datetime, dict[str, Any] | None, datetime]],
) -> dict[str, Any]:
    """Count calls, services, no-shows and transfers; wait and service times in seconds."""
    counts = dict.fromkeys(FIGURE_ACTIONS, 0)
    waits: list[float] = []
    durations: list[float] = []
    for action, at, data, issued_at in rows:
        counts[action] += 1
        if action == "call":
            waits.append(max(0.0, (at - issued_at).total_seconds()))
        elif action == "complete":
            seconds = (data or {}).get("service_seconds")
            if isinstance(seconds, int | float):
                durations.append(float(seconds))
    return {
        "called": counts["call"],
        "served": counts["complete"],
        "no_show": counts["no-show"],
        "transferred": counts["transfer"],
        "mean_service_seconds": summarize(durations)["mean"],
        "mean_wait_seconds": summarize(waits)["mean"],
    }


def office_printers(session: Session, actor: Actor, office_id: int) -> list[dict[str, Any]]:
    """The office's kiosks, whose printers the reception desk may print a ticket on."""
    office = get_or_404(session, Office, office_id, "office")
    require_staff(session, actor, office.id)
    kiosks = session.scalars(
        select(Device)
        .where(
            Device.office_id == office.id,
            Device.kind == DeviceKind.KIOSK,
            Device.revoked_at.is_(None),
        )
        .order_by(Device.name, Device.id)
    )
    return [
        {
            "id": kiosk.id,
            "name": kiosk.name,
            "printer_status": kiosk.printer_status,
            "printer_message": PRINTER_STATUS_MESSAGES.get(kiosk.printer_status or "ok"),
            "printer_status_at": iso(kiosk.printer_status_at),
        }
        for kiosk in kiosks
    ]
