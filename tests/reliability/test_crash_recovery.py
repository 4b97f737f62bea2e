"""kill -9 during concurrent issuing: every acknowledged ticket survives, no number is reused."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session
from support_server import free_port, running_server, seed_office

from server.db import make_engine
from server.models import Ticket

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "realtime"))
from realtime_support import Listener, add_staff

pytestmark = pytest.mark.server


def issue_until_stopped(
    url: str, token: str, service_id: int, acknowledged: list, stop: threading.Event
) -> None:
    """Issue tickets as fast as possible; remember every 201 the server gave."""
    http = requests.Session()
    while not stop.is_set():
        try:
            response = http.post(
                f"{url}/api/v1/tickets",
                json={"service_id": service_id},
                headers={"Authorization": f"Bearer {token}"},
                timeout=5,
            )
        except requests.RequestException:
            continue  # the server is gone; keep trying until told to stop
        if response.status_code == 201:
            acknowledged.append(response.json())


def test_kill_during_issuing_loses_and_duplicates_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    office = seed_office(url)
    staff = add_staff(url, office.office_id)
    env = {"XEPHANG_DATABASE_URL": url, "XEPHANG_SECRET_KEY": "k", "XEPHANG_LOG_REQUESTS": "false"}
    port = free_port()
    acknowledged: list[dict] = []
    stop = threading.Event()
    try:
        before_restart, fresh = _crash_and_restart(env, port, office, staff, acknowledged, stop)
    finally:
        stop.set()  # never leave issuing threads behind, even when the test fails
    assert before_restart >= 60
    engine = make_engine(url)
    with Session(engine) as session:
        stored = {t.id: t for t in session.scalars(select(Ticket))}
    engine.dispose()
    for ticket in acknowledged:  # every acknowledged ticket exists, with the number it was given
        assert stored[ticket["id"]].number == ticket["number"]
    for service_id in office.service_ids:  # numbers of each service: unique and without gaps
        sequences = sorted(t.sequence for t in stored.values() if t.service_id == service_id)
        assert sequences == list(range(1, len(sequences) + 1))
    assert fresh["seq"] >= before_restart
    print(
        f"crash: {before_restart} acknowledged before kill -9, {len(acknowledged)} in all; 0 lost"
    )


def _crash_and_restart(env, port, office, staff, acknowledged, stop):  # type: ignore[no-untyped-def]
    """Issue from 8 threads, kill -9 the server, restart it; return (count before, fresh state)."""
    with running_server(env, port) as server:
        display = Listener(server.url, staff.display_token)
        display.wait_for("state")
        workers = [
            threading.Thread(
                target=issue_until_stopped,
                args=(
                    server.url,
                    office.kiosk_token,
                    office.service_ids[i % 2],
                    acknowledged,
                    stop,
                ),
            )
            for i in range(8)
        ]
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.01)  # polling interval while tickets pile up
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(10)
        before_restart = len(acknowledged)
    with running_server(env, port) as server:
        fresh = display.wait_for("state", timeout=20)  # the screen resynced by itself
        deadline = time.monotonic() + 20
        while len(acknowledged) < before_restart + 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        stop.set()
        for worker in workers:
            worker.join(10)
        display.close()
    return before_restart, fresh
