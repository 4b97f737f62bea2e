"""The `xephang` CLI (design §11): db upgrade, seed-demo, user create, device add."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask.testing import FlaskClient

from server.app import create_app
from server.cli.commands import cli
from server.db import database
from server.demo.tour import load_tour

Invoke = Callable[..., Result]


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    """The instance folder the CLI uses in these tests."""
    return tmp_path / "instance"


@pytest.fixture
def invoke(tmp_path: Path, instance: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run a CLI command against a fresh SQLite file, never touching the repo's instance folder."""
    monkeypatch.setenv("XEPHANG_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("XEPHANG_ASYNC_MODE", "threading")
    monkeypatch.setenv("XEPHANG_SECRET_KEY", "cli-test-secret")
    monkeypatch.setenv("XEPHANG_PUBLIC_URL", "http://yenthe.test")
    monkeypatch.setenv("FLASK_SKIP_DOTENV", "1")
    # FlaskGroup sets this for the process; setting it here lets monkeypatch undo it afterwards.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    monkeypatch.setenv("XEPHANG_INSTANCE_PATH", str(instance))
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def seeded(invoke: Invoke) -> Result:
    """The demo, seeded through the CLI."""
    result = invoke("seed-demo", "--password", "pw")
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def web_client() -> Iterator[FlaskClient]:
    """A test client of an app built from the same environment as the CLI."""
    app = create_app()
    app.testing = True
    yield app.test_client()
    engine = database(app).engine
    if engine is not None:
        engine.dispose()


def test_db_upgrade(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert "newest schema" in result.output
    assert (tmp_path / "cli.sqlite3").exists()
    again = invoke("db", "upgrade")
    assert again.exit_code == 0, again.output


def test_seed_demo_prints_the_tour_and_saves_it(seeded: Result, instance: Path) -> None:
    output = seeded.output
    assert "http://yenthe.test/kiosk?token=" in output
    assert "http://yenthe.test/display?token=" in output
    assert "http://yenthe.test/dashboard" in output
    assert "canbo1" in output and "quanly" in output and "pw" in output
    saved = instance / "demo-tour.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    tour = load_tour(str(instance))
    assert tour is not None and tour.password == "pw"
    kiosk = next(device for device in tour.devices if device.kind == "kiosk")
    assert f"/kiosk?token={kiosk.token}" in output


def test_seed_demo_twice_fails_cleanly(invoke: Invoke, seeded: Result) -> None:
    result = invoke("seed-demo", "--password", "pw")
    assert result.exit_code == 1
    assert "already" in result.output
    assert "Traceback" not in result.output


def test_user_create(invoke: Invoke, seeded: Result, web_client: FlaskClient) -> None:
    result = invoke(
        "user", "create", "u1", "--role", "clerk", "--office-id", "1", "--password", "pw-12345"
    )
    assert result.exit_code == 0, result.output
    assert "u1" in result.output
    response = web_client.post(
        "/api/v1/auth/token", json={"username": "u1", "password": "pw-12345"}
    )
    assert response.status_code == 200, response.json
    assert response.get_json()["user"]["office_id"] == 1
    taken = invoke(
        "user", "create", "u1", "--role", "clerk", "--office-id", "1", "--password", "pw-12345"
    )
    assert taken.exit_code == 1 and "username_taken" in taken.output


@pytest.mark.parametrize("password", ["pw12", "1234567", "x" * 201])
def test_user_create_follows_the_one_password_rule(
    invoke: Invoke, seeded: Result, web_client: FlaskClient, password: str
) -> None:
    """The rule of the admin API (8–200 characters), not a laxer one of its own."""
    result = invoke(
        "user", "create", "u3", "--role", "clerk", "--office-id", "1", "--password", password
    )
    assert result.exit_code == 1 and "invalid_field" in result.output, result.output
    assert "mật khẩu cần ít nhất 8 ký tự" in result.output or "tối đa 200" in result.output
    response = web_client.post("/api/v1/auth/token", json={"username": "u3", "password": password})
    assert response.status_code == 401


def test_user_create_in_unknown_office_fails(invoke: Invoke, seeded: Result) -> None:
    result = invoke(
        "user", "create", "u2", "--role", "clerk", "--office-id", "99", "--password", "pw-12345"
    )
    assert result.exit_code == 1
    assert "office 99 does not exist" in result.output


def test_device_add_prints_a_working_token(
    invoke: Invoke, seeded: Result, web_client: FlaskClient
) -> None:
    result = invoke(
        "device", "add", "--kind", "rating", "--office-id", "1", "--name", "X", "--counter-id", "1"
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 40 and " " not in token
    response = web_client.get(
        "/api/v1/offices/1/state", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.json
    assert response.get_json()["office"]["name"] == "Bộ phận Một cửa huyện Yên Thế"
    refused = web_client.get(
        "/api/v1/offices/1/state", headers={"Authorization": "Bearer not-a-token"}
    )
    assert refused.status_code == 401


def test_device_revoke_from_the_command_line_is_audited(
    invoke: Invoke, seeded: Result, web_client: FlaskClient
) -> None:
    added = invoke("device", "add", "--kind", "display", "--office-id", "1", "--name", "Màn X")
    token = added.output.strip().splitlines()[-1]
    device_id = web_client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    device_id = device_id.get_json()["device"]["id"]
    result = invoke("device", "revoke", str(device_id))
    assert result.exit_code == 0, result.output
    admin = web_client.post("/api/v1/auth/token", json={"username": "admin", "password": "pw"})
    entries = web_client.get(
        "/api/v1/admin/offices/1/audit", headers={"Authorization": f"Bearer {admin.json['token']}"}
    ).get_json()["entries"]
    entry = entries[0]
    assert (entry["action"], entry["entity"], entry["entity_id"]) == ("revoke", "device", device_id)
    assert entry["summary"] == "Thu hồi thiết bị Màn X (dòng lệnh trên máy chủ)"


def test_device_add_rating_needs_a_counter(invoke: Invoke, seeded: Result) -> None:
    result = invoke("device", "add", "--kind", "rating", "--office-id", "1", "--name", "X")
    assert result.exit_code == 1
    assert "--counter-id" in result.output
    assert "Traceback" not in result.output


def test_device_add_counter_of_another_office_fails(invoke: Invoke, seeded: Result) -> None:
    # Counter 1 is the district's first counter; office 2 is xã Tân Hiệp.
    result = invoke(
        "device", "add", "--kind", "rating", "--office-id", "2", "--name", "X", "--counter-id", "1"
    )
    assert result.exit_code == 1
    assert "counter 1 is not in office 2" in result.output
