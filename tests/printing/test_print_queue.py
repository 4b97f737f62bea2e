"""Print jobs leave through a bounded queue, rendered off the eventlet hub, and none is lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from conftest import World, bearer
from waiting import wait_until

from server.models import PrintJob
from server.offload import run_off_hub as off_hub
from server.realtime import print_dispatch

ROOT = Path(__file__).resolve().parents[2]


def test_a_burst_is_held_to_the_bound_and_every_job_still_prints(
    app, client, world: World, session, make_device, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(print_dispatch, "MAX_IN_HAND", 3)
    _, token = make_device(world.office, "kiosk", printer="dummy:burst")
    queue = print_dispatch.print_queue(app)
    seen = {"rendering": 0, "most_rendering": 0, "most_in_hand": 0, "left_behind": 0}
    lock = threading.Lock()
    original = print_dispatch.render_all

    def slow_render(works):  # type: ignore[no-untyped-def]
        with lock:
            seen["rendering"] += 1
            seen["most_rendering"] = max(seen["most_rendering"], seen["rendering"])
            seen["most_in_hand"] = max(seen["most_in_hand"], len(queue.in_hand))
            seen["left_behind"] += bool(queue.behind)
        time.sleep(0.05)  # slower than the requests come in
        try:
            return original(works)
        finally:
            with lock:
                seen["rendering"] -= 1

    monkeypatch.setattr(print_dispatch, "render_all", slow_render)

    tickets = [
        client.post("/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token))
        for _ in range(20)
    ]

    assert all(response.status_code == 201 for response in tickets)

    def printed() -> bool:
        session.expire_all()
        jobs = session.query(PrintJob).all()
        return len(jobs) == 20 and all(job.status == "printed" for job in jobs)

    wait_until(printed)
    assert seen["most_rendering"] == 1  # one worker, not one render per request
    assert seen["most_in_hand"] <= 3
    assert seen["left_behind"] > 0  # some jobs waited in the database, and still printed
    assert not queue.in_hand and not queue.behind


def test_off_hub_keeps_the_eventlet_hub_serving_while_it_draws():
    # A fresh interpreter patched like `xephang run`: a green thread ticks every millisecond
    # while a ticket's worth of CPU runs; on the hub it would not tick at all meanwhile.
    script = textwrap.dedent(
        """
        import eventlet
        eventlet.monkey_patch()
        import time
        from server.offload import eventlet_patched, run_off_hub as off_hub

        ticks = []
        def ticker():
            while True:
                ticks.append(1)
                eventlet.sleep(0.001)
        eventlet.spawn(ticker)
        eventlet.sleep(0.01)

        def busy():
            end = time.perf_counter() + 0.3
            while time.perf_counter() < end:
                pass
            return "drawn"

        before = len(ticks)
        assert eventlet_patched()
        assert off_hub(busy) == "drawn"
        print(len(ticks) - before)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 20


def test_off_hub_runs_in_the_calling_thread_when_nothing_is_patched():
    assert off_hub(threading.get_ident) == threading.get_ident()
