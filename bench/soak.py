"""Soak: a busy office for a long time on the real server; a row per minute, then checks.

20 kiosks issue tickets, 10 clerks (each at their own counter) call, start and complete,
500 Socket.IO screens keep a board from `state` + events. Each minute prints requests,
tickets, HTTP latency, event latency (server timestamp → screen), errors and server RSS.
Afterwards it verifies: every acknowledged ticket exists once with its number, numbers are
contiguous per service, every ticket's events are in order (issue → call → start →
complete), and every screen's board equals GET /offices/<id>/state.
With --servers N (PostgreSQL only), N server processes share the database and Redis, as a
province runs them: kiosks, clerks and screens are spread over them, so every event must
cross processes; CPU % is then their sum and RSS MB the largest process.
Run: .venv/bin/python bench/soak.py [--minutes 10] [--database sqlite|postgres] [--servers 1]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from soak_checks import Acknowledged, check_boards, check_tickets  # noqa: E402
from soak_crowd import Crowd  # noqa: E402
from support_server import empty_database, running_server  # noqa: E402

from server.db import make_engine  # noqa: E402
from server.migrations import upgrade  # noqa: E402
from server.models import Counter, CounterService, Office, Service, WorkingSession  # noqa: E402
from server.services.accounts.credentials import create_device, create_user, issue_user_token  # noqa: E402

PREFIXES = ("A", "B", "C", "D", "E")


@dataclass(frozen=True)
class Seeded:
    """The soak office: ids and bearer tokens."""

    office_id: int
    service_ids: list[int]
    counter_ids: list[int]
    kiosk_tokens: list[str]
    clerk_tokens: list[str]
    display_tokens: list[str]


def seed(url: str, kiosks: int, counters: int, displays: int = 5) -> Seeded:
    """Migrate; an office open around the clock, its services, counters, clerks and devices."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            office = Office(code="soak", name="Trung tâm Phục vụ hành chính công", header_lines=[])
            session.add(office)
            session.flush()
            session.add_all(
                WorkingSession(office_id=office.id, weekday=day, start_minute=0, end_minute=1440)
                for day in range(7)
            )
            services = [
                Service(office_id=office.id, prefix=p, name=f"Dịch vụ {p}") for p in PREFIXES
            ]
            session.add_all(services)
            session.flush()
            counter_rows = []
            for number in range(1, counters + 1):
                counter = Counter(office_id=office.id, number=str(number), name=f"Quầy {number}")
                session.add(counter)
                session.flush()
                counter_rows.append(counter)
                # Every counter serves every service, starting from a different one.
                order = services[number % len(services) :] + services[: number % len(services)]
                session.add_all(
                    CounterService(counter_id=counter.id, service_id=s.id, position=position)
                    for position, s in enumerate(order)
                )
            session.commit()
            clerk_tokens = []
            for number in range(1, counters + 1):
                clerk = create_user(
                    session, f"canbo{number}", "soak-pw-1", "clerk", office.id, f"Cán bộ {number}"
                )
                clerk_tokens.append(issue_user_token(session, clerk, 24)["token"])
            kiosk_tokens = [
                create_device(session, "kiosk", office.id, f"Kiosk {n}")[1] for n in range(kiosks)
            ]
            display_tokens = [
                create_device(session, "display", office.id, f"Màn hình {n}")[1]
                for n in range(displays)
            ]
            return Seeded(
                office.id,
                [s.id for s in services],
                [c.id for c in counter_rows],
                kiosk_tokens,
                clerk_tokens,
                display_tokens,
            )
    finally:
        engine.dispose()


@dataclass
class Tally:
    """What the load threads did, shared between them (appends are atomic under the GIL)."""

    requests: list[tuple[float, str, float, bool]] = field(default_factory=list)  # t, kind, ms, ok
    acknowledged: list[Acknowledged] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def record(self, kind: str, began: float, ok: bool, detail: str = "") -> None:
        """One request's outcome."""
        self.requests.append((began, kind, (time.monotonic() - began) * 1000, ok))
        if not ok:
            self.errors.append(f"{kind}: {detail}")


def send(
    http: requests.Session, tally: Tally, kind: str, url: str, ok: tuple[int, ...]
) -> requests.Response | None:
    """POST, timed and tallied; None when the request itself failed."""
    began = time.monotonic()
    try:
        response = http.post(url, timeout=30)
    except requests.RequestException as error:
        tally.record(kind, began, False, type(error).__name__)
        return None
    tally.record(
        kind, began, response.status_code in ok, f"{response.status_code} {response.text[:200]}"
    )
    return response


