"""Ticket issuing throughput: N keep-alive HTTP clients against the real server; prints a table.

Each run gets a fresh database (a SQLite file, or a new PostgreSQL database dropped after)
and its own `xephang run` process in eventlet mode. The `printed` runs give the kiosk a
network printer (the fake raw-TCP printer of the tests, in this process): the server renders
every ticket and prints it there; `printed s` is when the last job reached the printer, and a
run whose printer did not get every ticket counts the missing ones as errors. Run:
.venv/bin/python bench/issue_tickets.py [--backends sqlite,postgres] [--clients 1,10,50]
    [--printing unprinted,printed] [--printer-profile TM-T20II]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from printer_support import FakePrinter, fake_printer  # noqa: E402
from support_server import (  # noqa: E402
    SeededOffice,
    empty_database,
    running_server,
    seed_office,
)

from server.db import make_engine  # noqa: E402
from server.printing.allowed_networks import AllowedNetworks  # noqa: E402
from server.services.printing.print_jobs import set_kiosk_printer  # noqa: E402

WARM_UP_TICKETS = 5


@dataclass(frozen=True)
class Run:
    """The outcome of one backend × clients run."""

    backend: str
    printing: str
    clients: int
    tickets: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    printed_seconds: float | None  # start to the last job on the printer
    load: float  # one-minute load average at the end of the run

    def row(self) -> str:
        """One line of the table."""
        ordered = sorted(self.latencies_ms) or [float("nan")]
        p50 = statistics.median(ordered)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        rate = self.tickets / self.seconds if self.seconds else float("nan")
        printed = "-" if self.printed_seconds is None else f"{self.printed_seconds:.2f}"
        return (
            f"{self.backend:<9} {self.printing:<9} {self.clients:>7} {self.tickets:>8} "
            f"{self.seconds:>8.2f} {rate:>10.1f} {p50:>7.1f} {p99:>7.1f} {self.errors:>7} "
            f"{printed:>9} {self.load:>5.2f}"
        )


HEADER = (
    f"{'backend':<9} {'printing':<9} {'clients':>7} {'tickets':>8} {'seconds':>8} "
    f"{'tickets/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'errors':>7} {'printed s':>9} {'load':>5}"
)


def client_loop(
    base_url: str,
    seeded: SeededOffice,
    client: int,
    count: int,
    start: threading.Barrier,
    latencies: list[float],
    errors: list[str],
) -> None:
    """One kiosk on a keep-alive connection: issue `count` tickets, alternating services."""
    services = seeded.service_ids
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {seeded.kiosk_token}"
        start.wait()
        for turn in range(count):
            service_id = services[(client + turn) % len(services)]
            began = time.perf_counter()
            try:
                response = http.post(
                    f"{base_url}/api/v1/tickets", json={"service_id": service_id}, timeout=60
                )
            except requests.RequestException as error:
                errors.append(type(error).__name__)
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            if response.status_code != 201:
                errors.append(str(response.status_code))


def give_printer(
    database_url: str, kiosk_id: int, printer: FakePrinter, profile: str | None
) -> None:
    """Make the server print the kiosk's tickets on the fake network printer."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            # The fake printer listens on loopback, which servers refuse by default.
            loopback = AllowedNetworks.parse("127.0.0.0/8")
            set_kiosk_printer(
                session, kiosk_id, printer.url, 576, profile, printer_networks=loopback
            )
    finally:
        engine.dispose()


def measure(
    backend: str,
    printing: str,
    clients: int,
    per_client: int,
    work: Path,
    profile: str | None = None,
) -> Run:
    """Serve a fresh database and let `clients` kiosks issue `per_client` tickets each."""
    printer: FakePrinter | None = None
    with contextlib.ExitStack() as stack, empty_database(backend, work) as url:
        seeded = seed_office(url)
        if printing == "printed":
            printer = stack.enter_context(fake_printer())
            give_printer(url, seeded.kiosk_id, printer, profile)
        env = {
            "XEPHANG_DATABASE_URL": url,
            "XEPHANG_SECRET_KEY": "bench-secret",
            "XEPHANG_ASYNC_MODE": "eventlet",
            "XEPHANG_PUBLIC_URL": "http://xephang.bench",
            "XEPHANG_AUDIO_CACHE_DIR": str(work / "audio"),
        }
        with running_server(env, log_path=work / f"server-{backend}-{clients}.log") as server:
            with requests.Session() as http:  # warm the server's pools and caches
                http.headers["Authorization"] = f"Bearer {seeded.kiosk_token}"
                for _ in range(WARM_UP_TICKETS):
                    http.post(
                        f"{server.url}/api/v1/tickets", json={"service_id": seeded.service_ids[0]}
                    )
            start = threading.Barrier(clients + 1)
            latencies: list[float] = []
            errors: list[str] = []
            threads = [
                threading.Thread(
                    target=client_loop,
                    args=(server.url, seeded, client, per_client, start, latencies, errors),
                )
                for client in range(clients)
            ]
            for thread in threads:
                thread.start()
            start.wait()
            began = time.perf_counter()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - began
            printed_seconds = None
            if printer is not None:
                expected = WARM_UP_TICKETS + clients * per_client
                try:
                    printer.wait_for_jobs(expected, timeout=120)
                except TimeoutError:
                    errors += ["not printed"] * (expected - len(printer.jobs))
                printed_seconds = time.perf_counter() - began
            server.stop()
    tickets = clients * per_client
    load = os.getloadavg()[0]
    return Run(
        backend, printing, clients, tickets, seconds, latencies, len(errors), printed_seconds, load
    )


def main() -> None:
    """Run every backend × clients combination and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets-per-client", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated")
    parser.add_argument("--clients", default="1,10,50", help="comma-separated client counts")
    parser.add_argument("--printing", default="unprinted,printed", help="comma-separated")
    parser.add_argument(
        "--printer-profile", help="python-escpos profile of the printer, e.g. TM-T20II (GS ( k QR)"
    )
    options = parser.parse_args()
    backends = [name.strip() for name in options.backends.split(",") if name.strip()]
    unknown = set(backends) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")
    printings = [name.strip() for name in options.printing.split(",") if name.strip()]
    if set(printings) - {"unprinted", "printed"}:
        parser.error("--printing takes unprinted and/or printed")
    client_counts = [int(count) for count in options.clients.split(",")]
    print(HEADER, flush=True)
    for backend in backends:
        for printing in printings:
            for clients in client_counts:
                per_client = options.tickets_per_client
                with tempfile.TemporaryDirectory(prefix="xephang-bench-") as work:
                    run = measure(
                        backend, printing, clients, per_client, Path(work), options.printer_profile
                    )
                print(run.row(), flush=True)


if __name__ == "__main__":
    main()
