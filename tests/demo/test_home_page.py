"""The home page `/`: the screens in Vietnamese; the pairing links in the demo, and only there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from server.cli import commands
from server.demo.seed import seed_demo
from server.demo.tour import pairing_path
from server.web.home import DEMO_TOUR, SCREENS

SCREEN_PATHS = {
    "/kiosk",
    "/display",
    "/counter",
    "/dashboard",
    "/reports",
    "/admin",
    "/api/v1/openapi.json",
}


def links(html: str) -> set[str]:
    """The href of every link on a page."""
    return set(re.findall(r'href="([^"]+)"', html))


def test_home_page_leads_to_every_screen_in_vietnamese(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Hệ thống xếp hàng" in html and "Các màn hình" in html
    assert links(html) >= SCREEN_PATHS
    assert {screen.path for screen in SCREENS} == SCREEN_PATHS
    for path in SCREEN_PATHS - {"/api/v1/openapi.json"}:
        assert client.get(path).status_code == 200, path  # every link answers


def test_production_home_page_shows_no_device_token(client: FlaskClient, session: Session) -> None:
    seed_demo(session, password="pw")  # devices exist, but this server is not the demo
    html = client.get("/").get_data(as_text=True)
    assert "token=" not in html and "Bản dùng thử" not in html


def test_demo_home_page_lists_the_pairing_links_and_users(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    tour = seed_demo(session, password="pw")
    app.config[DEMO_TOUR] = tour
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Bản dùng thử" in html and "Bộ phận Một cửa huyện Yên Thế" in html
    assert {pairing_path(device) for device in tour.devices} <= links(html)
    assert {f"/o/{office.id}" for office in tour.offices} <= links(html)  # citizens' pages
    for user in tour.users:
        assert f"<code>{user.username}</code>" in html
    assert "<code>pw</code>" in html


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Flask]:
    """`xephang demo` / `run` in a fresh folder, with serving replaced by noting the app."""
    monkeypatch.setenv("XEPHANG_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("XEPHANG_ASYNC_MODE", "threading")
    monkeypatch.setenv("XEPHANG_SECRET_KEY", "cli-test-secret")
    monkeypatch.setenv("XEPHANG_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("FLASK_SKIP_DOTENV", "1")
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    apps: list[Flask] = []
    monkeypatch.setattr(commands, "serve", lambda app, host, port: apps.append(app))
    return apps


def invoke(*args: str) -> None:
    """Run an `xephang` command."""
    result = CliRunner().invoke(commands.cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def home_of(apps: list[Flask], *args: str) -> str:
    """Run the command, then read `/` of the app it would have served."""
    invoke(*args)
    (app,) = apps
    return app.test_client().get("/").get_data(as_text=True)


def test_xephang_demo_serves_its_pairing_links_on_the_home_page(served: list[Flask]) -> None:
    html = home_of(served, "demo", "--password", "pw")
    assert "Bản dùng thử" in html and "/kiosk?token=" in html


def test_xephang_run_never_shows_pairing_links(served: list[Flask]) -> None:
    invoke("seed-demo", "--password", "pw")  # the tour and its tokens exist in the instance
    html = home_of(served, "run")
    assert "token=" not in html and "Bản dùng thử" not in html
