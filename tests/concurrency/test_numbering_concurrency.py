"""Concurrent issuers (threads, OS processes) get numbers without gaps or duplicates (design §4)."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter as Tally
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support_server import SeededOffice, fresh_postgres_database, seed_office

from server.db import make_engine
from server.models import Device, Office, Ticket, TicketEvent, TicketSequence, utcnow
from server.services.actor import Actor
from server.services.queue.tickets import issue_ticket
from server.services.settings import QueueSettings

THREADS = 50
TICKETS_PER_THREAD = 2
PROCESSES = 4
TICKETS_PER_PROCESS = 15
START_TIMEOUT = 60.0
SETTINGS = QueueSettings(public_url="http://xephang.test")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def concurrency_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each backend: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
        return
    with fresh_postgres_database() as url:
        yield url


def service_plan(seeded: SeededOffice, worker: int, count: int) -> list[int]:
    """The services one worker issues for, alternating so both lines interleave."""
    services = seeded.service_ids
    return [services[(worker + turn) % len(services)] for turn in range(count)]


def issue_many(session: Session, seeded: SeededOffice, plan: list[int], now: datetime) -> list[int]:
    """Issue one ticket per planned service as the kiosk; return the events' `seq` values."""
    device = session.get(Device, seeded.kiosk_id)
    assert device is not None
    actor = Actor(device=device)
    seqs: list[int] = []
    for service_id in plan:
        outcome = issue_ticket(session, actor, service_id, SETTINGS, now=now)
        seqs.extend(change.payload["seq"] for change in outcome.changes)
    return seqs


def issue_in_process(
    url: str, seeded: SeededOffice, plan: list[int], now: datetime, start: threading.Barrier
) -> None:
    """One OS process: its own engine and session, starting together with the others."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            start.wait(START_TIMEOUT)
            issue_many(session, seeded, plan, now)
    finally:
        engine.dispose()


def assert_numbering(url: str, seeded: SeededOffice, expected: Tally[int]) -> None:
    """Each service is numbered exactly 1..N, its sequence row says N, `seq` counts events."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            for service_id in seeded.service_ids:
                issued = expected[service_id]
                tickets = session.scalars(
                    select(Ticket).where(Ticket.service_id == service_id)
                ).all()
                assert sorted(ticket.sequence for ticket in tickets) == list(range(1, issued + 1))
                assert len({ticket.number for ticket in tickets}) == issued
                last_values = session.scalars(
                    select(TicketSequence.last_value).where(TicketSequence.service_id == service_id)
                ).all()
                assert last_values == [issued]
            events = session.scalar(
                select(func.count())
                .select_from(TicketEvent)
                .where(TicketEvent.office_id == seeded.office_id)
            )
            office = session.get(Office, seeded.office_id)
            assert office is not None
            assert events == expected.total()
            assert office.event_seq == events
    finally:
        engine.dispose()


def test_threads_with_own_sessions_get_contiguous_numbers(concurrency_url: str) -> None:
    """50 threads, each with its own session, issue into two services at once."""
    seeded = seed_office(concurrency_url)
    now = utcnow()  # one instant, so a run across midnight stays on one business day
    engine = make_engine(concurrency_url)
    start = threading.Barrier(THREADS)
    seqs: list[int] = []
    errors: list[BaseException] = []
    plans = [service_plan(seeded, worker, TICKETS_PER_THREAD) for worker in range(THREADS)]

    def work(plan: list[int]) -> None:
        try:
            with Session(engine) as session:
                start.wait(START_TIMEOUT)
                seqs.extend(issue_many(session, seeded, plan, now))
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(plan,)) for plan in plans]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        engine.dispose()

    assert errors == []
    expected = Tally(service_id for plan in plans for service_id in plan)
    assert sorted(seqs) == list(range(1, THREADS * TICKETS_PER_THREAD + 1))
    assert_numbering(concurrency_url, seeded, expected)


def test_processes_get_contiguous_numbers(concurrency_url: str) -> None:
    """Several OS processes (like several server workers) issue into the same database."""
    seeded = seed_office(concurrency_url)
    now = utcnow()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES)
    plans = [service_plan(seeded, worker, TICKETS_PER_PROCESS) for worker in range(PROCESSES)]
    processes = [
        context.Process(target=issue_in_process, args=(concurrency_url, seeded, plan, now, start))
        for plan in plans
    ]
    try:
        for process in processes:
            process.start()
        for process in processes:
            process.join(START_TIMEOUT * 2)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()

    assert [process.exitcode for process in processes] == [0] * PROCESSES
    expected = Tally(service_id for plan in plans for service_id in plan)
    assert_numbering(concurrency_url, seeded, expected)
