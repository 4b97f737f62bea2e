"""Realtime latency: N Socket.IO clients on the real server, M calls; prints p50/p99/max and RSS.

Latency is measured from the moment the REST call (a recall, which is announced like a call)
returns to the moment each client receives `ticket_called`; an event that beats the HTTP
response counts as 0 ms. Run: .venv/bin/python bench/realtime.py [--clients 10,100,500,1000]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "realtime")]

from realtime_support import add_staff  # noqa: E402
from support_server import ServerProcess, running_server, seed_office  # noqa: E402


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def crowd_worker(url: str, token: str, size: int, pipe: Connection) -> None:
    """A process holding `size` asyncio clients; reports arrival times per recall to the parent."""
    asyncio.run(_crowd(url, token, size, pipe))


async def _crowd(url: str, token: str, size: int, pipe: Connection) -> None:
    """Connect the clients, then forward arrivals until told to stop."""
    arrivals: dict[int, list[float]] = {}
    states = 0
    ready = asyncio.Event()
    clients = []

    async def connect_one() -> None:
        client = socketio.AsyncClient(reconnection=False)

        @client.on("ticket_called")
        async def _called(payload: dict) -> None:  # type: ignore[type-arg]
            recall = payload["ticket"]["recall_count"]
            arrivals.setdefault(recall, []).append(time.perf_counter())
            if len(arrivals[recall]) == size:
                pipe.send(("arrived", recall, arrivals.pop(recall)))

        @client.on("state")
        async def _state(_payload: dict) -> None:  # type: ignore[type-arg]
            nonlocal states
            states += 1
            if states == size:
                ready.set()

        await client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=60)
        clients.append(client)

    for start in range(0, size, 50):
        await asyncio.gather(*(connect_one() for _ in range(start, min(start + 50, size))))
    await asyncio.wait_for(ready.wait(), 120)
    pipe.send(("ready",))
    await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # wait for "stop"
    await asyncio.gather(*(client.disconnect() for client in clients))


class Crowd:
    """N Socket.IO clients spread over worker processes (perf_counter is system-wide on Linux)."""

    def __init__(self, url: str, token: str, size: int, processes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.size = size
        shares = [size // processes + (1 if i < size % processes else 0) for i in range(processes)]
        self.pipes: list[Connection] = []
        self.workers = []
        for share in (s for s in shares if s):
            parent, child = context.Pipe()
            worker = context.Process(
                target=crowd_worker, args=(url, token, share, child), daemon=True
            )
            worker.start()
            self.pipes.append(parent)
            self.workers.append(worker)
        for pipe in self.pipes:
            if pipe.recv() != ("ready",):
                raise RuntimeError("a crowd worker failed to connect")

    def arrivals(self, recall_count: int, timeout: float = 15.0) -> list[float]:
        """Arrival times of this call at every client (fewer if some never got it)."""
        times: list[float] = []
        deadline = time.monotonic() + timeout
        for pipe in self.pipes:
            if pipe.poll(max(0.0, deadline - time.monotonic())):
                message = pipe.recv()
                if message[0] == "arrived" and message[1] == recall_count:
                    times.extend(message[2])
        return times

    def close(self) -> None:
        """Disconnect everybody and end the workers."""
        for pipe in self.pipes:
            pipe.send("stop")
        for worker in self.workers:
            worker.join(30)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class CalledTicket:
    """A real server with one called ticket whose recalls every screen receives."""

    server: ServerProcess
    display_token: str
    http: requests.Session
    recall_url: str
    clerk: dict[str, str]
    recalls: int = 0

    def recall(self, crowd: Crowd, size: int) -> tuple[list[float], int]:
        """Recall once: each screen's delay in ms after the answer, and how many missed it."""
        response = self.http.post(self.recall_url, headers=self.clerk, timeout=30)
        returned = time.perf_counter()
        response.raise_for_status()
        self.recalls += 1
        arrivals = crowd.arrivals(self.recalls)
        return [max(0.0, (t - returned) * 1000) for t in arrivals], size - len(arrivals)


@contextmanager
def server_with_a_called_ticket(prefix: str) -> Iterator[CalledTicket]:
    """Start `xephang run` on a fresh SQLite office, issue one ticket and call it."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    office = seed_office(url)
    staff = add_staff(url, office.office_id)
    env = {
        "XEPHANG_DATABASE_URL": url,
        "XEPHANG_SECRET_KEY": "bench",
        "XEPHANG_LOG_REQUESTS": "false",
        "XEPHANG_AUDIO_CACHE_DIR": str(work / "audio"),
    }
    clerk = {"Authorization": f"Bearer {staff.clerk_token}"}
    with running_server(env, log_path=work / "server.log") as server:
        http = requests.Session()
        http.post(
            f"{server.url}/api/v1/tickets",
            json={"service_id": office.service_ids[0]},
            headers={"Authorization": f"Bearer {office.kiosk_token}"},
            timeout=10,
        ).raise_for_status()
        ticket = http.post(
            f"{server.url}/api/v1/counters/{office.counter_id}/call-next", headers=clerk, timeout=10
        ).json()
        recall_url = f"{server.url}/api/v1/tickets/{ticket['id']}/recall"
        yield CalledTicket(server, staff.display_token, http, recall_url, clerk)


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", default="10,100,500,1000")
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    args = parser.parse_args()
    rows = []
    with server_with_a_called_ticket("xephang-bench-rt-") as called:
        for size in [int(n) for n in args.clients.split(",")]:
            crowd = Crowd(called.server.url, called.display_token, size, args.processes)
            latencies: list[float] = []
            missing = 0
            for _ in range(args.calls):
                delays, missed = called.recall(crowd, size)
                latencies.extend(delays)
                missing += missed
            rss = rss_mb(called.server.process.pid)
            crowd.close()
            rows.append(
                (
                    size,
                    args.calls,
                    percentile(latencies, 0.5),
                    percentile(latencies, 0.99),
                    max(latencies),
                    statistics.mean(latencies),
                    missing,
                    rss,
                )
            )
    headers = ("clients", "calls", "p50 ms", "p99 ms", "max ms", "mean ms", "missed", "RSS MB")
    print(" ".join(f"{header:>8}" for header in headers))
    for size, calls, p50, p99, worst, mean, missing, rss in rows:
        figures = f"{p50:>8.1f} {p99:>8.1f} {worst:>8.1f} {mean:>8.1f}"
        print(f"{size:>8} {calls:>8} {figures} {missing:>8} {rss:>8.1f}")


if __name__ == "__main__":
    main()
