"""Report speed on a year of a province: generates the history, times summary and export.

A province of offices (a provincial centre, districts and their communes) gets a year of
tickets (1,000,000 by default) with waits, services, no-shows, transfers and ratings, bulk
inserted (Core executemany on SQLite, COPY on PostgreSQL). Then, through the API as the
province's admin: the roll-ups of the year are built once (as the first large report or a
nightly job would), and the summary and the exports are timed. Run:

.venv/bin/python bench/reports.py [--backends sqlite,postgres] [--tickets 1000000]

Aims: a month of one office ≤ 500 ms, a year of the province ≤ 2 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The script's own folder would shadow the `display` package with bench/display.py.
sys.path[0] = str(ROOT / "tests")

from sqlalchemy import Engine, Table, insert, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from support_server import fresh_postgres_database  # noqa: E402

from server.app import create_app  # noqa: E402
from server.db import database, make_engine  # noqa: E402
from server.migrations import upgrade  # noqa: E402
from server.models import (  # noqa: E402
    Counter,
    CounterService,
    Office,
    Rating,
    Role,
    Service,
    Ticket,
    TicketEvent,
    User,
    WorkingSession,
)
from server.services.accounts.credentials import hash_password, issue_user_token  # noqa: E402
from server.services.reports.rollups import ensure_rollups  # noqa: E402

UTC_OFFSET = timedelta(hours=7)  # Asia/Ho_Chi_Minh
SESSIONS = ((450, 690), (810, 1020))  # 07:30–11:30, 13:30–17:00
DISTRICT_SERVICES = (
    ("A", "Đất đai", 18, 12),
    ("B", "Tư pháp – Hộ tịch", 10, 6),
    ("C", "Chứng thực", 6, 4),
    ("E", "Lao động – Thương binh và Xã hội", 12, 8),
    ("G", "Đăng ký kinh doanh", 15, 10),
    ("H", "Xây dựng", 20, 14),
    ("T", "Trả kết quả", 5, 3),
    ("V", "Điện lực", 8, 7),
)  # prefix, name, mean wait (minutes), mean service (minutes)
COMMUNE_SERVICES = DISTRICT_SERVICES[:3] + DISTRICT_SERVICES[6:7]
BATCH = 50_000


@dataclass
class OfficePlan:
    """An office of the generated province: its services, counters and clerks."""

    office_id: int
    weight: float
    services: list[tuple[int, str, float, float]]  # id, prefix, mean wait s, mean service s
    counters_by_service: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


@dataclass
class Province:
    """What was generated."""

    root_id: int
    busiest_office_id: int
    offices: int
    tickets: int
    admin_id: int


def build_province(
    engine: Engine, districts: int, communes: int
) -> tuple[Province, list[OfficePlan]]:
    """Offices, services, counters (one clerk each) and a provincial admin."""
    plans: list[OfficePlan] = []
    with Session(engine, expire_on_commit=False) as session:
        root = Office(code="tinh", name="Trung tâm Phục vụ hành chính công tỉnh", header_lines=[])
        session.add(root)
        session.flush()
        admin = User(
            username="admin-tinh",
            password_hash=hash_password("bench-password"),
            full_name="Quản trị tỉnh",
            role=Role.ADMIN,
            office_id=root.id,
        )
        session.add(admin)
        offices: list[tuple[Office, bool]] = []
        for d in range(1, districts + 1):
            district = Office(
                code=f"huyen-{d}", name=f"Bộ phận Một cửa huyện {d}", parent_id=root.id
            )
            session.add(district)
            session.flush()
            offices.append((district, True))
            for c in range(1, communes + 1):
                commune = Office(
                    code=f"xa-{d}-{c}", name=f"Xã {c} huyện {d}", parent_id=district.id
                )
                session.add(commune)
                offices.append((commune, False))
        session.flush()
        for office, is_district in offices:
            for weekday in range(6):
                for start, end in SESSIONS if weekday < 5 else SESSIONS[:1]:
                    session.add(
                        WorkingSession(
                            office_id=office.id, weekday=weekday, start_minute=start, end_minute=end
                        )
                    )
            specs = DISTRICT_SERVICES if is_district else COMMUNE_SERVICES
            services = [
                Service(office_id=office.id, prefix=prefix, name=name, target_wait_minutes=20)
                for prefix, name, _, _ in specs
            ]
            session.add_all(services)
            session.flush()
            plan = OfficePlan(
                office.id,
                8.0 if is_district else 1.0,
                [
                    (service.id, service.prefix, wait * 60.0, serve * 60.0)
                    for service, (_, _, wait, serve) in zip(services, specs, strict=True)
                ],
            )
            for number in range(1, (7 if is_district else 3) + 1):
                clerk = User(
                    username=f"cb-{office.code}-{number}",
                    password_hash="x",
                    full_name=f"Cán bộ {number} {office.name}",
                    role=Role.CLERK,
                    office_id=office.id,
                )
                counter = Counter(office_id=office.id, number=str(number), name=f"Quầy {number}")
                session.add_all([clerk, counter])
                session.flush()
                served = services[number - 1 :: 7 if is_district else 3] or services[:1]
                if number == 1:
                    served = services
                for position, service in enumerate(served):
                    session.add(
                        CounterService(
                            counter_id=counter.id, service_id=service.id, position=position
                        )
                    )
                    plan.counters_by_service.setdefault(service.id, []).append(
                        (counter.id, clerk.id)
                    )
            plans.append(plan)
        session.commit()
        busiest = next(office.id for office, is_district in offices if is_district)
        return Province(root.id, busiest, len(offices) + 1, 0, admin.id), plans


def working_days(year: int) -> list[date]:
    """Monday to Saturday of a year."""
    day, days = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 6:
            days.append(day)
        day += timedelta(days=1)
    return days


def generate(
    plans: list[OfficePlan], year: int, total: int, rng: random.Random
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]]:
    """Tickets with their rating and transfer event (or None), day by day."""
    days = working_days(year)
    per_weight = total / (sum(plan.weight for plan in plans) * len(days))
    ticket_id = 0
    remaining = total
    for day in days:
        minutes = [
            m
            for start, end in (SESSIONS if day.weekday() < 5 else SESSIONS[:1])
            for m in range(start, end)
        ]
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC) - UTC_OFFSET
        for plan in plans:
            count = min(remaining, max(0, round(rng.gauss(plan.weight * per_weight, 2))))
            remaining -= count
            sequence: dict[int, int] = {}
            for issued_minute in sorted(rng.choice(minutes) for _ in range(count)):
                ticket_id += 1
                service_id, prefix, mean_wait, mean_service = rng.choice(plan.services)
                sequence[service_id] = sequence.get(service_id, 0) + 1
                issued = midnight + timedelta(minutes=issued_minute, seconds=rng.random() * 60)
                roll = rng.random()
                status = "done" if roll < 0.88 else "no_show" if roll < 0.94 else "cancelled"
                counter_id, clerk_id = rng.choice(plan.counters_by_service[service_id])
                called = started = finished = None
                if status != "cancelled":
                    called = issued + timedelta(seconds=min(rng.expovariate(1 / mean_wait), 10800))
                if status == "done":
                    assert called is not None
                    started = called + timedelta(seconds=20 + rng.random() * 40)
                    finished = started + timedelta(
                        seconds=max(60.0, rng.gauss(mean_service, mean_service / 3))
                    )
                ticket = {
                    "id": ticket_id,
                    "office_id": plan.office_id,
                    "service_id": service_id,
                    "business_date": day,
                    "sequence": sequence[service_id],
                    "number": f"{prefix}{sequence[service_id]:03d}",
                    "priority": "elderly" if rng.random() < 0.05 else None,
                    "channel": "kiosk",
                    "status": status,
                    "issued_at": issued,
                    "queued_at": issued,
                    "front_of_line": False,
                    "called_at": called,
                    "started_at": started,
                    "finished_at": finished,
                    "counter_id": counter_id if called else None,
                    "target_counter_id": None,
                    "clerk_id": clerk_id if called else None,
                    "recall_count": 0,
                    "transferred_from_service_id": None,
                    "public_token": f"bench{ticket_id:x}",
                }
                rating = None
                if status == "done" and rng.random() < 0.3:
                    level = rng.choices(
                        ("very_satisfied", "satisfied", "dissatisfied"), (60, 32, 8)
                    )[0]
                    rating = {
                        "ticket_id": ticket_id,
                        "office_id": plan.office_id,
                        "service_id": service_id,
                        "counter_id": counter_id,
                        "clerk_id": clerk_id,
                        "level": level,
                        "reasons": ["waiting_time"] if level == "dissatisfied" else [],
                        "comment": "",
                        "channel": "tablet",
                        "created_at": finished,
                    }
                transfer = None
                if called is not None and rng.random() < 0.02 and len(plan.services) > 1:
                    source = next(s for s in plan.services if s[0] != service_id)
                    ticket["transferred_from_service_id"] = source[0]
                    transfer = {
                        "ticket_id": ticket_id,
                        "office_id": plan.office_id,
                        "action": "transfer",
                        "from_status": "waiting",
                        "to_status": "waiting",
                        "service_id": service_id,
                        "counter_id": None,
                        "actor_user_id": clerk_id,
                        "actor_device_id": None,
                        "at": issued + (called - issued) / 2,
                        "data": {"from_service_id": source[0], "from_counter_id": None},
                    }
                yield ticket, rating, transfer


def insert_sqlite(engine: Engine, rows: Iterator[tuple[dict, dict | None, dict | None]]) -> int:
    """Core executemany in batches."""
    count = 0
    for tickets, ratings, events in batches(rows):
        with engine.begin() as connection:
            connection.execute(insert(Ticket.__table__), tickets)
            if ratings:
                connection.execute(insert(Rating.__table__), ratings)
            if events:
                connection.execute(insert(TicketEvent.__table__), events)
        count += len(tickets)
    return count


def insert_postgres(engine: Engine, rows: Iterator[tuple[dict, dict | None, dict | None]]) -> int:
    """COPY in batches."""
    count = 0
    for tickets, ratings, events in batches(rows):
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            copy(cursor, Ticket.__table__, tickets)
            copy(cursor, Rating.__table__, ratings)
            copy(cursor, TicketEvent.__table__, events)
            raw.commit()
        finally:
            raw.close()
        count += len(tickets)
    # What a DBA does after a bulk load: planner statistics and the visibility map, so that
    # autovacuum does not start in the middle of the timings.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    return count


def copy(cursor: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY rows into a table as CSV (datetimes in UTC, JSON columns as JSON)."""
    if not rows:
        return
    columns = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(csv_value(row[name]) for name in columns)
    buffer.seek(0)
    cursor.copy_expert(
        f"COPY {table.name} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
        buffer,
    )