def kiosk_loop(
    base: str, token: str, services: list[int], interval: float, tally: Tally, stop: threading.Event
) -> None:
    """Issue a ticket of a random service about every `interval` seconds."""
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    rng = random.Random(token)
    while not stop.is_set():
        began = time.monotonic()
        service_id = rng.choice(services)
        try:
            response = http.post(
                f"{base}/api/v1/tickets", json={"service_id": service_id}, timeout=30
            )
        except requests.RequestException as error:
            tally.record("issue", began, False, type(error).__name__)
            continue
        created = response.status_code == 201
        tally.record("issue", began, created, f"{response.status_code} {response.text[:200]}")
        if created:
            body = response.json()
            tally.acknowledged.append(Acknowledged(body["id"], body["number"], body["service_id"]))
        stop.wait(max(0.0, rng.uniform(0.5, 1.5) * interval - (time.monotonic() - began)))


def counter_loop(
    base: str, token: str, counter_id: int, service_time: float, tally: Tally, stop: threading.Event
) -> None:
    """Call the next citizen, start, complete; rest a little when nobody waits."""
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    rng = random.Random(counter_id)
    while not stop.is_set():
        called = send(
            http, tally, "call", f"{base}/api/v1/counters/{counter_id}/call-next", (200, 204)
        )
        if called is None or called.status_code != 200:
            stop.wait(0.3)
            continue
        ticket = f"{base}/api/v1/tickets/{called.json()['id']}"
        send(http, tally, "start", f"{ticket}/start", (200,))
        time.sleep(rng.uniform(0, service_time))  # serving the citizen; finish even if stopping
        send(http, tally, "complete", f"{ticket}/complete", (200,))


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


HEADER = (
    f"{'min':>3} {'req/s':>7} {'tickets':>7} {'served':>6} {'http p50':>8} {'http p99':>8} "
    f"{'event p50':>9} {'event p99':>9} {'errors':>6} {'CPU %':>6} {'RSS MB':>7}"
)


def minute_row(
    minute: int, tally: Tally, start: float, events: list[float], cpu: float, rss: float
) -> str:
    """One line of the table: the requests that began during this minute."""
    low, high = start + 60 * minute, start + 60 * (minute + 1)
    rows = [r for r in tally.requests if low <= r[0] < high]
    span = max(1e-9, min(high, time.monotonic()) - low)
    issued = sum(1 for r in rows if r[1] == "issue" and r[3])
    served = sum(1 for r in rows if r[1] == "complete" and r[3])
    latencies = [r[2] for r in rows]
    errors = sum(1 for r in rows if not r[3])
    return (
        f"{minute + 1:>3} {len(rows) / span:>7.1f} {issued:>7} {served:>6} "
        f"{percentile(latencies, 0.5):>8.1f} {percentile(latencies, 0.99):>8.1f} "
        f"{percentile(events, 0.5):>9.1f} {percentile(events, 0.99):>9.1f} {errors:>6} "
        f"{cpu:>6.0f} {rss:>7.1f}"
    )


def wait_for_screens(crowd: Crowd, seq: int, timeout: float = 60.0) -> list[dict]:
    """Poll the boards until every screen has seen the server's last seq (or time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        boards = crowd.boards()
        if min(b["seq"] for b in boards) >= seq or time.monotonic() > deadline:
            return boards
        time.sleep(0.5)


def main() -> None:
    """Seed, serve, load, print a row per minute, then verify."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--counters", type=int, default=10)
    parser.add_argument("--clients", type=int, default=500, help="Socket.IO screens")
    parser.add_argument("--processes", type=int, default=4, help="processes holding the screens")
    parser.add_argument(
        "--servers", type=int, default=1, help="server processes (> 1 needs postgres and Redis)"
    )
    parser.add_argument(
        "--issue-interval", type=float, default=10.0, help="s between a kiosk's tickets"
    )
    parser.add_argument(
        "--service-time", type=float, default=0.5, help="max s from start to complete"
    )
    args = parser.parse_args()
    if args.servers > 1 and args.database != "postgres":
        parser.error("--servers above 1 needs --database postgres (and Redis on 127.0.0.1:6379)")
    work = Path(tempfile.mkdtemp(prefix="xephang-soak-"))
    with empty_database(args.database, work) as url:
        seeded = seed(url, args.kiosks, args.counters)
        env = {
            "XEPHANG_DATABASE_URL": url,
            "XEPHANG_SECRET_KEY": "soak",
            "XEPHANG_LOG_REQUESTS": "false",
            "XEPHANG_PUBLIC_URL": "http://xephang.soak",
            "XEPHANG_AUDIO_CACHE_DIR": str(work / "audio"),
        }
        if args.servers > 1:
            env["XEPHANG_MESSAGE_QUEUE"] = "redis://127.0.0.1:6379/0"
            env["XEPHANG_MESSAGE_QUEUE_CHANNEL"] = f"xephang-soak-{secrets.token_hex(4)}"
        with ExitStack() as stack:
            logs = [work / f"server{n}" / "server.log" for n in range(args.servers)]
            for log in logs:
                log.parent.mkdir()
            servers = [stack.enter_context(running_server(env, log_path=log)) for log in logs]
            urls = [server.url for server in servers]
            print(f"servers {', '.join(urls)} ({args.database}), logs in {work}", flush=True)
            crowd = Crowd(urls, seeded.display_tokens, args.clients, args.processes)
            try:
                print(f"{args.clients} screens connected; {args.minutes:g} min of load", flush=True)
                pids = [server.process.pid for server in servers]
                tally, start = run_load(urls, pids, seeded, crowd, args)
                state = settled_state(urls[0], seeded)
                boards = wait_for_screens(crowd, state["seq"])
            finally:
                crowd.close()
            summarise(tally, start, boards)
            problems = check_boards(boards, state)
        problems += check_tickets(url, tally.acknowledged)
    print("\nverification:", "OK" if not problems else f"{len(problems)} problem(s)")
    for problem in problems[:30]:
        print("  -", problem)
    sys.exit(1 if problems else 0)


