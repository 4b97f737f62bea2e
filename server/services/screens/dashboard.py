"""The manager's live dashboard: waiting now, today's figures, counters, SLA breaches, charts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import (
    Counter,
    CounterService,
    CounterStatus,
    Device,
    DeviceKind,
    Office,
    Rating,
    Service,
    Ticket,
    TicketStatus,
    User,
    utcnow,
)
from server.rules.business_day import business_date, local_time
from server.rules.natural_order import natural_key
from server.rules.reports.figures import Tally, TicketFact, rates
from server.services.actor import Actor
from server.services.appointments.report import appointment_totals
from server.services.permissions import require_manager
from server.services.presenters import iso, office_dict
from server.services.printing.print_jobs import PRINTER_STATUS_MESSAGES, printer_level
from server.services.queries import descendant_office_ids, get_or_404
from server.services.reports.summary import counter_label

# Upper bounds in minutes of the wait distribution's bars; the last bar is open-ended.
WAIT_BUCKETS = (5, 10, 15, 20, 30, 45, 60)
DEFAULT_HOURS = range(7, 18)  # 07:00–17:59 is always drawn; hours with tickets widen it
BREACH_LIST_LIMIT = 20
AT_COUNTER = (TicketStatus.CALLED, TicketStatus.SERVING)


@dataclass
class ServiceLine:
    """One service's live line and today's figures."""

    service: Service
    waiting: int = 0
    longest_wait_seconds: float | None = None
    breaches: int = 0
    open_counters: int = 0
    today: Tally = field(default_factory=Tally)


def wait_bucket(minutes: float) -> int:
    """The index of the distribution bar a wait falls in."""
    return next((i for i, bound in enumerate(WAIT_BUCKETS) if minutes < bound), len(WAIT_BUCKETS))


def bucket_labels() -> list[str]:
    """The bars' labels: '0–5', '5–10', …, '≥ 60' (minutes)."""
    lower = (0, *WAIT_BUCKETS)
    labels = [f"{low}–{high}" for low, high in zip(lower, WAIT_BUCKETS, strict=False)]
    return [*labels, f"≥ {WAIT_BUCKETS[-1]}"]