def csv_value(value: Any) -> Any:
    """A value as PostgreSQL's CSV COPY reads it."""
    if value is None:
        return "\\N"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def batches(
    rows: Iterator[tuple[dict, dict | None, dict | None]],
) -> Iterator[tuple[list[dict], list[dict], list[dict]]]:
    """Group generated rows into insert batches."""
    tickets: list[dict] = []
    ratings: list[dict] = []
    events: list[dict] = []
    for ticket, rating, event in rows:
        tickets.append(ticket)
        if rating:
            ratings.append(rating)
        if event:
            events.append(event)
        if len(tickets) >= BATCH:
            yield tickets, ratings, events
            tickets, ratings, events = [], [], []
    if tickets:
        yield tickets, ratings, events


@dataclass
class Timing:
    """One timed request."""

    backend: str
    what: str
    scope: str
    milliseconds: list[float]
    aim_ms: float | None
    size: str = ""

    def row(self) -> str:
        """A line of the table."""
        median = statistics.median(self.milliseconds)
        worst = max(self.milliseconds)
        verdict = "" if self.aim_ms is None else ("ok" if worst <= self.aim_ms else "SLOW")
        aim = "" if self.aim_ms is None else f"{self.aim_ms:.0f}"
        return (
            f"{self.backend:<10} {self.what:<22} {self.scope:<22} {median:>9.0f} {worst:>9.0f} "
            f"{aim:>6} {verdict:>5} {self.size:>10}"
        )


