"""The database going away: API calls answer 503 `database_unavailable` in seconds, then recover."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import make_url
from support_proxy import TcpProxy, tcp_proxy
from support_server import (
    SeededOffice,
    ServerProcess,
    fresh_postgres_database,
    running_server,
    seed_office,
)

from server.db import POSTGRES_CONNECT_TIMEOUT_SECONDS

pytestmark = [pytest.mark.server, pytest.mark.postgres]

ANSWER_WITHIN = POSTGRES_CONNECT_TIMEOUT_SECONDS + 5  # an answer, not a hang


@dataclass
class Outage:
    """A production server on PostgreSQL reached only through a proxy the test controls."""

    server: ServerProcess
    proxy: TcpProxy
    office: SeededOffice

    def call(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        """A kiosk's API call, with a client timeout well above the server's."""
        return requests.request(
            method,
            self.server.url + path,
            json=body,
            headers={"Authorization": f"Bearer {self.office.kiosk_token}"},
            timeout=ANSWER_WITHIN + 20,
        )

    def issue(self) -> requests.Response:
        """Issue a ticket of the first service."""
        return self.call("POST", "/api/v1/tickets", {"service_id": self.office.service_ids[0]})

    def issue_when_back(self, timeout: float = 30.0) -> requests.Response:
        """Issue until the server has its database again."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.issue()
            if response.status_code != 503 or time.monotonic() > deadline:
                return response
            time.sleep(0.1)  # polling interval while the pool reconnects


@pytest.fixture(scope="module")
def outage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outage]:
    """One server for the whole module (starting one costs seconds)."""
    work: Path = tmp_path_factory.mktemp("outage")
    with fresh_postgres_database() as url:
        office = seed_office(url)
        target = make_url(url)
        with tcp_proxy(target.host or "127.0.0.1", target.port or 5432) as proxy:
            proxied = target.set(host=proxy.host, port=proxy.port)
            env = {
                "XEPHANG_DATABASE_URL": proxied.render_as_string(hide_password=False),
                "XEPHANG_SECRET_KEY": "outage",
                "XEPHANG_LOG_REQUESTS": "false",
                "XEPHANG_AUDIO_CACHE_DIR": str(work / "audio"),
            }
            with running_server(env, log_path=work / "server.log") as server:
                yield Outage(server, proxy, office)


def assert_unavailable(response: requests.Response, seconds: float) -> None:
    """The JSON error of design §5 for a database outage, answered in time."""
    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "database_unavailable"
    assert response.json()["error"]["message"]
    assert seconds < ANSWER_WITHIN


@pytest.mark.parametrize("failure", ["cut", "stall"])
def test_outage_answers_503_then_recovers_without_losing_a_number(outage: Outage, failure):
    before = outage.issue()
    assert before.status_code == 201, before.text
    state_path = f"/api/v1/offices/{outage.office.office_id}/state"

    getattr(outage.proxy, failure)()  # connections reset (cut) or silent (stall)
    try:
        for method, path, body in (
            ("POST", "/api/v1/tickets", {"service_id": outage.office.service_ids[0]}),
            ("GET", state_path, None),
        ):
            began = time.monotonic()
            response = outage.call(method, path, body)
            assert_unavailable(response, time.monotonic() - began)
    finally:
        outage.proxy.restore()

    after = outage.issue_when_back()
    assert after.status_code == 201, after.text
    number = int(before.json()["number"][1:])
    assert after.json()["number"] == f"A{number + 1:03d}"  # the refused call took no number
    assert outage.call("GET", state_path).status_code == 200
    assert "database unavailable" in outage.server.log_text()
