"""Reports for managers: counts, wait and service times and ratings over business days.

Small reports (up to `EXACT_LIMIT` tickets) are computed from the tickets themselves, with
exact medians and 90th percentiles. Larger ones read the roll-ups of closed days, months,
quarters and years (server/services/reports/rollups.py) and only the tickets of days not yet
closed; their percentiles come from histograms, to within one bin (10 s below ten minutes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Channel, Counter, Office, Role, Service, User, utcnow
from server.rules.business_day import business_date
from server.rules.errors import DomainError
from server.rules.ids import MAX_ID
from server.rules.natural_order import natural_key
from server.rules.person_names import given_name_key
from server.rules.reports.figures import Tally, rates
from server.rules.reports.groups import Accumulator, Groups
from server.rules.reports.periods import KINDS, Period, PeriodKind, units_within
from server.rules.reports.views import CHANNEL_NAMES
from server.schemas.reports import ReportArgs, SummaryArgs
from server.services.actor import Actor
from server.services.appointments.report import appointment_totals
from server.services.permissions import require_manager
from server.services.queries import descendant_office_ids, get_or_404
from server.services.reports.facts import Filters, count_tickets, ticket_facts, transfer_facts
from server.services.reports.rollups import (
    ensure_rollups,
    last_closed_day,
    rollup_rows,
)

MAX_RANGE_DAYS = 366 * 2
EXACT_LIMIT = 20_000  # above this many tickets, closed days come from roll-ups


@dataclass(frozen=True)
class ReportQuery:
    """What a report covers: an office (or its subtree), business days, filters, periods."""

    office_id: int
    start: date
    end: date
    subtree: bool = False
    filters: Filters = field(default_factory=Filters)
    period: PeriodKind | None = None


@dataclass
class Gathered:
    """A report's figures with the offices it covers and whether percentiles are exact."""

    office: Office
    offices: list[Office]
    groups: Groups
    exact: bool


def gather(
    session: Session, actor: Actor, query: ReportQuery, *, now: datetime | None = None
) -> Gathered:
    """Check access and collect a report's figures."""
    office = get_or_404(session, Office, query.office_id, "office")
    require_manager(session, actor, office.id)
    _check_range(query.start, query.end)
    ids = descendant_office_ids(session, office.id) if query.subtree else {office.id}
    offices = list(session.scalars(select(Office).where(Office.id.in_(ids)).order_by(Office.id)))
    _check_filters(session, query.filters, ids)
    accumulator = Accumulator(query.period)
    office_ids = [item.id for item in offices]
    total = count_tickets(session, office_ids, query.start, query.end, query.filters)
    if total <= EXACT_LIMIT:
        _add_tickets(session, accumulator, office_ids, query.start, query.end, query.filters)
    else:
        _add_rolled_up(session, accumulator, offices, query, now or utcnow())
    groups = accumulator.groups()
    return Gathered(office, offices, groups, groups.totals.exact)


def _check_range(start: date, end: date) -> None:
    """A report covers at least one day and at most two years."""
    if end < start:
        raise DomainError("invalid_field", "from: phải trước hoặc bằng to", 422)
    if (end - start).days > MAX_RANGE_DAYS:
        raise DomainError("invalid_field", "to: khoảng thời gian tối đa là 2 năm", 422)


def _check_filters(session: Session, filters: Filters, office_ids: set[int]) -> None:
    """Filters must name a service, counter or clerk of the offices reported on."""
    for name, model, object_id in (
        ("service_id", Service, filters.service_id),
        ("counter_id", Counter, filters.counter_id),
        ("clerk_id", User, filters.clerk_id),
    ):
        if object_id is None:
            continue
        found = session.get(model, object_id) if object_id <= MAX_ID else None
        if getattr(found, "office_id", None) not in office_ids:
            raise DomainError("invalid_field", f"{name}: không thuộc đơn vị đã chọn", 422)


