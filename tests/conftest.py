"""Shared fixtures: a migrated database per test, the app, and factories for offices and people."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy.orm import Session

os.environ.setdefault(
    "ESCPOS_CAPABILITIES_PICKLE_DIR", str(Path(__file__).parent.parent / ".cache" / "escpos")
)

from server.app import create_app
from server.db import database
from server.migrations import upgrade
from server.models import Counter, CounterService, Office, Service, WorkingSession
from server.printing.allowed_networks import DEFAULT_PRINTER_NETWORKS
from server.services.accounts.credentials import create_device, create_user, issue_user_token


def pytest_configure(config: pytest.Config) -> None:
    """Warnings that are not about our code (each says why)."""
    # Socket.IO clients of the realtime, kiosk and phone tests reconnect with jitter drawn
    # from the global `random` in their own threads; Hypothesis then blames whatever rule
    # test is generating data at that moment. Our strategies never use `random`.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Do not use the `random` module inside strategies"
        ":hypothesis.errors.HypothesisDeprecationWarning",
    )


# No example database: runs stay independent of each other (several may share a checkout).
settings.register_profile("xephang", database=None, deadline=None)
settings.load_profile("xephang")

if TYPE_CHECKING:  # the browser stack loads only for the browser tests
    from browser_support import DemoServer
    from playwright.sync_api import Browser

POSTGRES_URL = os.environ.get(
    "XEPHANG_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
)
PASSWORD = "secret-pw"
# The fields every ticket in JSON carries at least (design §5).
# design §5: what every ticket in JSON carries (staff views: screens, consoles, events).
TICKET_FIELDS = frozenset(
    {
        "id",
        "number",
        "office_id",
        "service_id",
        "service_name",
        "priority",
        "channel",
        "status",
        "counter_id",
        "issued_at",
        "called_at",
        "people_ahead",
        "estimated_wait_minutes",
    }
)
# The citizen's key and dossier code: only in the issuer's 201 answer (and print job, public
# ticket); never in a staff view.
CITIZEN_KEY_FIELDS = frozenset({"public_token", "public_url", "dossier_code"})
ISSUED_TICKET_FIELDS = TICKET_FIELDS | CITIZEN_KEY_FIELDS


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path: Path, migrated_template: Path) -> str:
    """A fresh, migrated SQLite database for one test."""
    path = tmp_path / "xephang.sqlite3"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


def app_settings(database_url: str, folder: Path, **overrides: Any) -> dict[str, Any]:
    """Settings of a test app on a database: threading mode, fixed secret and public URL."""
    return {
        "DATABASE_URL": database_url,
        "ASYNC_MODE": "threading",
        "SECRET_KEY": "test-secret",
        "PUBLIC_URL": "http://xephang.test",
        "AUDIO_CACHE_DIR": str(folder / "audio"),
        "INSTANCE_PATH": str(folder / "instance"),  # never the checkout's own instance folder
        "LOG_REQUESTS": False,
        "SOCKET_RECHECK_SECONDS": 0,
        "PRINTER_CHECK_SECONDS": 0,  # tests that want the server's printer checks turn them on
        "VALIDATE_RESPONSES": True,  # every answer is checked against the OpenAPI document
        # The fake network printer listens on 127.0.0.1 (loopback is not allowed by default).
        "PRINTER_NETWORKS": f"{DEFAULT_PRINTER_NETWORKS},127.0.0.0/8",
        **overrides,
    }


@contextmanager
def running_app(database_url: str, folder: Path, **overrides: Any) -> Iterator[Flask]:
    """A test app inside its app context; its database connections closed afterwards."""
    app = create_app(app_settings(database_url, folder, **overrides))
    app.testing = True
    with app.app_context():
        yield app
    engine = database(app).engine
    if engine is not None:
        engine.dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on the test's database, threading mode, fixed public URL."""
    with running_app(database_url, tmp_path) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Session:
    """The app's database session."""
    scoped = database(app).session
    assert scoped is not None
    return scoped()


ALL_DAY = [(weekday, 0, 1440) for weekday in range(7)]


@pytest.fixture
def make_office(session: Session) -> Callable[..., Office]:
    """Create an office, open around the clock unless `sessions` says otherwise."""
    created = 0

    def make(**overrides: Any) -> Office:
        nonlocal created
        created += 1
        sessions = overrides.pop("sessions", ALL_DAY)
        fields = {
            "code": f"office-{created}",
            "name": f"Văn phòng {created}",
            "header_lines": ["UBND HUYỆN THỬ", "BỘ PHẬN MỘT CỬA"],
        }
        office = Office(**{**fields, **overrides})
        session.add(office)
        session.flush()
        for weekday, start, end in sessions:
            session.add(
                WorkingSession(
                    office_id=office.id, weekday=weekday, start_minute=start, end_minute=end
                )
            )
        session.commit()
        return office

    return make


@pytest.fixture
def make_service(session: Session) -> Callable[..., Service]:
    """Create a service in an office."""

    def make(office: Office, prefix: str = "A", **overrides: Any) -> Service:
        service = Service(
            office_id=office.id,
            prefix=prefix,
            name=overrides.pop("name", f"Dịch vụ {prefix}"),
            **overrides,
        )
        session.add(service)
        session.commit()
        return service

    return make


