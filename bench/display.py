"""Lobby display latency: N open displays in Chromium, M calls over REST; prints p50/p99/max.

Latency runs from the moment the REST call-next returns to the moment each page has put the
called number into its DOM (the page logs `Date.now()` right after rendering; both clocks are
the same machine's wall clock). An update that beats the HTTP response counts as 0 ms.
Run: .venv/bin/python bench/display.py [--pages 1,5,10] [--calls 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import requests
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
# This script's own folder would shadow the `display` package (the server imports it) with
# this file: take it off the path, and put the repository and the test helpers on.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_support import DemoServer, chromium, demo_server  # noqa: E402

LOBBY = "Màn hình sảnh"
KIOSK = "Kiosk sảnh chính"
COUNTER = 1  # canbo1 works at counter 1 (Đất đai, prefix A)


def bearer(token: str) -> dict[str, str]:
    """Authorization header."""
    return {"Authorization": f"Bearer {token}"}


def issue_tickets(demo: DemoServer, count: int) -> None:
    """Put `count` Đất đai tickets in line from the demo kiosk."""
    kiosk = bearer(demo.device_token(KIOSK))
    services = requests.get(f"{demo.url}/api/v1/offices/1/services", headers=kiosk, timeout=10)
    land = next(s["id"] for s in services.json() if s["prefix"] == "A")
    for _ in range(count):
        response = requests.post(
            f"{demo.url}/api/v1/tickets", json={"service_id": land}, headers=kiosk, timeout=10
        )
        response.raise_for_status()


def clerk_token(demo: DemoServer) -> str:
    """A bearer token for the clerk of the benchmark's counter."""
    response = requests.post(
        f"{demo.url}/api/v1/auth/token",
        json={"username": f"canbo{COUNTER}", "password": "demo"},
        timeout=10,
    )
    return str(response.json()["token"])


def rendered_at(page: Page, ticket_id: int) -> float | None:
    """When the page rendered the call of `ticket_id` (epoch seconds), or None if not yet."""
    calls = page.evaluate("window.xephangDisplay.calls")
    found = [call["rendered_at"] for call in calls if call["ticket_id"] == ticket_id]
    return found[0] / 1000 if found else None


def wait_rendered(pages: list[Page], ticket_id: int, timeout: float = 10.0) -> list[float]:
    """Poll every page until each has rendered the call; their render times."""
    deadline = time.monotonic() + timeout
    times: list[float | None] = [None] * len(pages)
    while any(moment is None for moment in times):
        if time.monotonic() > deadline:
            raise TimeoutError(f"call {ticket_id} not rendered on every page within {timeout} s")
        for index, page in enumerate(pages):
            if times[index] is None:
                times[index] = rendered_at(page, ticket_id)
        time.sleep(0.005)  # a polling interval
    return [moment for moment in times if moment is not None]


def measure(demo: DemoServer, page_count: int, calls: int) -> list[float]:
    """Open `page_count` lobby displays, make `calls` calls; latencies in ms."""
    latencies: list[float] = []
    headers = bearer(clerk_token(demo))
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        pages = []
        for _ in range(page_count):
            page = context.new_page()
            page.goto(f"{demo.url}/display?token={demo.device_token(LOBBY)}")
            page.wait_for_selector(".xd-counter")
            pages.append(page)
        for _ in range(calls):
            response = requests.post(
                f"{demo.url}/api/v1/counters/{COUNTER}/call-next", headers=headers, timeout=10
            )
            returned = time.time()
            response.raise_for_status()
            ticket = response.json()
            for moment in wait_rendered(pages, ticket["id"]):
                latencies.append(max(0.0, moment - returned) * 1000)
            started = requests.post(
                f"{demo.url}/api/v1/tickets/{ticket['id']}/start", headers=headers, timeout=10
            )
            started.raise_for_status()  # the next call-next completes it
        context.close()
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> None:
    """Run the benchmark for each page count and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="1,5,10", help="comma-separated display counts")
    parser.add_argument("--calls", type=int, default=20, help="calls per display count")
    args = parser.parse_args()
    counts = [int(part) for part in args.pages.split(",")]
    print(f"{'displays':>8} {'calls':>6} {'samples':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    with demo_server() as demo:
        issue_tickets(demo, args.calls * len(counts) + 1)
        for count in counts:
            latencies = measure(demo, count, args.calls)
            print(
                f"{count:>8} {args.calls:>6} {len(latencies):>8} "
                f"{statistics.median(latencies):>8.1f} {percentile(latencies, 0.99):>8.1f} "
                f"{max(latencies):>8.1f}"
            )


if __name__ == "__main__":
    main()
