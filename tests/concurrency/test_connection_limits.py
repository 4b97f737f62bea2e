"""The production server holds more than eventlet's default 1,024 connections and drops idlers."""

from __future__ import annotations

import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from support_server import running_server, seed_office

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "realtime"))
from realtime_support import Listener, add_staff

IDLE_CONNECTIONS = 1030  # just past eventlet's default pool of 1,024 green threads
CLOSE_WAIT = 15.0  # how long a test waits for the server to close a socket before failing


def server_env(database_url: str, tmp_path: Path, **settings: str) -> dict[str, str]:
    """The production server's environment on the test database."""
    return {
        "XEPHANG_DATABASE_URL": database_url,
        "XEPHANG_SECRET_KEY": "connections-test-secret",
        "XEPHANG_PUBLIC_URL": "http://xephang.test",
        "XEPHANG_AUDIO_CACHE_DIR": str(tmp_path / "audio"),
        "XEPHANG_LOG_REQUESTS": "false",
        **{f"XEPHANG_{name}": value for name, value in settings.items()},
    }


def open_files_for(count: int) -> None:
    """Let this test process hold `count` sockets (skip where the hard limit forbids it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= count:
        return
    if hard != resource.RLIM_INFINITY and hard < count:
        pytest.skip(f"open-file hard limit {hard} is below {count}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (count, hard))


def connect(url: str) -> socket.socket:
    """A TCP connection to the server that sends nothing."""
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def seconds_until_closed(connection: socket.socket, drip: bytes = b"") -> float:
    """Wait until the server closes the connection (sending `drip` byte by byte meanwhile)."""
    started = time.monotonic()
    connection.settimeout(0.3)
    remaining = list(drip)
    while time.monotonic() - started < CLOSE_WAIT:
        try:
            if connection.recv(4096) == b"":
                return time.monotonic() - started
        except TimeoutError:
            if remaining:
                connection.send(bytes([remaining.pop(0)]))
        except ConnectionResetError:
            return time.monotonic() - started
    raise AssertionError(f"the server kept the connection open for {CLOSE_WAIT} s")


@pytest.mark.server
def test_healthz_answers_while_1030_idle_connections_are_held(database_url, tmp_path):
    open_files_for(IDLE_CONNECTIONS + 200)
    seed_office(database_url)
    # A long deadline: the pool alone must make room (the deadline is tested below).
    env = server_env(database_url, tmp_path, REQUEST_TIMEOUT_SECONDS="120")
    with running_server(env, log_path=tmp_path / "server.log") as server:
        idle = [connect(server.url) for _ in range(IDLE_CONNECTIONS)]
        try:
            response = requests.get(f"{server.url}/healthz", timeout=10)
            assert response.status_code == 200
            # The idle ones are still held, not dropped to make room.
            idle[0].settimeout(0.5)
            with pytest.raises(TimeoutError):
                idle[0].recv(1)
        finally:
            for connection in idle:
                connection.close()


@pytest.mark.server
def test_unfinished_requests_are_closed_but_screens_stay_connected(database_url, tmp_path):
    office = seed_office(database_url)
    staff = add_staff(database_url, office.office_id)
    env = server_env(database_url, tmp_path, REQUEST_TIMEOUT_SECONDS="1")
    with running_server(env, log_path=tmp_path / "server.log") as server:
        screens = [
            Listener(server.url, staff.display_token, reconnect=False, transports=transports)
            for transports in (("websocket",), ("polling",))
        ]
        for screen in screens:
            screen.wait_for("state")
        with connect(server.url) as silent:
            assert seconds_until_closed(silent) >= 0.9
        # A client that drips its headers a byte at a time does not reset the deadline.
        drip = b"GET /healthz HTTP/1.1\r\nHost: xephang.test\r\nX-Padding: " + b"a" * 200
        with connect(server.url) as dripping:
            assert 0.9 <= seconds_until_closed(dripping, drip) < CLOSE_WAIT
        # A kept-alive connection that answered once gets the same time for its next request.
        with connect(server.url) as kept_alive:
            kept_alive.sendall(b"GET /healthz HTTP/1.1\r\nHost: xephang.test\r\n\r\n")
            assert kept_alive.recv(4096).startswith(b"HTTP/1.1 200")
            assert 0.9 <= seconds_until_closed(kept_alive) < CLOSE_WAIT

        # The screens stayed idle longer than the deadline and still hear a call.
        assert all(screen.client.connected for screen in screens)
        kiosk = {"Authorization": f"Bearer {office.kiosk_token}"}
        clerk = {"Authorization": f"Bearer {staff.clerk_token}"}
        issued = requests.post(
            f"{server.url}/api/v1/tickets",
            json={"service_id": office.service_ids[0]},
            headers=kiosk,
            timeout=10,
        )
        assert issued.status_code == 201
        called = requests.post(
            f"{server.url}/api/v1/counters/{office.counter_id}/call-next", headers=clerk, timeout=10
        )
        assert called.status_code == 200
        for screen in screens:
            assert screen.wait_for("ticket_called")["ticket"]["number"] == "A001"
        assert all(screen.client.connected for screen in screens)


POOL_PROBE = """
import logging, resource
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
from server.cli.eventlet_serving import pool_size
print("pool", pool_size(10_000), "soft", resource.getrlimit(resource.RLIMIT_NOFILE)[0])
"""


def probe_pool(soft: int, hard: int) -> str:
    """Size the pool in a process started with the given open-file limits; its output."""
    result = subprocess.run(
        [sys.executable, "-c", POOL_PROBE],
        cwd=Path(__file__).resolve().parent.parent.parent,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard)),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout + result.stderr


def test_the_open_file_limit_is_raised_to_fit_the_pool():
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 10_256:
        pytest.skip(f"open-file hard limit {hard} is below 10,256")
    output = probe_pool(1024, 10_256)
    assert "pool 10000 soft 10256" in output
    assert "WARNING" not in output


def test_a_low_hard_limit_is_said_and_the_pool_fits_under_it():
    output = probe_pool(512, 1000)
    assert "pool 744 soft 1000" in output  # 256 descriptors kept for the database and files
    assert "the hard limit is 1000, below the 10256 that XEPHANG_MAX_CONNECTIONS needs" in output
    assert "holding at most 744 connections" in output