def dashboard(
    session: Session,
    actor: Actor,
    office_id: int,
    *,
    subtree: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The dashboard of one office, or of an office and every office below it."""
    now = now or utcnow()
    office = get_or_404(session, Office, office_id, "office")
    require_manager(session, actor, office.id)
    ids = descendant_office_ids(session, office.id) if subtree else {office.id}
    offices = {item.id: item for item in session.scalars(select(Office).where(Office.id.in_(ids)))}
    today = {item.id: business_date(now, item.timezone) for item in offices.values()}
    services = list(
        session.scalars(
            select(Service)
            .where(Service.office_id.in_(ids))
            .order_by(Service.office_id, Service.sort_order, Service.prefix)
        )
    )
    lines = {service.id: ServiceLine(service) for service in services}
    counters = _counters(session, ids)
    _count_open_counters(session, counters, lines)
    waiting = _waiting(session, offices, lines, now)
    tickets = _todays_tickets(session, offices, today)
    totals, hourly, waits_called, served_over, per_office, per_counter = _today_figures(
        tickets, lines, offices
    )
    distribution = _distribution(waits_called, [wait for wait, _ in waiting])
    breaches = sorted(
        (item for item in waiting if item[0] > item[1]["target_minutes"] * 60),
        key=lambda item: -item[0],
    )
    return {
        "office": office_dict(office),
        "subtree": subtree,
        "offices": [_office_row(offices[key], lines, counters, per_office) for key in sorted(ids)],
        "date": today[office.id].isoformat(),
        "generated_at": iso(now),
        "waiting": {
            "total": len(waiting),
            "longest_seconds": round(waiting[0][0], 1) if waiting else None,
            "longest": waiting[0][1] if waiting else None,
        },
        "today": {**totals.as_dict(), **rates(totals.as_dict())},
        "services": [_service_row(line, offices) for line in lines.values()],
        "counters": [
            _counter_row(counter, clerk, ticket, per_counter.get(counter.id), offices)
            for counter, clerk, ticket in counters
        ],
        "sla": {
            "waiting_over_target": len(breaches),
            "served_over_target_today": served_over,
            "tickets": [
                {**info, "waited_seconds": round(wait, 1)}
                for wait, info in breaches[:BREACH_LIST_LIMIT]
            ],
        },
        "hourly": hourly,
        "wait_distribution": distribution,
        "printers": _printer_alerts(session, offices),
        "appointments": _todays_bookings(session, offices, today, now),
    }


def _todays_bookings(
    session: Session, offices: dict[int, Office], today: dict[int, date], now: datetime
) -> dict[str, int]:
    """Bookings of each office's today (design §12): made, checked in, cancelled, no-shows."""
    totals: dict[str, int] = defaultdict(int)
    for office_id, office in offices.items():
        day = today[office_id]
        for status, count in appointment_totals(session, [office], day, day, now).items():
            totals[status] += count
    return dict(totals)


def _printer_alerts(session: Session, offices: dict[int, Office]) -> list[dict[str, Any]]:
    """Kiosks whose printer is in trouble as last reported: alerts first, then warnings."""
    kiosks = session.scalars(
        select(Device)
        .where(
            Device.office_id.in_(list(offices)),
            Device.kind == DeviceKind.KIOSK,
            Device.revoked_at.is_(None),
        )
        .order_by(Device.office_id, Device.name, Device.id)
    )
    found = []
    for kiosk in kiosks:
        level = printer_level(kiosk.printer_status)
        if level is None:
            continue
        found.append(
            {
                "device_id": kiosk.id,
                "name": kiosk.name,
                "office_id": kiosk.office_id,
                "office_name": offices[kiosk.office_id].name,
                "status": kiosk.printer_status,
                "message": PRINTER_STATUS_MESSAGES.get(kiosk.printer_status or "")
                or kiosk.printer_status,
                "level": level,
                "at": iso(kiosk.printer_status_at),
            }
        )
    found.sort(key=lambda item: item["level"] != "alert")  # stable: offices and names keep order
    return found


def _counters(
    session: Session, office_ids: set[int]
) -> list[tuple[Counter, User | None, Ticket | None]]:
    """Counters with their clerk and the ticket called to or served at each."""
    counters = list(session.scalars(select(Counter).where(Counter.office_id.in_(office_ids))))
    counters.sort(key=lambda c: (c.office_id, natural_key(c.number)))
    clerk_ids = {c.clerk_id for c in counters if c.clerk_id is not None}
    clerks = (
        {user.id: user for user in session.scalars(select(User).where(User.id.in_(clerk_ids)))}
        if clerk_ids
        else {}
    )
    current: dict[int, Ticket] = {}
    statement = (
        select(Ticket)
        .where(Ticket.office_id.in_(office_ids), Ticket.status.in_(AT_COUNTER))
        .order_by(Ticket.called_at)
    )
    for ticket in session.scalars(statement):
        if ticket.counter_id is not None:
            current[ticket.counter_id] = ticket  # the latest call wins
    return [
        (c, clerks.get(c.clerk_id) if c.clerk_id else None, current.get(c.id)) for c in counters
    ]


def _count_open_counters(
    session: Session,
    counters: list[tuple[Counter, User | None, Ticket | None]],
    lines: dict[int, ServiceLine],
) -> None:
    """How many open counters serve each service."""
    open_ids = [c.id for c, _, _ in counters if c.status == CounterStatus.OPEN]
    if not open_ids:
        return
    links = session.execute(
        select(CounterService.service_id).where(CounterService.counter_id.in_(open_ids))
    )
    for (service_id,) in links:
        if service_id in lines:
            lines[service_id].open_counters += 1


def _waiting(
    session: Session, offices: dict[int, Office], lines: dict[int, ServiceLine], now: datetime
) -> list[tuple[float, dict[str, Any]]]:
    """Tickets waiting now, longest first, counted into their service's line."""
    statement = select(
        Ticket.id, Ticket.number, Ticket.service_id, Ticket.office_id, Ticket.issued_at
    ).where(Ticket.office_id.in_(list(offices)), Ticket.status == TicketStatus.WAITING)
    found = []
    for row in session.execute(statement):
        line = lines.get(row.service_id)
        if line is None:
            continue
        waited = max(0.0, (now - row.issued_at).total_seconds())
        line.waiting += 1
        line.longest_wait_seconds = max(line.longest_wait_seconds or 0.0, waited)
        target = line.service.target_wait_minutes
        if waited > target * 60:
            line.breaches += 1
        found.append(
            (
                waited,
                {
                    "ticket_id": row.id,
                    "number": row.number,
                    "service_id": row.service_id,
                    "service_name": line.service.name,
                    "office_id": row.office_id,
                    "office_name": offices[row.office_id].name,
                    "target_minutes": target,
                    "issued_at": iso(row.issued_at),
                },
            )
        )
    found.sort(key=lambda item: -item[0])
    return found


@dataclass(frozen=True)
class TodayTicket:
    """A ticket of today with the local hours of its issue and finish."""

    fact: TicketFact
    issued_hour: int
    finished_hour: int | None


def _todays_tickets(
    session: Session, offices: dict[int, Office], today: dict[int, date]
) -> list[TodayTicket]:
    """Every ticket of each office's current business day."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for office_id, day in today.items():
        by_day[day].append(office_id)
    found = []
    for day, office_ids in by_day.items():
        statement = (
            select(
                Ticket.office_id,
                Ticket.service_id,
                Ticket.counter_id,
                Ticket.clerk_id,
                Ticket.status,
                Ticket.issued_at,
                Ticket.called_at,
                Ticket.started_at,
                Ticket.finished_at,
                Rating.level,
            )
            .outerjoin(Rating, Rating.ticket_id == Ticket.id)
            .where(Ticket.office_id.in_(office_ids), Ticket.business_date == day)
        )
        for row in session.execute(statement):
            zone = offices[row.office_id].timezone
            done = str(row.status) == TicketStatus.DONE
            begun = row.started_at or row.called_at
            fact = TicketFact(
                office_id=row.office_id,
                business_date=day,
                service_id=row.service_id,
                counter_id=row.counter_id,
                clerk_id=row.clerk_id,
                status=str(row.status),
                wait_seconds=(row.called_at - row.issued_at).total_seconds()
                if row.called_at
                else None,
                service_seconds=(row.finished_at - begun).total_seconds()
                if done and row.finished_at and begun
                else None,
                rating=str(row.level) if row.level else None,
            )
            finished_hour = (
                local_time(row.finished_at, zone).hour if done and row.finished_at else None
            )
            found.append(TodayTicket(fact, local_time(row.issued_at, zone).hour, finished_hour))
    return found


def _today_figures(
    tickets: list[TodayTicket], lines: dict[int, ServiceLine], offices: dict[int, Office]
) -> tuple[Tally, list[dict[str, Any]], list[float], int, dict[int, Tally], dict[int, Tally]]:
    """Totals, hourly arrivals and services, waits of called tickets, and per-row tallies."""
    totals = Tally()
    per_office: dict[int, Tally] = defaultdict(Tally)
    per_counter: dict[int, Tally] = defaultdict(Tally)
    issued_by_hour: dict[int, int] = defaultdict(int)
    served_by_hour: dict[int, int] = defaultdict(int)
    waits: list[float] = []
    over_target = 0
    for item in tickets:
        fact = item.fact
        totals.add_ticket(fact)
        per_office[fact.office_id].add_ticket(fact)
        if fact.counter_id is not None:
            per_counter[fact.counter_id].add_ticket(fact)
        line = lines.get(fact.service_id)
        if line is not None:
            line.today.add_ticket(fact)
        issued_by_hour[item.issued_hour] += 1
        if item.finished_hour is not None:
            served_by_hour[item.finished_hour] += 1
        if fact.wait_seconds is not None:
            waits.append(fact.wait_seconds)
            if line is not None and fact.wait_seconds > line.service.target_wait_minutes * 60:
                over_target += 1
    hours = set(DEFAULT_HOURS) | set(issued_by_hour) | set(served_by_hour)
    hourly = [
        {"hour": hour, "issued": issued_by_hour.get(hour, 0), "served": served_by_hour.get(hour, 0)}
        for hour in range(min(hours), max(hours) + 1)
    ]
    return totals, hourly, waits, over_target, per_office, per_counter


def _distribution(called: list[float], waiting: list[float]) -> list[dict[str, Any]]:
    """Bars of today's waits (called tickets) and of the current waits (still waiting)."""
    labels = bucket_labels()
    called_counts = [0] * len(labels)
    waiting_counts = [0] * len(labels)
    for seconds in called:
        called_counts[wait_bucket(seconds / 60)] += 1
    for seconds in waiting:
        waiting_counts[wait_bucket(seconds / 60)] += 1
    return [
        {"label": label, "called": done, "waiting": still}
        for label, done, still in zip(labels, called_counts, waiting_counts, strict=True)
    ]


def _service_row(line: ServiceLine, offices: dict[int, Office]) -> dict[str, Any]:
    """One service on the dashboard."""
    service = line.service
    figures = line.today.as_dict()
    return {
        "service_id": service.id,
        "office_id": service.office_id,
        "office_name": offices[service.office_id].name,
        "prefix": service.prefix,
        "name": service.name,
        "agency": service.agency or None,
        "active": service.active,
        "target_wait_minutes": service.target_wait_minutes,
        "waiting": line.waiting,
        "longest_wait_seconds": None
        if line.longest_wait_seconds is None
        else round(line.longest_wait_seconds, 1),
        "breaches": line.breaches,
        "open_counters": line.open_counters,
        **figures,
        **rates(figures),
    }


def _counter_row(
    counter: Counter,
    clerk: User | None,
    ticket: Ticket | None,
    today: Tally | None,
    offices: dict[int, Office],
) -> dict[str, Any]:
    """One counter: state, clerk, current ticket and what it did today."""
    figures = (today or Tally()).as_dict()
    return {
        "id": counter.id,
        "office_id": counter.office_id,
        "office_name": offices[counter.office_id].name,
        "number": counter.number,
        "name": counter_label(counter.number, counter.name),
        "status": str(counter.status),
        "clerk": {"id": clerk.id, "full_name": clerk.full_name or clerk.username}
        if clerk
        else None,
        "ticket": {
            "id": ticket.id,
            "number": ticket.number,
            "status": str(ticket.status),
            "service_id": ticket.service_id,
            "called_at": iso(ticket.called_at),
            "started_at": iso(ticket.started_at),
        }
        if ticket
        else None,
        "served_today": figures["served"],
        "service_seconds": figures["service_seconds"],
        "ratings": figures["ratings"],
    }


def _office_row(
    office: Office,
    lines: dict[int, ServiceLine],
    counters: list[tuple[Counter, User | None, Ticket | None]],
    per_office: dict[int, Tally],
) -> dict[str, Any]:
    """One office of an aggregated dashboard."""
    own = [line for line in lines.values() if line.service.office_id == office.id]
    longest = [line.longest_wait_seconds for line in own if line.longest_wait_seconds is not None]
    figures = per_office.get(office.id, Tally()).as_dict()
    return {
        "office_id": office.id,
        "name": office.name,
        "parent_id": office.parent_id,
        "waiting": sum(line.waiting for line in own),
        "longest_wait_seconds": round(max(longest), 1) if longest else None,
        "breaches": sum(line.breaches for line in own),
        "open_counters": sum(
            1 for c, _, _ in counters if c.office_id == office.id and c.status == CounterStatus.OPEN
        ),
        "counters": sum(1 for c, _, _ in counters if c.office_id == office.id),
        **figures,
        **rates(figures),
    }
