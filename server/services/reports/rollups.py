"""Roll-ups of closed business days, months, quarters and years, so large reports take seconds.

A business day is closed two days after it ends in its office's timezone; its figures are then
kept per (service, counter, clerk) with durations as histograms (`report_rollups`); each closed
month gets rows summed from its days, each quarter from its months, each year from its
quarters. `report_periods` marks what is built.

Figures of a closed day can still change (a late rating from a phone, a ticket finished the day
after): any ORM flush that touches a ticket or rating of a past day drops the roll-ups of that
day and of the month, quarter and year around it; they are rebuilt on the next large report.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from itertools import chain
from typing import Any

from sqlalchemy import and_, delete, event, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db import write
from server.models import Office, Rating, ReportPeriod, ReportRollup, Ticket, utcnow
from server.rules.business_day import business_date
from server.rules.reports.figures import Tally
from server.rules.reports.groups import (
    Combo,
    ComboTallies,
    RollupFigures,
    rollup_figures,
    rollup_values,
)
from server.rules.reports.periods import (
    KINDS,
    PeriodKind,
    days_between,
    month_start,
    period_of,
    units_within,
)
from server.services.reports.facts import Filters, ticket_facts, transfer_facts

log = logging.getLogger(__name__)

DAY = PeriodKind.DAY
MONTH = PeriodKind.MONTH
CLOSED_AFTER_DAYS = 2  # late finishes and ratings around midnight land before a day is closed

ROLLUP_FIGURES = (
    ReportRollup.issued,
    ReportRollup.served,
    ReportRollup.no_show,
    ReportRollup.cancelled,
    ReportRollup.transferred,
    ReportRollup.wait_count,
    ReportRollup.wait_sum,
    ReportRollup.wait_hist,
    ReportRollup.service_count,
    ReportRollup.service_sum,
    ReportRollup.service_hist,
    ReportRollup.very_satisfied,
    ReportRollup.satisfied,
    ReportRollup.dissatisfied,
)


def last_closed_day(office: Office, now: datetime) -> date:
    """The newest business day of the office whose figures are rolled up."""
    return business_date(now, office.timezone) - timedelta(days=CLOSED_AFTER_DAYS)


def ensure_rollups(
    session: Session,
    offices: Iterable[Office],
    start: date,
    end: date,
    *,
    now: datetime | None = None,
    up_to: PeriodKind = PeriodKind.YEAR,
) -> int:
    """Build missing roll-ups of closed days in start..end, and of the whole months (quarters,
    years, up to `up_to`) inside it; return how many days were built.

    Each office-month of days, and each longer period, is built and committed on its own, so
    issuing goes on meanwhile.
    """
    now = now or utcnow()
    closed = {office.id: min(end, last_closed_day(office, now)) for office in offices}
    office_ids = [office_id for office_id, last in closed.items() if last >= start]
    if not office_ids:
        return 0
    done_months = _built(session, office_ids, MONTH, month_start(start), end)
    unchecked = {  # days of a built month are built too (the month was summed from them)
        office_id: [
            day
            for day in days_between(start, closed[office_id])
            if month_start(day) not in done_months[office_id]
        ]
        for office_id in office_ids
    }
    days = [day for found in unchecked.values() for day in found]
    done_days = _built(session, office_ids, DAY, min(days), max(days)) if days else defaultdict(set)
    days_built = 0
    for office_id in office_ids:
        missing: dict[date, list[date]] = defaultdict(list)
        for day in unchecked[office_id]:
            if day not in done_days[office_id]:
                missing[month_start(day)].append(day)
        for wanted in missing.values():
            days_built += build_days(session, office_id, wanted)
    for kind in KINDS[1 : KINDS.index(up_to) + 1]:
        done = (
            done_months
            if kind == MONTH
            else _built(session, office_ids, kind, period_of(start, kind).start, end)
        )
        for office_id in office_ids:
            for period in units_within(start, closed[office_id], kind):
                if period.start not in done[office_id]:
                    build_period(session, office_id, kind, period.start)
    return days_built


def _built(
    session: Session, office_ids: list[int], period: str, start: date, end: date
) -> dict[int, set[date]]:
    """For each office, the days or months starting in start..end that are rolled up."""
    found: dict[int, set[date]] = defaultdict(set)
    statement = select(ReportPeriod.office_id, ReportPeriod.period_start).where(
        ReportPeriod.office_id.in_(office_ids),
        ReportPeriod.period == str(period),
        ReportPeriod.period_start >= start,
        ReportPeriod.period_start <= end,
    )
    for office_id, period_start in session.execute(statement):
        found[office_id].add(period_start)
    return found


def build_days(session: Session, office_id: int, days: list[date]) -> int:
    """Roll up the given closed days of one office (one month at most); returns days built."""
    with _concurrent_build_wins(session, office_id, DAY, days[0]):
        already = set(
            session.scalars(
                select(ReportPeriod.period_start).where(
                    ReportPeriod.office_id == office_id,
                    ReportPeriod.period == str(DAY),
                    ReportPeriod.period_start.in_(days),
                )
            )
        )
        wanted = sorted(set(days) - already)
        if not wanted:
            return 0
        accumulator = ComboTallies(PeriodKind.DAY)
        first, last = wanted[0], wanted[-1]
        chosen = set(wanted)
        for fact in ticket_facts(session, [office_id], first, last, Filters()):
            if fact.business_date in chosen:
                accumulator.add_ticket(fact)
        for transfer in transfer_facts(session, [office_id], first, last, Filters()):
            if transfer.business_date in chosen:
                accumulator.add_transfer(transfer)
        _store(session, office_id, DAY, wanted, accumulator.tallies.items())
    return len(wanted)


def build_period(session: Session, office_id: int, kind: PeriodKind, first: date) -> None:
    """Sum a closed month (quarter, year) from the roll-ups of its days (months, quarters)."""
    with _concurrent_build_wins(session, office_id, kind, first):
        marker = session.get(ReportPeriod, (office_id, str(kind), first))
        if marker is not None:
            return
        finer = KINDS[KINDS.index(kind) - 1]
        accumulator = ComboTallies(kind)
        last = period_of(first, kind).end
        for combo, figures in rollup_rows(session, [office_id], finer, first, last, Filters()):
            accumulator.add_rollup(combo, figures)
        _store(session, office_id, kind, [first], accumulator.tallies.items())


@contextmanager
def _concurrent_build_wins(
    session: Session, office_id: int, period: str, start: date
) -> Iterator[None]:
    """One unit of work building a period; when another process built it first, it is kept."""
    try:
        with write(session):
            yield
    except IntegrityError:
        log.info("roll-up of office %s %s %s built concurrently", office_id, period, start)


def _store(
    session: Session,
    office_id: int,
    period: str,
    starts: list[date],
    combos: Iterable[tuple[Combo, Tally]],
) -> None:
    """Write roll-up rows and their period markers (the caller's unit of work commits)."""
    now = utcnow()
    period = str(period)  # a plain string for the drivers, not the enum
    rows = [
        {
            "office_id": office_id,
            "period": period,
            "period_start": combo.period,
            "service_id": combo.service_id,
            "counter_id": combo.counter_id,
            "clerk_id": combo.clerk_id,
            "channel": combo.channel,
            **rollup_values(tally),
        }
        for combo, tally in combos
    ]
    if rows:
        session.execute(insert(ReportRollup), rows)
    session.execute(
        insert(ReportPeriod),
        [
            {"office_id": office_id, "period": period, "period_start": start, "built_at": now}
            for start in starts
        ],
    )


def rollup_rows(
    session: Session,
    office_ids: list[int],
    period: str,
    start: date,
    end: date,
    filters: Filters,
) -> Iterator[tuple[Combo, RollupFigures]]:
    """Stored roll-up rows of periods starting in start..end, as combinations and figures."""
    if start > end or not office_ids:
        return
    statement = select(
        ReportRollup.office_id,
        ReportRollup.period_start,
        ReportRollup.service_id,
        ReportRollup.counter_id,
        ReportRollup.clerk_id,
        ReportRollup.channel,
        *ROLLUP_FIGURES,
    ).where(
        ReportRollup.office_id.in_(office_ids),
        ReportRollup.period == str(period),
        ReportRollup.period_start >= start,
        ReportRollup.period_start <= end,
    )
    if filters.service_id is not None:
        statement = statement.where(ReportRollup.service_id == filters.service_id)
    if filters.counter_id is not None:
        statement = statement.where(ReportRollup.counter_id == filters.counter_id)
    if filters.clerk_id is not None:
        statement = statement.where(ReportRollup.clerk_id == filters.clerk_id)
    for row in session.execute(statement):
        office_id, period_start, service_id, counter_id, clerk_id, channel, *figures = row
        combo = Combo(office_id, service_id, counter_id, clerk_id, period_start, channel)
        yield combo, rollup_figures(figures)


def drop_rollups(session: Session, days: Iterable[tuple[int, date]]) -> None:
    """Forget the roll-ups of these office days and of their months (inside the caller's flush)."""
    wanted = sorted(set(days))
    if not wanted:
        return
    keys = [
        (office_id, str(kind), period_of(day, kind).start)
        for office_id, day in wanted
        for kind in KINDS
    ]
    connection = session.connection()
    for model in (ReportRollup, ReportPeriod):
        condition = or_(
            *(
                and_(
                    model.office_id == office_id,
                    model.period == period,
                    model.period_start == start,
                )
                for office_id, period, start in keys
            )
        )
        connection.execute(delete(model).where(condition))


def _past_days_touched(session: Session) -> set[tuple[int, date]]:
    """Office days before today whose tickets or ratings this flush changes."""
    today = utcnow().date()  # roll-ups only exist for days before this in every timezone
    found: set[tuple[int, date]] = set()
    with session.no_autoflush:
        for item in chain(session.new, session.dirty, session.deleted):
            ticket: Any = item
            if isinstance(item, Rating):
                ticket = session.get(Ticket, item.ticket_id)
            elif not isinstance(item, Ticket):
                continue
            day = getattr(ticket, "business_date", None)
            if isinstance(day, date) and day < today:
                found.add((ticket.office_id, day))
    return found


@event.listens_for(Session, "after_flush")
def _drop_stale_rollups(session: Session, _context: Any) -> None:
    """Keep roll-ups true: a change to a past day's ticket or rating drops that day's figures."""
    days = _past_days_touched(session)
    if days:
        drop_rollups(session, days)


def prebuild_rollups(
    session: Session,
    office_ids: Iterable[int] | None = None,
    *,
    since: date | None = None,
    now: datetime | None = None,
) -> int:
    """Build every missing roll-up of the offices (all when None) from the month of `since`
    (their oldest ticket when None) to their last closed day, before a large report needs it."""
    now = now or utcnow()
    query = select(Office).order_by(Office.id)
    if office_ids is not None:
        query = query.where(Office.id.in_(list(office_ids)))
    offices = list(session.scalars(query))
    start = since or session.scalar(
        select(func.min(Ticket.business_date)).where(Ticket.office_id.in_([o.id for o in offices]))
    )
    if not offices or start is None:
        return 0
    end = max(last_closed_day(office, now) for office in offices)
    return ensure_rollups(session, offices, month_start(start), end, now=now)
