"""A change that waited for the office lock is stamped after the changes it waited for.

Found by bench/soak.py on PostgreSQL: a call-next that read the clock, then waited while a
kiosk's ticket was committed, called that ticket "before" it was issued (negative waits).
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from support_server import fresh_postgres_database, seed_office

from server.config import load_settings
from server.db import make_engine
from server.models import Device, Ticket, User
from server.services.actor import Actor
from server.services.locking import lock_office
from server.services.queue.counters import call_next
from server.services.queue.tickets import issue_ticket
from server.services.settings import QueueSettings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "realtime"))
from realtime_support import add_staff

pytestmark = pytest.mark.postgres


def wait_until_blocked_on_a_lock(session: Session, timeout: float = 10.0) -> None:
    """Poll PostgreSQL until another backend of this database waits for a row lock."""
    deadline = time.monotonic() + timeout
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while True:
        blocked = session.execute(query).scalar()
        session.rollback()  # pg_stat_activity is read once per transaction: look afresh each time
        if blocked:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the call never waited for the office lock")
        time.sleep(0.02)  # polling interval


def test_call_that_waited_for_the_lock_is_not_older_than_the_ticket_it_calls():
    settings = QueueSettings.from_config(load_settings(environ={}))
    with fresh_postgres_database() as url:
        office = seed_office(url)
        add_staff(url, office.office_id)
        engine = make_engine(url)
        try:
            called: dict[str, Any] = {}

            def call() -> None:
                with Session(engine, expire_on_commit=False) as session:
                    clerk = session.scalars(select(User).where(User.username == "canbo1")).one()
                    outcome = call_next(session, Actor(user=clerk), office.counter_id, settings)
                    called["ticket"] = outcome.body

            with Session(engine, expire_on_commit=False) as holder, Session(engine) as watcher:
                lock_office(holder, office.office_id)  # a kiosk is issuing right now
                clerk_thread = threading.Thread(target=call)
                clerk_thread.start()
                wait_until_blocked_on_a_lock(watcher)
                kiosk = holder.get(Device, office.kiosk_id)
                issue_ticket(holder, Actor(device=kiosk), office.service_ids[0], settings)
                clerk_thread.join(10)
            ticket = called["ticket"]
            assert ticket is not None, "the ticket committed while the call waited is called"
            issued = datetime.fromisoformat(ticket["issued_at"])
            assert datetime.fromisoformat(ticket["called_at"]) >= issued
            with Session(engine) as session:
                stored = session.get(Ticket, ticket["id"])
                assert stored is not None and stored.called_at is not None
                assert [event.action for event in stored.events] == ["issue", "call"]
                assert stored.events[1].at >= stored.events[0].at
        finally:
            engine.dispose()