HEADER = (
    f"{'backend':<10} {'what':<22} {'scope':<22} {'median ms':>9} {'worst ms':>9} "
    f"{'aim':>6} {'':>5} {'size':>10}"
)


def timed(call: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """Milliseconds of each call, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def run_backend(backend: str, url: str, args: argparse.Namespace) -> list[Timing]:
    """Generate, roll up and time one database."""
    print(f"[{backend}] migrating {url.split('@')[-1]}", flush=True)
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    province, plans = build_province(engine, args.districts, args.communes)
    rng = random.Random(args.seed)
    rows = generate(plans, args.year, args.tickets, rng)
    inserter = insert_postgres if backend == "postgres" else insert_sqlite
    tickets = inserter(engine, rows)
    print(
        f"[{backend}] {province.offices} offices, {tickets:,} tickets inserted in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    app = create_app(
        {
            "DATABASE_URL": url,
            "ASYNC_MODE": "threading",
            "SECRET_KEY": "bench",
            "LOG_REQUESTS": False,
        }
    )
    timings: list[Timing] = []
    year_from, year_to = f"{args.year}-01-01", f"{args.year}-12-31"
    month_from, month_to = f"{args.year}-03-01", f"{args.year}-03-31"
    with app.app_context():
        session = database(app).session()  # type: ignore[misc]
        admin = session.get(User, province.admin_id)
        token = issue_user_token(session, admin, 12)["token"]
        offices = list(session.scalars(select(Office)))
        build_times, _ = timed(
            lambda: ensure_rollups(
                session,
                offices,
                date(args.year, 1, 1),
                date(args.year, 12, 31),
                now=datetime(args.year + 1, 1, 10, tzinfo=UTC),
            ),
            1,
        )
        timings.append(Timing(backend, "roll-up build (once)", "province, year", build_times, None))
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        def get(path: str) -> Any:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)[:500]
            return response

        busiest, root = province.busiest_office_id, province.root_id
        cases = [
            (
                "summary",
                "office, month",
                f"/api/v1/reports/summary?office_id={busiest}&from={month_from}&to={month_to}",
                500,
            ),
            (
                "summary",
                "province, year",
                f"/api/v1/reports/summary?office_id={root}&subtree=1&from={year_from}&to={year_to}",
                2000,
            ),
            (
                "report + quarters",
                "province, year",
                f"/api/v1/reports?office_id={root}&subtree=1&from={year_from}&to={year_to}&period=quarter",
                2000,
            ),
            (
                "export xlsx",
                "office, month",
                f"/api/v1/reports/export?format=xlsx&office_id={busiest}&from={month_from}&to={month_to}&period=day",
                500,
            ),
            (
                "export xlsx",
                "province, year",
                f"/api/v1/reports/export?format=xlsx&office_id={root}&subtree=1&from={year_from}&to={year_to}&period=month",
                2000,
            ),
            (
                "export csv",
                "province, year",
                f"/api/v1/reports/export?format=csv&office_id={root}&subtree=1&from={year_from}&to={year_to}",
                2000,
            ),
        ]
        for what, scope, path, aim in cases:
            times, response = timed(lambda path=path: get(path), args.repeat)
            size = f"{len(response.data) / 1024:.0f} KiB"
            if what == "summary":
                issued = response.json["totals"]["issued"]
                size = f"{issued:,} tk"
            timings.append(Timing(backend, what, scope, times, aim, size))
    database(app).engine.dispose()  # type: ignore[union-attr]
    engine.dispose()
    return timings


@contextmanager
def backend_url(backend: str) -> Iterator[str]:
    """A fresh database for a run."""
    if backend == "postgres":
        with fresh_postgres_database() as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="xephang-bench-") as folder:
        yield f"sqlite:///{folder}/bench.sqlite3"


def main() -> None:
    """Parse arguments, run each backend, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--districts", type=int, default=10)
    parser.add_argument("--communes", type=int, default=10)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    timings: list[Timing] = []
    for backend in args.backends.split(","):
        with backend_url(backend) as url:
            timings.extend(run_backend(backend, url, args))
    print()
    print(HEADER)
    for timing in timings:
        print(timing.row())


if __name__ == "__main__":
    main()
