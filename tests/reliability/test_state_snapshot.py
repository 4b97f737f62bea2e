"""A `state` snapshot describes one moment, even when another process commits meanwhile.

Found by bench/soak.py with two servers on PostgreSQL: a snapshot's `seq` was read before a
kiosk's ticket was committed and its waiting counts after, so the screens applied that
ticket's event on top of counts that already held it, and showed one citizen too many.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from support_server import fresh_postgres_database, seed_office

import server.services.screens.state as state_module
from server.config import load_settings
from server.db import make_engine
from server.models import Device, Office
from server.services.actor import Actor
from server.services.queue.tickets import issue_ticket
from server.services.screens.state import build_state
from server.services.settings import QueueSettings

SETTINGS = QueueSettings.from_config(load_settings(environ={}))


@pytest.fixture(params=["postgres", "sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty migrated database of each kind, with the seeded office."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'snapshot.sqlite3'}"
        return
    with fresh_postgres_database() as url:
        yield url


def waiting_of(state: dict[str, Any]) -> int:
    """People waiting in the whole office, as the snapshot says."""
    return sum(line["waiting"] for line in state["waiting"])


def test_a_commit_between_the_snapshots_queries_is_not_half_seen(
    database_url: str, monkeypatch: pytest.MonkeyPatch
):
    office = seed_office(database_url)
    engine = make_engine(database_url)
    real_waiting_counts = state_module.waiting_counts

    def kiosk_issues() -> None:
        with Session(engine, expire_on_commit=False) as other:  # another server process
            kiosk = other.scalars(select(Device).where(Device.id == office.kiosk_id)).one()
            issue_ticket(other, Actor(device=kiosk), office.service_ids[0], SETTINGS)

    def counts_after_a_commit(session: Session, office_id: int) -> dict[int, int]:
        kiosk_issues()  # commits right after the snapshot read its seq
        return real_waiting_counts(session, office_id)

    try:
        with Session(engine, expire_on_commit=False) as session:
            before = build_state(session, session.get(Office, office.office_id), SETTINGS)
            monkeypatch.setattr(state_module, "waiting_counts", counts_after_a_commit)
            during = build_state(session, session.get(Office, office.office_id), SETTINGS)
            monkeypatch.undo()
            after = build_state(session, session.get(Office, office.office_id), SETTINGS)
        assert during["seq"] == before["seq"]
        assert waiting_of(during) == waiting_of(before), "the snapshot saw a commit after its seq"
        assert after["seq"] > during["seq"] and waiting_of(after) == waiting_of(before) + 1
    finally:
        engine.dispose()