def _add_tickets(
    session: Session,
    accumulator: Accumulator,
    office_ids: list[int],
    start: date,
    end: date,
    filters: Filters,
) -> None:
    """Count the tickets and transfers of business days start..end."""
    if start > end or not office_ids:
        return
    for fact in ticket_facts(session, office_ids, start, end, filters):
        accumulator.add_ticket(fact)
    for transfer in transfer_facts(session, office_ids, start, end, filters):
        accumulator.add_transfer(transfer)


def _add_rolled_up(
    session: Session,
    accumulator: Accumulator,
    offices: list[Office],
    query: ReportQuery,
    now: datetime,
) -> None:
    """Closed days from roll-ups (whole years, quarters, months where they fit), the rest raw."""
    coarsest = query.period or PeriodKind.YEAR  # rows over time need periods no longer than theirs
    ensure_rollups(session, offices, query.start, query.end, now=now, up_to=coarsest)
    by_closed_end: dict[date, list[int]] = defaultdict(list)
    for office in offices:
        by_closed_end[min(query.end, last_closed_day(office, now))].append(office.id)
    for closed_end, office_ids in by_closed_end.items():
        for kind, first, last in cover(query.start, closed_end, coarsest):
            for combo, figures in rollup_rows(
                session, office_ids, kind, first, last, query.filters
            ):
                accumulator.add_rollup(combo, figures)
        open_start = max(query.start, closed_end + timedelta(days=1))
        _add_tickets(session, accumulator, office_ids, open_start, query.end, query.filters)


def cover(start: date, end: date, coarsest: PeriodKind) -> list[tuple[PeriodKind, date, date]]:
    """Cover start..end with whole periods, as long as allowed: (kind, first start, last start)."""
    if start > end:
        return []
    if coarsest == PeriodKind.DAY:
        return [(PeriodKind.DAY, start, end)]
    finer = KINDS[KINDS.index(coarsest) - 1]
    units = units_within(start, end, coarsest)
    if not units:
        return cover(start, end, finer)
    return [
        *cover(start, units[0].start - timedelta(days=1), finer),
        (coarsest, units[0].start, units[-1].start),
        *cover(units[-1].end + timedelta(days=1), end, finer),
    ]


@dataclass
class Names:
    """Display names of what report rows are about."""

    offices: dict[int, str]
    services: dict[int, tuple[str, int, str]]  # name, office id, prefix
    counters: dict[int, tuple[str, int]]  # label, office id
    clerks: dict[int, tuple[str, int, str]]  # full name, office id, username

    def clerk_order(self, user_id: int) -> Any:
        """Where a clerk's row goes: by given name, as an office reads its staff roll."""
        return given_name_key(self.clerks.get(user_id, ("", 0, ""))[0])


def _names(session: Session, offices: list[Office], groups: Groups) -> Names:
    """Load the names of the rows' services, counters and clerks in a few queries."""
    services = {
        row.id: (row.name, row.office_id, row.prefix)
        for row in _rows_by_id(
            session,
            (Service.id, Service.name, Service.office_id, Service.prefix),
            groups.by_service,
        )
    }
    counters = {
        row.id: (counter_label(row.number, row.name), row.office_id)
        for row in _rows_by_id(
            session,
            (Counter.id, Counter.number, Counter.name, Counter.office_id),
            groups.by_counter,
        )
    }
    clerks = {
        row.id: (row.full_name or row.username, row.office_id, row.username)
        for row in _rows_by_id(
            session, (User.id, User.full_name, User.office_id, User.username), groups.by_clerk
        )
    }
    return Names({office.id: office.name for office in offices}, services, counters, clerks)


def _rows_by_id(session: Session, columns: tuple[Any, ...], ids: Iterable[int]) -> list[Any]:
    """Rows of the given columns (the first is the id) for some ids, in chunks."""
    wanted = sorted(ids)
    rows: list[Any] = []
    for index in range(0, len(wanted), 500):  # SQLite limits bound parameters
        chunk = wanted[index : index + 500]
        rows.extend(session.execute(select(*columns).where(columns[0].in_(chunk))))
    return rows


