"""Connections: N idle sockets plus N Socket.IO screens on one real `xephang run` process.

The screens connect first, then the idle sockets, which send nothing and open again as soon
as the server closes them (as a hostile script would), so about N of them are held at any
moment. With everything held, the bench times `/healthz` (a fresh connection each time,
like a monitor), then M calls from the REST call returning to each screen's `ticket_called`
(bench/realtime.py's crowd), and reads the server's RSS.
Run: .venv/bin/python bench/connections.py [--sizes 1000,3000,5000]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

import requests

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "tests"), str(BENCH.parent / "tests" / "realtime")]

from realtime import Crowd, percentile, rss_mb, server_with_a_called_ticket  # noqa: E402

IDLE_SOURCES = 64  # loopback source addresses the idle sockets are spread over


def use_all_open_files() -> None:
    """Raise this process's soft open-file limit to its hard limit."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def idle_worker(host: str, port: int, size: int, pipe: Connection) -> None:
    """A process keeping `size` silent connections open, reopening each one the server closes."""
    use_all_open_files()
    asyncio.run(_hold_idle(host, port, size, pipe))


async def _hold_idle(host: str, port: int, size: int, pipe: Connection) -> None:
    """Hold the sockets; answer "count" with (open now, reopened so far) until "stop"."""
    held = 0
    reopened = 0

    async def hold(index: int) -> None:
        nonlocal held, reopened
        # The server closes each idler every few seconds and keeps the closed pair in TIME_WAIT
        # for a minute: from one source address, thousands of idlers would use up the ephemeral
        # ports and the screens could no longer connect. Idlers come from other loopback
        # addresses (127.0.0.2 …), as an attacker comes from other machines than the screens.
        source = (f"127.0.0.{2 + index % IDLE_SOURCES}", 0) if host == "127.0.0.1" else None
        while True:
            try:
                reader, writer = await asyncio.open_connection(host, port, local_addr=source)
            except OSError:
                await asyncio.sleep(0.5)
                continue
            held += 1
            try:
                await reader.read()  # returns at EOF: the server closed us
            except OSError:
                pass
            finally:
                held -= 1
                writer.close()
            reopened += 1

    tasks = [asyncio.create_task(hold(index)) for index in range(size)]
    deadline = time.monotonic() + 60
    while held < size and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    pipe.send(("ready", held))
    loop = asyncio.get_running_loop()
    while await loop.run_in_executor(None, pipe.recv) == "count":
        pipe.send((held, reopened))
    for task in tasks:
        task.cancel()


class IdleHolders:
    """N idle sockets spread over worker processes."""

    def __init__(self, url: str, size: int, processes: int) -> None:
        host, port = url.removeprefix("http://").split(":")
        context = multiprocessing.get_context("spawn")
        shares = [size // processes + (1 if i < size % processes else 0) for i in range(processes)]
        self.pipes: list[Connection] = []
        self.workers = []
        for share in (s for s in shares if s):
            parent, child = context.Pipe()
            worker = context.Process(
                target=idle_worker, args=(host, int(port), share, child), daemon=True
            )
            worker.start()
            self.pipes.append(parent)
            self.workers.append(worker)
        for pipe in self.pipes:
            pipe.recv()  # ("ready", held)

    def count(self) -> tuple[int, int]:
        """Sockets held now, and how many the server closed so far."""
        held = reopened = 0
        for pipe in self.pipes:
            pipe.send("count")
        for pipe in self.pipes:
            now, again = pipe.recv()
            held, reopened = held + now, reopened + again
        return held, reopened

    def close(self) -> None:
        """Close every socket and end the workers."""
        for pipe in self.pipes:
            pipe.send("stop")
        for worker in self.workers:
            worker.join(30)


def healthz_times(url: str, samples: int) -> tuple[list[float], int]:
    """Milliseconds per `/healthz` on a fresh connection each time, and how many failed."""
    times: list[float] = []
    failed = 0
    for _ in range(samples):
        started = time.perf_counter()
        try:
            ok = requests.get(f"{url}/healthz", timeout=10).status_code == 200
        except requests.RequestException:
            ok = False
        times.append((time.perf_counter() - started) * 1000)
        failed += not ok
        time.sleep(0.02)  # a monitor's pace, not a flood
    return times, failed


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,3000,5000", help="N: idle sockets and screens")
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--health", type=int, default=200, help="/healthz samples")
    parser.add_argument("--processes", type=int, default=4, help="client processes of each kind")
    args = parser.parse_args()
    use_all_open_files()
    rows = []
    with server_with_a_called_ticket("xephang-bench-conn-") as called:
        server = called.server
        for size in [int(n) for n in args.sizes.split(",")]:
            # Screens first, as in an office where the attack starts while they are connected.
            crowd = Crowd(server.url, called.display_token, size, args.processes)
            idle = IdleHolders(server.url, size, args.processes)
            health, health_failed = healthz_times(server.url, args.health)
            latencies: list[float] = []
            last_screen: list[float] = []
            missing = 0
            for _ in range(args.calls):
                call, missed = called.recall(crowd, size)
                missing += missed
                latencies.extend(call)
                last_screen.append(max(call, default=float("nan")))
            held, reopened = idle.count()
            rss = rss_mb(server.process.pid)
            crowd.close()
            idle.close()
            rows.append(
                (
                    size,
                    held,
                    reopened,
                    percentile(health, 0.5),
                    percentile(health, 0.99),
                    health_failed,
                    percentile(latencies, 0.5),
                    percentile(latencies, 0.99),
                    max(last_screen),
                    missing,
                    rss,
                    os.getloadavg()[0],
                )
            )
    headers = (
        "N",
        "idle held",
        "idle closed",
        "healthz p50",
        "healthz p99",
        "failed",
        "screens p50",
        "screens p99",
        "last max",
        "missed",
        "RSS MB",
        "load 1m",
    )
    print("times in ms; 'screens': call returned → ticket_called at each screen")
    print(" ".join(f"{header:>11}" for header in headers))
    for row in rows:
        n, held, reopened, h50, h99, failed, s50, s99, last, missing, rss, load = row
        print(
            f"{n:>11} {held:>11} {reopened:>11} {h50:>11.1f} {h99:>11.1f} {failed:>11} "
            f"{s50:>11.1f} {s99:>11.1f} {last:>11.1f} {missing:>11} {rss:>11.1f} {load:>11.2f}"
        )


if __name__ == "__main__":
    main()
