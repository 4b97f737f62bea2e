"""The production server (`xephang run`) issues contiguous numbers over HTTP and stops cleanly."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from support_server import SeededOffice, running_server, seed_office

CLIENTS = 20
TICKETS_PER_CLIENT = 10
STOP_TIMEOUT = 5.0
REQUEST_LINE = re.compile(r"(GET|POST|PUT|PATCH|DELETE) /\S* HTTP/1\.[01]")


def issue_over_http(base_url: str, seeded: SeededOffice, client: int) -> list[tuple[int, str]]:
    """One kiosk client on a keep-alive connection; returns (status, number) per request."""
    services = seeded.service_ids
    results = []
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {seeded.kiosk_token}"
        for turn in range(TICKETS_PER_CLIENT):
            service_id = services[(client + turn) % len(services)]
            response = http.post(
                f"{base_url}/api/v1/tickets", json={"service_id": service_id}, timeout=30
            )
            number = response.json().get("number", "") if response.status_code == 201 else ""
            results.append((response.status_code, number))
    return results


@pytest.mark.server
@pytest.mark.parametrize("async_mode", ["eventlet", "threading"])
def test_production_server_issues_contiguous_numbers_and_stops_on_sigterm(
    async_mode: str, database_url: str, tmp_path: Path
) -> None:
    """20 clients × 10 tickets: all 201, numbers 1..N per service, one log line per request."""
    seeded = seed_office(database_url)
    env = {
        "XEPHANG_DATABASE_URL": database_url,
        "XEPHANG_SECRET_KEY": "production-test-secret",
        "XEPHANG_ASYNC_MODE": async_mode,
        "XEPHANG_PUBLIC_URL": "http://xephang.test",
        "XEPHANG_AUDIO_CACHE_DIR": str(tmp_path / "audio"),
    }
    with running_server(env, log_path=tmp_path / "server.log") as server:
        with ThreadPoolExecutor(CLIENTS) as pool:
            batches = list(
                pool.map(lambda client: issue_over_http(server.url, seeded, client), range(CLIENTS))
            )
        exit_code = server.stop(STOP_TIMEOUT)
        log = server.log_text()

    results = [result for batch in batches for result in batch]
    assert [status for status, _ in results] == [201] * CLIENTS * TICKETS_PER_CLIENT
    numbers = [number for _, number in results]
    per_service = CLIENTS * TICKETS_PER_CLIENT // len(seeded.service_ids)
    for prefix in ("A", "B"):
        issued = sorted(number for number in numbers if number.startswith(prefix))
        assert issued == [f"{prefix}{sequence:03d}" for sequence in range(1, per_service + 1)]
    assert exit_code == 0, log
    request_lines = [line for line in log.splitlines() if REQUEST_LINE.search(line)]
    ticket_lines = [line for line in request_lines if "POST /api/v1/tickets " in line]
    assert len(ticket_lines) == len(results)
    assert len(request_lines) == len(results) + 1  # and the one health check that answered