def counter_label(number: str, name: str) -> str:
    """Counters are named 'Quầy N – name' (or just their name when it already says 'Quầy N')."""
    label = f"Quầy {number}"
    name = (name or "").strip()
    if not name or name == label:
        return label
    return name if name.startswith(label) else f"{label} – {name}"


def _figure_rows(
    tallies: dict[int, Tally],
    id_field: str,
    describe: Callable[[int], dict[str, Any]],
    detailed: bool,
    order: Callable[[int], Any] | None = None,
) -> list[dict[str, Any]]:
    """Report rows, each naming what it is about, by `order` of their ids (else by id)."""
    keys = sorted(tallies, key=lambda key: (order(key), key)) if order else sorted(tallies)
    rows = []
    for key in keys:
        figures = tallies[key].as_dict()
        row = {id_field: key, **describe(key), **figures}
        if detailed:
            row.update(rates(figures))
        rows.append(row)
    return rows


def channel_rows(tallies: dict[str, Tally], detailed: bool) -> list[dict[str, Any]]:
    """A row per channel, every channel in the order of design §12, empty ones included."""
    rows = []
    for channel in Channel:
        figures = tallies.get(channel, Tally()).as_dict()
        row = {"channel": str(channel), "name": CHANNEL_NAMES[channel], **figures}
        if detailed:
            row.update(rates(figures))
        rows.append(row)
    return rows


def report_days(
    session: Session, args: SummaryArgs, now: datetime | None = None
) -> tuple[Office, date, date]:
    """The office asked about and the report's first and last days (left out: its today)."""
    office = get_or_404(session, Office, args.office_id, "office")
    today = business_date(now or utcnow(), office.timezone)
    return office, args.from_ or today, args.to or today


def report_query(session: Session, args: ReportArgs, *, now: datetime | None = None) -> ReportQuery:
    """What a report's query string asks for, its dates settled in the office's calendar."""
    office, start, end = report_days(session, args, now)
    return ReportQuery(
        office_id=office.id,
        start=start,
        end=end,
        subtree=args.subtree,
        filters=Filters(args.service_id, args.counter_id, args.clerk_id),
        period=args.period,
    )


def summary_report(
    session: Session, actor: Actor, args: SummaryArgs, *, now: datetime | None = None
) -> dict[str, Any]:
    """The summary of design §5: an office (or its subtree) over business days from..to."""
    office, start, end = report_days(session, args, now)
    query = ReportQuery(office.id, start, end, subtree=args.subtree)
    gathered = gather(session, actor, query, now=now)
    names = _names(session, gathered.offices, gathered.groups)
    groups = gathered.groups
    return {
        "office_id": gathered.office.id,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "totals": {
            **groups.totals.as_dict(),
            "appointments": appointment_totals(
                session, gathered.offices, start, end, now or utcnow()
            ),
        },
        "by_service": _figure_rows(
            groups.by_service,
            "service_id",
            lambda key: {"name": names.services.get(key, ("", 0, ""))[0]},
            False,
        ),
        "by_counter": _figure_rows(
            groups.by_counter,
            "counter_id",
            lambda key: {"name": names.counters.get(key, ("", 0))[0]},
            False,
        ),
        "by_clerk": _figure_rows(
            groups.by_clerk,
            "user_id",
            lambda key: {"name": names.clerks.get(key, ("", 0, ""))[0]},
            False,
            names.clerk_order,
        ),
        "by_channel": channel_rows(groups.by_channel, False),
    }


