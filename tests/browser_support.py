"""Browser tests: Debian's Chromium driven by Playwright, against the real server and demo."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy.orm import Session
from support_server import ServerProcess, free_port, running_server

from server.db import make_engine
from server.demo.seed import seed_demo
from server.demo.tour import DemoTour
from server.migrations import upgrade

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
KIOSK = "Kiosk sảnh chính"  # the demo district's kiosk


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium (the system's; Playwright cannot download its own here)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def bearer(token: str) -> dict[str, str]:
    """Bearer authorization."""
    return {"Authorization": f"Bearer {token}"}


@dataclass
class DemoServer:
    """A running production server with the demo office, and its tour (tokens, users)."""

    server: ServerProcess
    tour: DemoTour
    database_url: str
    env: dict[str, str]
    password: str = "demo"  # of every demo user

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return self.server.url

    def device_token(self, name: str) -> str:
        """The token of a demo device by its name (e.g. "Kiosk sảnh chính")."""
        return next(device.token for device in self.tour.devices if device.name == name)

    def user_token(self, username: str) -> str:
        """A bearer token of a demo user (`quanly` the manager, `canboN` the clerk of counter N)."""
        response = requests.post(
            f"{self.url}/api/v1/auth/token",
            json={"username": username, "password": self.password},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    def issue(self, service_id: int, **fields: Any) -> dict[str, Any]:
        """A ticket from the demo district's kiosk."""
        response = requests.post(
            f"{self.url}/api/v1/tickets",
            json={"service_id": service_id, **fields},
            headers=bearer(self.device_token(KIOSK)),
            timeout=10,
        )
        assert response.status_code == 201, response.text
        return dict(response.json())


def book_next_slot(demo: DemoServer, prefix: str = "A") -> dict[str, Any]:
    """A booking of the demo district's next free slot of a service, as a phone makes it."""
    office = requests.get(f"{demo.url}/api/v1/public/offices/1", timeout=10).json()
    service = next(s for s in office["services"] if s["prefix"] == prefix)
    slots = requests.get(f"{demo.url}/api/v1/public/services/{service['id']}/slots", timeout=10)
    free = [slot for slot in slots.json()["slots"] if slot["free"] > 0]
    if len(free) < 2:  # late in the day: tomorrow's (the demo works around the clock)
        tomorrow = date.fromisoformat(slots.json()["date"]) + timedelta(days=1)
        later = requests.get(
            f"{demo.url}/api/v1/public/services/{service['id']}/slots?date={tomorrow}", timeout=10
        )
        free += [slot for slot in later.json()["slots"] if slot["free"] > 0]
    response = requests.post(
        f"{demo.url}/api/v1/public/appointments",
        json={"service_id": service["id"], "start": free[1]["start"]},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


@contextmanager
def demo_server(password: str = "demo", mode: str = "eventlet") -> Iterator[DemoServer]:
    """Seed the demo into a fresh SQLite file and serve it with `xephang run`."""
    work = Path(tempfile.mkdtemp(prefix="xephang-browser-"))
    url = f"sqlite:///{work / 'demo.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        tour = seed_demo(session, password=password)
    engine.dispose()
    env = {
        "XEPHANG_DATABASE_URL": url,
        "XEPHANG_ASYNC_MODE": mode,
        "XEPHANG_SECRET_KEY": "browser-tests",
        "XEPHANG_INSTANCE_PATH": str(work / "instance"),
        "XEPHANG_LOG_REQUESTS": "false",
    }
    port = free_port()
    env["XEPHANG_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    with running_server(env, port, log_path=work / "server.log") as server:
        yield DemoServer(server, tour, url, env, password)
