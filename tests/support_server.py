"""Run the real production server (`xephang run`) as a child process, on a database made for it."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from server.db import make_engine
from server.migrations import upgrade
from server.models import Counter, CounterService, Office, Service, WorkingSession
from server.printing.allowed_networks import DEFAULT_PRINTER_NETWORKS
from server.services.accounts.credentials import create_device

REPO_ROOT = Path(__file__).resolve().parent.parent
XEPHANG = Path(sys.executable).parent / "xephang"  # the console script of the running venv
POSTGRES_URL = os.environ.get(
    "XEPHANG_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class ServerProcess:
    """A started server: its process, base URL and log file."""

    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def log_text(self) -> str:
        """Everything the server wrote to stdout and stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, characters: int = 3000) -> str:
        """The end of the log, for error messages."""
        return self.log_text()[-characters:]

    def wait_ready(self, timeout: float = 30.0, path: str = "/healthz") -> None:
        """Poll `path` until it answers 200; fail early if the process dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                if requests.get(self.url + path, timeout=1).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or too busy to answer in time
                pass
            time.sleep(0.05)  # a polling interval, not a wait for a condition
        raise TimeoutError(f"server not ready within {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM the server and return its exit code; kill it and raise if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        return int(self.process.returncode)


def server_environment(env: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without its XEPHANG_* settings, plus `env`.

    The server may print to the fake network printer on 127.0.0.1 (loopback is not among the
    printer networks it allows by default).
    """
    base = {key: value for key, value in os.environ.items() if not key.startswith("XEPHANG_")}
    networks = f"{DEFAULT_PRINTER_NETWORKS},127.0.0.0/8"
    return {**base, "PYTHONUNBUFFERED": "1", "XEPHANG_PRINTER_NETWORKS": networks, **env}


@contextmanager
def running_server(
    env: Mapping[str, str],
    port: int | None = None,
    *,
    args: Sequence[str] = ("run",),
    host: str = "127.0.0.1",
    log_path: Path | None = None,
    ready_timeout: float = 30.0,
) -> Iterator[ServerProcess]:
    """Start `xephang <args> --host H --port P` in the repo root; ready on entry, stopped after."""
    port = port or free_port(host)
    if log_path is None:
        log_path = Path(tempfile.mkdtemp(prefix="xephang-server-")) / "server.log"
    command = [str(XEPHANG), *args, "--host", host, "--port", str(port)]
    # The instance folder (secret key, audio cache, demo tour) goes beside the log, not the repo.
    env = {"XEPHANG_INSTANCE_PATH": str(log_path.parent / "instance"), **env}
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=server_environment(env),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = ServerProcess(process, f"http://{host}:{port}", log_path)
    try:
        server.wait_ready(ready_timeout)
        yield server
    finally:
        if process.poll() is None:
            with suppress(subprocess.TimeoutExpired):
                server.stop()


@dataclass(frozen=True)
class SeededOffice:
    """What `seed_office` created: ids to issue against and the kiosk's bearer token."""

    office_id: int
    service_ids: tuple[int, ...]
    counter_id: int
    kiosk_id: int
    kiosk_token: str


def seed_office(database_url: str, prefixes: Sequence[str] = ("A", "B")) -> SeededOffice:
    """Migrate, then add an office open around the clock, its services, one counter and a kiosk."""
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            office = Office(code="concurrency", name="Bộ phận Một cửa thử tải", header_lines=[])
            session.add(office)
            session.flush()
            for weekday in range(7):
                session.add(
                    WorkingSession(
                        office_id=office.id, weekday=weekday, start_minute=0, end_minute=1440
                    )
                )
            services = [
                Service(office_id=office.id, prefix=prefix, name=f"Dịch vụ {prefix}")
                for prefix in prefixes
            ]
            session.add_all(services)
            counter = Counter(office_id=office.id, number="1", name="Quầy 1")
            session.add(counter)
            session.flush()
            session.add_all(
                CounterService(counter_id=counter.id, service_id=service.id, position=position)
                for position, service in enumerate(services)
            )
            session.commit()
            kiosk, token = create_device(session, "kiosk", office.id, "Kiosk thử tải")
            return SeededOffice(
                office_id=office.id,
                service_ids=tuple(service.id for service in services),
                counter_id=counter.id,
                kiosk_id=kiosk.id,
                kiosk_token=token,
            )
    finally:
        engine.dispose()


@contextmanager
def fresh_postgres_database(admin_url: str = POSTGRES_URL) -> Iterator[str]:
    """Create an empty database `xephang_test_<random>` next to `admin_url`'s; drop it on exit."""
    name = f"xephang_test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            # UTF-8 whatever the cluster's default (a cluster made in a C locale is SQL_ASCII).
            connection.execute(
                text(
                    f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"
                    " LOCALE 'C.UTF-8'"
                )
            )
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def empty_database(kind: str, folder: Path) -> Iterator[str]:
    """An empty database: a SQLite file in `folder`, or a PostgreSQL one dropped on exit."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'xephang.sqlite3'}"
        return
    with fresh_postgres_database() as url:
        yield url
