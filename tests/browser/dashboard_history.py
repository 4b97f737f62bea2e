"""A realistic morning at the demo district office, played through the service functions.

The browser tests of the manager's pages need waits of minutes, not milliseconds: tickets are
issued over the last hours with explicit times, counters call, serve and sometimes mark a
no-show, citizens rate, and more arrive than the counters can serve, so some wait too long.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_engine
from server.demo.seed import DEMO_OFFICE_CODE
from server.models import Counter, Device, DeviceKind, Office, Service, Ticket, User, utcnow
from server.rules.errors import DomainError
from server.rules.transitions import TicketAction
from server.schemas.tickets import RatingSent
from server.services.actor import Actor
from server.services.queue.counters import call_next, set_counter_state
from server.services.queue.ratings import rate_public_ticket
from server.services.queue.tickets import act_on_ticket, issue_ticket
from server.services.settings import QueueSettings

WORKING_COUNTERS = ("1", "2", "3", "4", "6", "7")
LEVELS = ("very_satisfied", "very_satisfied", "satisfied", "satisfied", "satisfied", "dissatisfied")


@dataclass
class Desk:
    """A counter being worked: its clerk, current ticket and when that ticket will be done."""

    counter: Counter
    clerk: Actor
    ticket_id: int | None = None
    done_at: datetime | None = None


def play_morning(database_url: str, minutes: int = 150, seed: int = 3) -> int:
    """Play the last `minutes` of work at the demo district; return how many tickets were issued."""
    engine = make_engine(database_url)
    rng = random.Random(seed)
    settings = QueueSettings()
    issued = 0
    try:
        with Session(engine, expire_on_commit=False) as session:
            office = session.scalars(select(Office).where(Office.code == DEMO_OFFICE_CODE)).one()
            services = list(session.scalars(select(Service).where(Service.office_id == office.id)))
            kiosk = session.scalars(
                select(Device).where(Device.office_id == office.id, Device.kind == DeviceKind.KIOSK)
            ).first()
            counters = {
                c.number: c
                for c in session.scalars(select(Counter).where(Counter.office_id == office.id))
            }
            desks = []
            for number in WORKING_COUNTERS:
                clerk = session.scalars(select(User).where(User.username == f"canbo{number}")).one()
                desks.append(Desk(counters[number], Actor(user=clerk)))
            start = utcnow() - timedelta(minutes=minutes)
            weights = [5 if s.prefix in "AB" else 3 if s.prefix in "CV" else 1 for s in services]
            for minute in range(minutes):
                moment = start + timedelta(minutes=minute)
                for _ in range(rng.choices((0, 1, 2), (0.3, 0.5, 0.2))[0]):
                    service = rng.choices(services, weights)[0]
                    when = moment + timedelta(seconds=rng.randrange(60))
                    try:
                        issue_ticket(session, Actor(device=kiosk), service.id, settings, now=when)
                        issued += 1
                    except DomainError:
                        session.rollback()
                for desk in desks:
                    _work(session, desk, moment, settings, rng)
            clerk5 = session.scalars(select(User).where(User.username == "canbo5")).one()
            for action in ("open", "pause"):  # one counter on a break
                set_counter_state(session, Actor(user=clerk5), counters["5"].id, action, settings)
    finally:
        engine.dispose()
    return issued


def _work(
    session: Session, desk: Desk, moment: datetime, settings: QueueSettings, rng: random.Random
) -> None:
    """One minute at a counter: finish the current citizen when due, then call the next."""
    if desk.ticket_id is not None and desk.done_at is not None and desk.done_at <= moment:
        act_on_ticket(
            session, desk.clerk, desk.ticket_id, TicketAction.COMPLETE, settings, now=desk.done_at
        )
        if rng.random() < 0.6:
            ticket = session.get(Ticket, desk.ticket_id)
            assert ticket is not None
            rate_public_ticket(
                session,
                ticket,
                RatingSent(level=rng.choice(LEVELS)),
                now=desk.done_at + timedelta(seconds=20),
            )
        desk.ticket_id = desk.done_at = None
    if desk.ticket_id is not None:
        return
    called_at = moment + timedelta(seconds=61)  # after this minute's arrivals
    outcome = call_next(session, desk.clerk, desk.counter.id, settings, now=called_at)
    if outcome.body is None:
        return
    ticket_id = outcome.body["id"]
    if rng.random() < 0.06:
        act_on_ticket(
            session,
            desk.clerk,
            ticket_id,
            TicketAction.RECALL,
            settings,
            now=called_at + timedelta(seconds=60),
        )
        act_on_ticket(
            session,
            desk.clerk,
            ticket_id,
            TicketAction.NO_SHOW,
            settings,
            now=called_at + timedelta(seconds=120),
        )
        return
    act_on_ticket(
        session,
        desk.clerk,
        ticket_id,
        TicketAction.START,
        settings,
        now=called_at + timedelta(seconds=40),
    )
    minutes = max(2.0, rng.gauss(7 if desk.counter.number != "7" else 5, 2.5))
    desk.ticket_id = ticket_id
    desk.done_at = called_at + timedelta(minutes=minutes)