@pytest.fixture
def make_counter(session: Session) -> Callable[..., Counter]:
    """Create a counter serving the given services, in that order of preference."""

    def make(office: Office, number: str, services: list[Service], **overrides: Any) -> Counter:
        counter = Counter(
            office_id=office.id,
            number=number,
            name=overrides.pop("name", f"Quầy {number}"),
            **overrides,
        )
        session.add(counter)
        session.flush()
        for position, service in enumerate(services):
            session.add(
                CounterService(counter_id=counter.id, service_id=service.id, position=position)
            )
        session.commit()
        return counter

    return make


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test users get a fast hash; scrypt's cost is for real passwords, not fixtures."""
    from werkzeug.security import generate_password_hash

    import server.services.accounts.credentials as auth

    def fast(password: str) -> str:
        return generate_password_hash(password, method="pbkdf2:sha256:1000")

    monkeypatch.setattr(auth, "hash_password", fast)


@pytest.fixture
def make_user(session: Session) -> Callable[..., Any]:
    """Create a user and return (user, bearer token)."""
    created = 0

    def make(
        office: Office,
        role: str = "clerk",
        username: str | None = None,
        full_name: str = "Nguyễn Văn A",
    ) -> Any:
        nonlocal created
        created += 1
        user = create_user(
            session, username or f"{role}{created}", PASSWORD, role, office.id, full_name
        )
        token = issue_user_token(session, user, 12)["token"]
        return user, token

    return make


@pytest.fixture
def make_device(session: Session) -> Callable[..., Any]:
    """Create a device and return (device, token)."""

    def make(
        office: Office, kind: str = "kiosk", counter: Counter | None = None, **settings: Any
    ) -> Any:
        return create_device(
            session, kind, office.id, f"{kind} thử", counter.id if counter else None, settings
        )

    return make


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def assert_error(response: Any, status: int, code: str | None = None) -> None:
    """The response is the JSON error of design §5 and nothing else: this status (and code)."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert set(response.json) == {"error"}, response.json
    error = response.json["error"]
    assert set(error) == {"code", "message"}, error
    assert isinstance(error["message"], str) and error["message"], error
    if code is not None:
        assert error["code"] == code, error


def assert_field_error(response: Any, field: str, status: int = 422) -> None:
    """A field error of design §5 whose Vietnamese message names the field first."""
    assert_error(response, status)
    assert response.json["error"]["code"] in {"invalid_field", "missing_field"}, response.json
    assert response.json["error"]["message"].startswith(f"{field}: "), response.json


def upcoming_slots(client, service_id: int) -> list[dict[str, Any]]:
    """Today's bookable slots and tomorrow's (the office works around the clock)."""
    today = client.get(f"/api/v1/public/services/{service_id}/slots")
    assert today.status_code == 200
    tomorrow = date.fromisoformat(today.json["date"]) + timedelta(days=1)
    later = client.get(f"/api/v1/public/services/{service_id}/slots?date={tomorrow}")
    return today.json["slots"] + later.json["slots"]


@dataclass
class World:
    """A small office ready for API tests: services, counters, staff and devices with tokens."""

    office: Office
    other_office: Office
    land: Service
    justice: Service
    counter1: Counter
    counter2: Counter
    clerk1: Any
    clerk2: Any
    manager: Any
    admin: Any
    other_clerk: Any
    kiosk: Any
    display: Any
    rating1: Any
    other_kiosk: Any

    def headers(self, who: str) -> dict[str, str]:
        """Authorization header of a named participant."""
        return bearer(getattr(self, who)[1])


@pytest.fixture
def world(make_office, make_service, make_counter, make_user, make_device) -> World:  # type: ignore[no-untyped-def]
    """Office with Đất đai (A) and Tư pháp (B), counter 1 (A then B) and counter 2 (B)."""
    office = make_office(name="Bộ phận Một cửa huyện Thử")
    other = make_office(name="Xã Khác")
    land = make_service(office, "A", name="Đất đai")
    justice = make_service(office, "B", name="Tư pháp – Hộ tịch")
    counter1 = make_counter(office, "1", [land, justice])
    counter2 = make_counter(office, "2", [justice])
    other_service = make_service(other, "A", name="Đất đai xã")
    make_counter(other, "1", [other_service])
    return World(
        office=office,
        other_office=other,
        land=land,
        justice=justice,
        counter1=counter1,
        counter2=counter2,
        clerk1=make_user(office, "clerk", "canbo1", "Trần Thị Một"),
        clerk2=make_user(office, "clerk", "canbo2", "Lê Văn Hai"),
        manager=make_user(office, "manager", "quanly"),
        admin=make_user(office, "admin", "admin"),
        other_clerk=make_user(other, "clerk", "canbo_xa"),
        kiosk=make_device(office, "kiosk"),
        display=make_device(office, "display"),
        rating1=make_device(office, "rating", counter1),
        other_kiosk=make_device(other, "kiosk"),
    )


@pytest.fixture(autouse=True)
def close_socketio_clients() -> Iterator[None]:
    """No Socket.IO client thread of the realtime tests outlives its test (even a failing one)."""
    yield
    import sys

    support = sys.modules.get("realtime_support")
    if support is not None:
        while support.Listener.open_listeners:
            support.Listener.open_listeners.pop().close()


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    """The demo office served for real, shared by the tests of one module (browser tests)."""
    from browser_support import demo_server

    with demo_server() as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module (browser tests)."""
    from browser_support import chromium

    with chromium() as instance:
        yield instance
