"""Two real server processes sharing PostgreSQL and Redis behave as one server."""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from realtime_support import Listener, add_staff
from support_server import fresh_postgres_database, running_server, seed_office

pytestmark = [pytest.mark.server, pytest.mark.postgres, pytest.mark.redis]


def bearer(token: str) -> dict[str, str]:
    """Authorization header."""
    return {"Authorization": f"Bearer {token}"}


def test_event_crosses_processes_and_numbers_stay_unique(tmp_path):
    with fresh_postgres_database() as url:
        office = seed_office(url)
        staff = add_staff(url, office.office_id)
        env = {
            "XEPHANG_DATABASE_URL": url,
            "XEPHANG_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
            "XEPHANG_MESSAGE_QUEUE_CHANNEL": f"xephang-test-{secrets.token_hex(4)}",
            "XEPHANG_SECRET_KEY": "shared-secret",
            "XEPHANG_AUDIO_CACHE_DIR": str(tmp_path / "audio"),
        }
        with (
            running_server(env, log_path=tmp_path / "one.log") as first,
            running_server(env, log_path=tmp_path / "two.log") as second,
        ):
            display = Listener(first.url, staff.display_token)
            display.wait_for("state")

            def issue(base_url: str) -> requests.Response:
                return requests.post(
                    f"{base_url}/api/v1/tickets",
                    json={"service_id": office.service_ids[0]},
                    headers=bearer(office.kiosk_token),
                    timeout=30,
                )

            with ThreadPoolExecutor(max_workers=10) as pool:
                responses = list(pool.map(issue, [first.url, second.url] * 20))
            assert [r.status_code for r in responses] == [201] * 40
            numbers = sorted(r.json()["number"] for r in responses)
            assert numbers == [f"A{n:03d}" for n in range(1, 41)]

            called = requests.post(
                f"{second.url}/api/v1/counters/{office.counter_id}/call-next",
                headers=bearer(staff.clerk_token),
                timeout=30,
            )
            assert called.status_code == 200
            call = display.wait_for("ticket_called", timeout=15)
            assert call["ticket"]["number"] == "A001"
            assert call["counter"]["id"] == office.counter_id
            # Signed by the process that made the call, played through the display's own one.
            audio = requests.get(first.url + call["announcement"]["audio_url"], timeout=30)
            assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
            # Events that crossed Redis carry the staff view: no citizen's key (design §5).
            issued = [payload for name, payload in display.seen if name == "ticket_issued"]
            assert len(issued) == 40
            seen = json.dumps(display.seen)
            assert not [
                r.json()["public_token"] for r in responses if r.json()["public_token"] in seen
            ]
            display.close()
