"""Input that crashed the server, on SQLite and on PostgreSQL: 4xx, never a 500.

PostgreSQL can neither store nor compare a NUL byte; deep JSON and huge ids are checked on both.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from conftest import PASSWORD, World
from sqlalchemy import text
from support_server import fresh_postgres_database
from test_request_guards import HUGE, LOGIN, TOKEN, assert_error

from server.migrations import upgrade
from server.rules.errors import DomainError
from server.services.queue.tickets import ticket_by_public_token


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path, migrated_template) -> Iterator[str]:
    """A fresh migrated database of each kind (PostgreSQL refuses NUL bytes, SQLite stores them)."""
    if request.param == "sqlite":
        path = tmp_path / "xephang.sqlite3"
        shutil.copy(migrated_template, path)
        yield f"sqlite:///{path}"
        return
    with fresh_postgres_database() as url:
        upgrade(url)
        yield url


def test_nul_bytes_are_refused_before_the_database(client, world: World):
    """Login, public ticket, phone page, QR code and admin names: 4xx, never a 500."""
    for path in (TOKEN, LOGIN):
        response = client.post(path, json={"username": "admin\x00", "password": PASSWORD})
        assert_error(response, 422, "invalid_field")
        response = client.post(path, json={"username": "admin", "password": "x\x00"})
        assert_error(response, 422, "invalid_field")
    assert_error(client.get("/api/v1/public/tickets/abc%00def"), 400, "bad_request")
    assert_error(client.get("/api/v1/public/tickets/abc%00def/qr.svg"), 400, "bad_request")
    assert_error(
        client.post("/api/v1/public/tickets/abc%00/rating", json={"level": "satisfied"}),
        400,
        "bad_request",
    )
    page = client.get("/t/abc%00def")
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "Địa chỉ không hợp lệ" in page.get_data(as_text=True)
    assert_error(
        client.get(
            f"/api/v1/reports?office_id={world.office.id}&period=day%00",
            headers=world.headers("manager"),
        ),
        400,
        "bad_request",
    )
    admin = world.headers("admin")
    office = world.office.id
    writes = [
        ("POST", f"/api/v1/admin/offices/{office}/services", {"prefix": "G", "name": "Đất\x00"}),
        ("PATCH", f"/api/v1/admin/services/{world.land.id}", {"name": "Đất\x00đai"}),
        ("PATCH", f"/api/v1/admin/counters/{world.counter1.id}", {"name": "Quầy\x00"}),
        ("PATCH", f"/api/v1/admin/offices/{office}", {"name": "Huyện\x00"}),
        (
            "POST",
            f"/api/v1/admin/offices/{office}/users",
            {"username": "canbo9", "full_name": "Lê\x00", "password": "mat-khau-du-dai"},
        ),
        ("POST", f"/api/v1/admin/offices/{office}/devices", {"kind": "display", "name": "\x00"}),
        ("POST", f"/api/v1/tickets/{1}/rating", {"level": "satisfied", "comment": "\x00"}),
        ("POST", "/api/v1/admin/offices", {"parent_id": office, "code": "xa", "name\x00": "x"}),
    ]
    for method, path, body in writes:
        response = client.open(path, method=method, json=body, headers=admin)
        assert_error(response, 422, "invalid_field")
    assert client.get("/api/v1/offices", headers=admin).status_code == 200


def test_a_public_token_with_a_nul_byte_is_unknown_to_every_caller(session, world: World):
    """The phone's socket looks tickets up through the same function as the routes."""
    for token in ("abc\x00def", "\x00", "x" * 65, "abc def"):
        with pytest.raises(DomainError) as refused:
            ticket_by_public_token(session, token)
        assert refused.value.status == 404
    assert session.execute(text("SELECT 1")).scalar() == 1  # the transaction is still usable


def test_deep_json_and_huge_ids_are_4xx_on_each_database(client, world: World):
    deep = '{"service_id": ' + "[" * 3000 + "]" * 3000 + "}"
    for path in (TOKEN, LOGIN, "/api/v1/tickets", f"/api/v1/admin/offices/{world.office.id}"):
        response = client.open(
            path,
            method="PATCH" if "/admin/" in path else "POST",
            data=deep,
            content_type="application/json",
            headers=world.headers("admin"),
        )
        assert_error(response, 400, "malformed_json")
    manager = world.headers("manager")
    office = world.office.id
    for query, status in (
        (f"/api/v1/reports/summary?office_id={HUGE}", 404),
        (f"/api/v1/dashboard?office_id={HUGE}", 404),
        (f"/api/v1/reports?office_id={office}&service_id={HUGE}", 422),
        (f"/api/v1/reports?office_id={office}&clerk_id={HUGE}", 422),
        (f"/api/v1/tickets/{HUGE}", 404),
    ):
        response = client.get(query, headers=manager)
        assert response.status_code == status, (query[:60], response.get_data(as_text=True))
        assert response.mimetype == "application/json"
