"""Security headers on every page and the login session cookie's flags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from conftest import PASSWORD, World, app_settings, upcoming_slots
from flask import Flask
from flask.testing import FlaskClient

from server.app import create_app
from server.db import database

# Pages DESIGN names; every other HTML page the URL map holds is checked too.
PAGES = (
    "/kiosk",
    "/display",
    "/display/counter/{counter}",
    "/counter",
    "/counter/{counter}/rating",
    "/t/{public_token}",
    "/o/{office}",
    "/a/{booking_token}",
    "/dashboard",
)
NOT_PAGES = ("/api/", "/static/", "/assets/", "/audio/", "/healthz")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>\s*\S", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I)


def page_paths(app: Flask, scene: dict[str, int | str]) -> list[str]:
    """Every GET page of the app, with real ids in its variables (a booking's token under /a/)."""
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.rule.startswith(NOT_PAGES):
            continue
        if "static" in rule.endpoint.split("."):
            continue
        path = re.sub(r"<int:office_id>", str(scene["office"]), rule.rule)
        path = re.sub(r"<int:\w+>", str(scene["counter"]), path)
        token = scene["booking_token"] if path.startswith("/a/") else scene["public_token"]
        paths.add(re.sub(r"<(?:\w+:)?public_token>", str(token), path))
    return sorted(paths)


def test_every_page_has_csp_and_nosniff_and_nothing_csp_would_block(
    client, world: World, app, session
):
    ticket = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    ).json
    assert ticket is not None
    world.land.appointments_enabled = True
    session.commit()
    slot = upcoming_slots(client, world.land.id)[1]
    booking = client.post(
        "/api/v1/public/appointments", json={"service_id": world.land.id, "start": slot["start"]}
    ).json
    assert booking is not None
    scene = {
        "counter": world.counter1.id,
        "office": world.office.id,
        "public_token": ticket["public_token"],
        "booking_token": booking["public_token"],
    }
    paths = page_paths(app, scene)
    assert {page.format(**scene) for page in PAGES} <= set(paths)
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if response.mimetype != "text/html":
            continue
        csp = response.headers.get("Content-Security-Policy", "")
        directives = dict(part.strip().partition(" ")[::2] for part in csp.split(";"))
        assert directives.get("default-src") == "'self'", (path, csp)
        assert directives.get("script-src") == "'self'", (path, csp)  # no inline, no eval
        assert directives.get("frame-ancestors") == "'none'", (path, csp)
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
        assert response.headers.get("X-Frame-Options") == "DENY", path
        html = response.get_data(as_text=True)
        assert not INLINE_SCRIPT.search(html), f"{path}: inline script (CSP blocks it)"
        assert not INLINE_HANDLER.search(html), f"{path}: inline event handler (CSP blocks it)"
        assert not INLINE_STYLE.search(html), f"{path}: inline style (CSP blocks it)"


def test_api_answers_carry_nosniff(client, world: World):
    response = client.get("/api/v1/offices", headers=world.headers("clerk1"))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response.headers  # JSON is not rendered


def session_cookie(client: FlaskClient, world: World) -> SimpleCookie:
    """Log in as a clerk and parse the session cookie that came back."""
    response = client.post(
        "/api/v1/auth/login", json={"username": world.clerk1[0].username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert len(headers) == 1, headers
    cookie: SimpleCookie = SimpleCookie()
    cookie.load(headers[0])
    return cookie


def test_session_cookie_is_httponly_and_samesite_lax(client, world: World):
    morsel = session_cookie(client, world)["session"]
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Lax"
    assert not morsel["secure"]  # plain HTTP out of the box (one office's LAN)


@pytest.fixture
def secure_app(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Flask]:
    """The app with XEPHANG_SESSION_COOKIE_SECURE=true in its environment."""
    monkeypatch.setenv("XEPHANG_SESSION_COOKIE_SECURE", "true")
    app = create_app(app_settings(database_url, tmp_path))
    with app.app_context():
        yield app
    engine = database(app).engine
    if engine is not None:
        engine.dispose()


def test_session_cookie_is_secure_when_configured(secure_app: Flask, world: World):
    morsel = session_cookie(secure_app.test_client(), world)["session"]
    assert morsel["secure"] is True
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Lax"
