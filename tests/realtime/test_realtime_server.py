"""The real production server process pushes calls to Socket.IO clients and survives restarts."""

from __future__ import annotations

import pytest
import requests
from realtime_support import Listener, add_staff
from support_server import free_port, running_server, seed_office

pytestmark = pytest.mark.server


def bearer(token: str) -> dict[str, str]:
    """Authorization header."""
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_call_reaches_display_and_restart_resyncs(tmp_path, mode):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    office = seed_office(url)
    staff = add_staff(url, office.office_id)
    env = {
        "XEPHANG_DATABASE_URL": url,
        "XEPHANG_ASYNC_MODE": mode,
        "XEPHANG_SECRET_KEY": "k",
        "XEPHANG_AUDIO_CACHE_DIR": str(tmp_path / "audio"),
    }
    port = free_port()
    with running_server(env, port) as server:
        display = Listener(server.url, staff.display_token)
        first_state = display.wait_for("state")
        assert first_state["office_id"] == office.office_id
        issued = requests.post(
            f"{server.url}/api/v1/tickets",
            json={"service_id": office.service_ids[0]},
            headers=bearer(office.kiosk_token),
            timeout=10,
        )
        assert issued.status_code == 201
        called = requests.post(
            f"{server.url}/api/v1/counters/{office.counter_id}/call-next",
            headers=bearer(staff.clerk_token),
            timeout=10,
        )
        assert called.status_code == 200
        call = display.wait_for("ticket_called")
        assert call["ticket"]["id"] == called.json()["id"]
        assert call["seq"] == first_state["seq"] + 3  # issued, counter opened, called
        audio = requests.get(server.url + call["announcement"]["audio_url"], timeout=30)
        assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
        assert server.stop() == 0
    with running_server(env, port):
        fresh = display.wait_for("state", timeout=20)
        assert fresh["seq"] == call["seq"]  # seq lives in the database: no going back
        [counter] = fresh["counters"]
        assert counter["ticket"]["number"] == call["ticket"]["number"]
        display.close()


def test_bad_tokens_are_refused_at_connect(tmp_path):
    import socketio

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    seed_office(url)
    env = {"XEPHANG_DATABASE_URL": url, "XEPHANG_SECRET_KEY": "k"}
    with running_server(env) as server:
        for auth in (None, {"token": "nope"}):
            client = socketio.Client(reconnection=False)
            with pytest.raises(socketio.exceptions.ConnectionError):
                client.connect(server.url, auth=auth, transports=["websocket"], wait_timeout=5)


def test_device_revoked_from_the_command_line_is_disconnected(tmp_path):
    import subprocess
    import time

    from support_server import XEPHANG, server_environment

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    office = seed_office(url)
    staff = add_staff(url, office.office_id)
    env = {
        "XEPHANG_DATABASE_URL": url,
        "XEPHANG_SECRET_KEY": "k",
        "XEPHANG_SOCKET_RECHECK_SECONDS": "0.5",
    }
    with running_server(env) as server:
        display = Listener(server.url, staff.display_token, reconnect=False)
        display.wait_for("state")
        result = subprocess.run(
            [str(XEPHANG), "device", "revoke", str(staff.display_id)],
            env=server_environment(env),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        deadline = time.monotonic() + 10
        while display.client.connected and time.monotonic() < deadline:
            time.sleep(0.05)  # polling interval while waiting for the server's sweep
        assert not display.client.connected
        refused = requests.get(
            f"{server.url}/api/v1/offices/{office.office_id}/state",
            headers=bearer(staff.display_token),
            timeout=10,
        )
        assert refused.status_code == 401
