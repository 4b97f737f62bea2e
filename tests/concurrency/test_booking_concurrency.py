"""Concurrent bookings never exceed a slot's capacity (design §12), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support_server import fresh_postgres_database, seed_office

from server.db import make_engine
from server.models import Appointment, Device, Office, Service
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.appointments.bookings import book, service_slots
from server.services.appointments.check_in import check_in
from server.services.appointments.report import appointment_totals
from server.services.settings import QueueSettings

BOOKINGS = 20
CAPACITY = 2
START_TIMEOUT = 60.0
SETTINGS = QueueSettings(public_url="http://xephang.test")
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 7, 9, 5, tzinfo=HANOI).astimezone(UTC)
SLOT = datetime(2026, 12, 7, 10, 0, tzinfo=HANOI)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def concurrency_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each backend: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bookings.sqlite3'}"
        return
    with fresh_postgres_database() as url:
        yield url


def test_twenty_bookings_race_for_a_slot_of_two(concurrency_url: str) -> None:
    """20 threads, each with its own session, book the same slot at once: exactly 2 succeed."""
    seeded = seed_office(concurrency_url)
    service_id = seeded.service_ids[0]
    engine = make_engine(concurrency_url)
    with Session(engine) as session:
        service = session.get(Service, service_id)
        assert service is not None
        service.appointments_enabled = True
        service.slot_capacity = CAPACITY
        session.commit()
    start = threading.Barrier(BOOKINGS)
    booked: list[str] = []
    refusals: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with Session(engine) as session:
                start.wait(START_TIMEOUT)
                try:
                    body = book(session, service_id, SLOT, now=NOW).body
                except DomainError as refusal:
                    refusals.append(refusal.code)
                    return
                assert isinstance(body, dict)
                booked.append(body["code"])
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(BOOKINGS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with Session(engine) as session:
            stored = session.scalar(select(func.count()).select_from(Appointment))
    finally:
        engine.dispose()

    assert errors == []
    assert len(booked) == CAPACITY
    assert len(set(booked)) == CAPACITY
    assert refusals == ["slot_full"] * (BOOKINGS - CAPACITY)
    assert stored == CAPACITY


def test_the_booking_queries_on_each_backend(concurrency_url: str) -> None:
    """Slots, booking, check-in by ID hash, the day list and totals read alike on both."""
    seeded = seed_office(concurrency_url)
    service_id = seeded.service_ids[0]
    engine = make_engine(concurrency_url)
    try:
        with Session(engine) as session:
            service = session.get(Service, service_id)
            assert service is not None
            service.appointments_enabled = True
            session.commit()
            book(session, service_id, SLOT, citizen_id_hmac="f" * 64, now=NOW)
            slots = service_slots(session, service_id, SLOT.date(), now=NOW)["slots"]
            ten = next(slot for slot in slots if slot["start"] == SLOT.isoformat())
            assert ten["free"] == 1
            kiosk = session.get(Device, seeded.kiosk_id)
            assert kiosk is not None
            ticket = check_in(
                session, Actor(device=kiosk), SETTINGS, citizen_id_hmac="f" * 64, now=SLOT
            ).body
            assert isinstance(ticket, dict) and ticket["channel"] == "appointment"
            office = session.get(Office, seeded.office_id)
            assert office is not None
            totals = appointment_totals(session, [office], SLOT.date(), SLOT.date(), NOW)
            assert (totals["booked"], totals["checked_in"]) == (1, 1)
    finally:
        engine.dispose()