def run_load(
    bases: list[str], pids: list[int], seeded: Seeded, crowd: Crowd, args: argparse.Namespace
) -> tuple[Tally, float]:
    """Kiosks and counters at work for `args.minutes` (spread over the servers), a row a minute."""
    tally, stop = Tally(), threading.Event()
    kiosks = [
        (
            kiosk_loop,
            (bases[n % len(bases)], token, seeded.service_ids, args.issue_interval, tally, stop),
        )
        for n, token in enumerate(seeded.kiosk_tokens)
    ]
    counters = [
        (counter_loop, (bases[n % len(bases)], token, counter_id, args.service_time, tally, stop))
        for n, (token, counter_id) in enumerate(
            zip(seeded.clerk_tokens, seeded.counter_ids, strict=True)
        )
    ]
    threads = [threading.Thread(target=t, args=a, daemon=True) for t, a in kiosks + counters]
    start, wall_start = time.monotonic(), time.time()
    for thread in threads:
        thread.start()
    print(HEADER, flush=True)
    total, minute = args.minutes * 60, 0
    cpu_before, clock_before = sum(map(cpu_seconds, pids)), time.monotonic()
    while minute * 60 < total:
        stop.wait(max(0.0, min(60 * (minute + 1), total) - (time.monotonic() - start)))
        events = crowd.latencies(wall_start + 60 * minute, wall_start + 60 * (minute + 1))
        cpu_now, clock_now = sum(map(cpu_seconds, pids)), time.monotonic()
        cpu = 100 * (cpu_now - cpu_before) / (clock_now - clock_before)
        cpu_before, clock_before = cpu_now, clock_now
        print(minute_row(minute, tally, start, events, cpu, max(map(rss_mb, pids))), flush=True)
        minute += 1
    stop.set()
    for thread in threads:
        thread.join(120)  # a clerk finishes the citizen at the counter first
    return tally, start


def settled_state(base: str, seeded: Seeded, timeout: float = 120.0) -> dict:
    """The office's state once its seq stops moving (the last events have been sent)."""
    headers = {"Authorization": f"Bearer {seeded.display_tokens[0]}"}
    url = f"{base}/api/v1/offices/{seeded.office_id}/state"
    deadline = time.monotonic() + timeout
    previous = requests.get(url, headers=headers, timeout=timeout).json()
    while time.monotonic() < deadline:
        time.sleep(2)
        state = requests.get(url, headers=headers, timeout=timeout).json()
        if state["seq"] == previous["seq"]:
            return state
        previous = state
    return previous


def summarise(tally: Tally, start: float, boards: list[dict]) -> None:
    """Totals of the whole run."""
    seconds = time.monotonic() - start
    issued = len(tally.acknowledged)
    ok = [r for r in tally.requests if r[3]]
    print(
        f"\ntotal: {len(tally.requests)} requests ({len(tally.requests) / seconds:.1f}/s), "
        f"{issued} tickets acknowledged, {len(tally.requests) - len(ok)} errors; "
        f"http p50 {percentile([r[2] for r in ok], 0.5):.1f} ms, "
        f"p99 {percentile([r[2] for r in ok], 0.99):.1f} ms"
    )
    names = ("gaps", "syncs", "disconnects", "reconnects")
    totals = {name: sum(b[name] for b in boards) for name in names}
    print(
        f"screens: {len(boards)}, seq gaps {totals['gaps']}, syncs {totals['syncs']}, "
        f"disconnects {totals['disconnects']}, reconnects {totals['reconnects']}"
    )
    for error in sorted(set(tally.errors))[:10]:
        print("  error:", error)


if __name__ == "__main__":
    main()
