"""Redis going away between two server processes: REST still works, logs say why, events return."""

from __future__ import annotations

import secrets
import sys
import time
from pathlib import Path

import pytest
import requests
from support_proxy import tcp_proxy
from support_server import ServerProcess, fresh_postgres_database, running_server, seed_office

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "realtime"))
from realtime_support import Listener, add_staff

pytestmark = [pytest.mark.server, pytest.mark.postgres, pytest.mark.redis]

REDIS = ("127.0.0.1", 6379)


def bearer(token: str) -> dict[str, str]:
    """Authorization header."""
    return {"Authorization": f"Bearer {token}"}


def wait_for_log(server: ServerProcess, needle: str, timeout: float = 15.0) -> None:
    """Poll the server's log until it contains `needle`."""
    deadline = time.monotonic() + timeout
    while needle not in server.log_text():
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} not logged:\n{server.log_tail()}")
        time.sleep(0.05)  # polling interval


def wait_for_issued(display: Listener, ticket_id: int, timeout: float) -> None:
    """Wait until the display hears of this ticket (events of other tickets are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        payload = display.wait_for("ticket_issued", timeout=max(0.01, deadline - time.monotonic()))
        if payload["ticket"]["id"] == ticket_id:
            return


def test_redis_outage_keeps_rest_working_and_events_cross_again(tmp_path):
    with fresh_postgres_database() as url, tcp_proxy(*REDIS) as proxy:
        office = seed_office(url)
        staff = add_staff(url, office.office_id)
        env = {
            "XEPHANG_DATABASE_URL": url,
            "XEPHANG_MESSAGE_QUEUE": f"redis://{proxy.host}:{proxy.port}/0",
            "XEPHANG_MESSAGE_QUEUE_CHANNEL": f"xephang-test-{secrets.token_hex(4)}",
            "XEPHANG_SECRET_KEY": "shared-secret",
            "XEPHANG_LOG_REQUESTS": "false",
            "XEPHANG_AUDIO_CACHE_DIR": str(tmp_path / "audio"),
        }
        with (
            running_server(env, log_path=tmp_path / "one.log") as first,
            running_server(env, log_path=tmp_path / "two.log") as second,
        ):
            display = Listener(first.url, staff.display_token)  # screens hang on the first
            display.wait_for("state")
            kiosk = bearer(office.kiosk_token)

            def issue() -> requests.Response:
                """A ticket issued through the second process."""
                return requests.post(
                    f"{second.url}/api/v1/tickets",
                    json={"service_id": office.service_ids[0]},
                    headers=kiosk,
                    timeout=15,
                )

            issued = issue()
            assert issued.status_code == 201
            wait_for_issued(display, issued.json()["id"], timeout=15)

            proxy.cut()
            during = [issue() for _ in range(3)]  # committed first, so Redis can't undo them
            assert [r.status_code for r in during] == [201, 201, 201]
            called = requests.post(
                f"{first.url}/api/v1/counters/{office.counter_id}/call-next",
                headers=bearer(staff.clerk_token),
                timeout=15,
            )
            assert called.status_code == 200
            heard = display.wait_for("ticket_called", timeout=15)  # same process: still told
            assert heard["ticket"]["id"] == called.json()["id"]
            wait_for_log(second, "Cannot publish to redis... giving up: ")  # with the reason
            wait_for_log(first, "Cannot receive from redis")
            for line in second.log_text().splitlines():  # once each, timestamped, explained
                if "Cannot publish to redis" in line:
                    assert line[:4].isdigit() and "ERROR" in line, line
                    assert "do not cross server processes" in line, line

            proxy.restore()
            after = 0
            deadline = time.monotonic() + 45  # the listener retries with a growing backoff
            while True:
                again = issue()
                assert again.status_code == 201
                after += 1
                try:
                    wait_for_issued(display, again.json()["id"], timeout=1)
                    break
                except TimeoutError:
                    if time.monotonic() > deadline:
                        raise
            display.client.emit("sync")  # the screen saw a seq gap: the snapshot heals it
            state = display.wait_for("state", timeout=15)
            waiting = {row["service_id"]: row["waiting"] for row in state["waiting"]}
            assert waiting[office.service_ids[0]] == len(during) + after  # A001 was called
            counter = next(c for c in state["counters"] if c["id"] == office.counter_id)
            assert counter["ticket"]["number"] == "A001", counter
            display.close()