def full_report(
    session: Session, actor: Actor, query: ReportQuery, *, now: datetime | None = None
) -> dict[str, Any]:
    """The reports page's data: the summary's figures with rates, per office and per period."""
    gathered = gather(session, actor, query, now=now)
    names = _names(session, gathered.offices, gathered.groups)
    groups = gathered.groups

    def office_name(office_id: int) -> str:
        return names.offices.get(office_id, "")

    def service(key: int) -> dict[str, Any]:
        name, office_id, prefix = names.services.get(key, ("", 0, ""))
        return {
            "name": name,
            "prefix": prefix,
            "office_id": office_id,
            "office_name": office_name(office_id),
        }

    def counter(key: int) -> dict[str, Any]:
        name, office_id = names.counters.get(key, ("", 0))
        return {"name": name, "office_id": office_id, "office_name": office_name(office_id)}

    def clerk(key: int) -> dict[str, Any]:
        name, office_id, username = names.clerks.get(key, ("", 0, ""))
        return {
            "name": name,
            "username": username,
            "office_id": office_id,
            "office_name": office_name(office_id),
        }

    totals = groups.totals.as_dict()
    return {
        "office_id": gathered.office.id,
        "office_name": gathered.office.name,
        "subtree": query.subtree,
        "office_count": len(gathered.offices),
        "from": query.start.isoformat(),
        "to": query.end.isoformat(),
        "period": str(query.period) if query.period else None,
        "filters": {
            "service_id": query.filters.service_id,
            "counter_id": query.filters.counter_id,
            "clerk_id": query.filters.clerk_id,
        },
        "exact": gathered.exact,
        # Bookings have no counter or clerk: only the service filter narrows them.
        "totals": {
            **totals,
            **rates(totals),
            "appointments": appointment_totals(
                session,
                gathered.offices,
                query.start,
                query.end,
                now or utcnow(),
                query.filters.service_id,
            ),
        },
        "by_office": _figure_rows(
            groups.by_office, "office_id", lambda key: {"name": office_name(key)}, True
        ),
        "by_service": _figure_rows(groups.by_service, "service_id", service, True),
        "by_counter": _figure_rows(groups.by_counter, "counter_id", counter, True),
        "by_clerk": _figure_rows(groups.by_clerk, "user_id", clerk, True, names.clerk_order),
        "by_channel": channel_rows(groups.by_channel, True),
        "choices": _choices(session, gathered.offices),
        "periods": [
            _period_row(period, tally)
            for period, tally in sorted(groups.by_period.items(), key=lambda item: item[0].start)
        ],
    }


def _choices(session: Session, offices: list[Office]) -> dict[str, list[dict[str, Any]]]:
    """What the filters offer: the services, counters and clerks of the offices reported on."""
    ids = [office.id for office in offices]
    names = {office.id: office.name for office in offices}
    services = session.execute(
        select(Service.id, Service.prefix, Service.name, Service.office_id)
        .where(Service.office_id.in_(ids))
        .order_by(Service.office_id, Service.sort_order, Service.prefix)
    )
    counters = session.execute(
        select(Counter.id, Counter.number, Counter.name, Counter.office_id).where(
            Counter.office_id.in_(ids)
        )
    )
    clerks = session.execute(
        select(User.id, User.full_name, User.username, User.office_id).where(
            User.office_id.in_(ids), User.role == Role.CLERK
        )
    )
    return {
        "services": [
            {
                "id": row.id,
                "name": f"{row.prefix} – {row.name}",
                "office_name": names[row.office_id],
            }
            for row in services
        ],
        "counters": [
            {
                "id": row.id,
                "name": counter_label(row.number, row.name),
                "office_name": names[row.office_id],
            }
            for row in sorted(counters, key=lambda row: (row.office_id, natural_key(row.number)))
        ],
        "clerks": [
            {
                "id": row.id,
                "name": row.full_name or row.username,
                "office_name": names[row.office_id],
            }
            for row in sorted(
                clerks,
                key=lambda row: (
                    row.office_id,
                    given_name_key(row.full_name or row.username),
                    row.id,
                ),
            )
        ],
    }


def _period_row(period: Period, tally: Tally) -> dict[str, Any]:
    """One row of the view over time."""
    figures = tally.as_dict()
    return {
        "period": period.key,
        "label": period.label,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        **figures,
        **rates(figures),
    }
