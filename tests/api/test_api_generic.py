"""What every API path shares: JSON errors for unknown paths, methods, sizes, bodies and crashes."""

from __future__ import annotations

import pytest
from conftest import World, assert_error
from sqlalchemy.exc import OperationalError

from server.api import office_routes
from server.models import Ticket


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope",
        "/api/v1/tickets/abc",
        "/api/v1/offices/1/nothing",
        "/api/v2/tickets",
        "/api/v1/public/tickets/",
    ],
)
def test_unknown_api_path_is_404_json(client, world: World, path):
    assert_error(client.get(path, headers=world.headers("admin")), 404, "not_found")
    assert_error(client.post(path, json={}, headers=world.headers("admin")), 404, "not_found")


def test_unknown_api_path_without_credentials_is_still_404(client):
    assert_error(client.get("/api/v1/nope"), 404, "not_found")


def test_non_api_paths_are_not_forced_to_json(client):
    response = client.get("/definitely-not-a-page")
    assert response.status_code == 404
    assert response.mimetype != "application/json"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/api/v1/tickets", {"POST"}),
        ("DELETE", "/api/v1/tickets/1", {"GET"}),
        ("GET", "/api/v1/auth/token", {"POST"}),
        ("PUT", "/api/v1/counters/1/open", {"POST"}),
        ("GET", "/api/v1/counters/1/call-next", {"POST"}),
        ("PATCH", "/api/v1/offices", {"GET"}),
        ("POST", "/api/v1/reports/summary", {"GET"}),
        ("POST", "/api/v1/openapi.json", {"GET"}),
        ("GET", "/api/v1/print-jobs/1/result", {"POST"}),
    ],
)
def test_wrong_method_is_405_json(client, world: World, method, path, allowed):
    response = client.open(path, method=method, headers=world.headers("admin"))
    assert_error(response, 405, "method_not_allowed")
    assert allowed <= {part.strip() for part in response.headers["Allow"].split(",")}


@pytest.mark.parametrize(
    "path", ["/api/v1/tickets", "/api/v1/auth/token", "/api/v1/counters/1/call-next"]
)
def test_body_over_the_limit_is_413_json(client, world: World, app, path, session):
    limit = app.config["MAX_CONTENT_LENGTH"]
    padding = "x" * (limit + 1)
    response = client.post(
        path,
        json={"service_id": world.land.id, "username": padding},
        headers=world.headers("clerk1"),
    )
    assert_error(response, 413, "payload_too_large")
    assert session.query(Ticket).count() == 0


def test_body_just_under_the_limit_is_read(client, world: World, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    skeleton = f'{{"service_id": {world.land.id}, "pad": ""}}'
    raw = skeleton.replace('""', '"' + "x" * (limit - len(skeleton)) + '"')
    assert len(raw.encode()) <= limit
    response = client.post(
        "/api/v1/tickets", data=raw, content_type="application/json", headers=world.headers("kiosk")
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "raw", ["[1, 2]", '"service"', "7", "true", "null", "{", "{'service_id': 1}", "\xff\xfe"]
)
@pytest.mark.parametrize(
    "path",
    ["/api/v1/tickets", "/api/v1/auth/token", "/api/v1/auth/login", "/api/v1/print-jobs/1/result"],
)
def test_non_object_or_broken_json_is_400(client, world: World, raw, path):
    response = client.post(
        path,
        data=raw.encode("latin-1"),
        content_type="application/json",
        headers=world.headers("kiosk"),
    )
    assert_error(response, 400, "malformed_json")


@pytest.mark.parametrize("service_id", ["1", True, False, 1.5, None, [], {}])
def test_wrongly_typed_fields_are_422(client, world: World, service_id, session):
    response = client.post(
        "/api/v1/tickets", json={"service_id": service_id}, headers=world.headers("kiosk")
    )
    assert_error(response, 422, "missing_field" if service_id is None else "invalid_field")
    assert session.query(Ticket).count() == 0


def test_json_without_json_content_type_is_415(client, world: World, session):
    """A cross-site form can send text/plain without asking; JSON it cannot (login CSRF)."""
    response = client.post(
        "/api/v1/tickets",
        data=f'{{"service_id": {world.land.id}}}',
        content_type="text/plain",
        headers=world.headers("kiosk"),
    )
    assert_error(response, 415, "unsupported_media_type")
    assert session.query(Ticket).count() == 0


def test_a_crash_is_500_json_without_details(client, world: World, monkeypatch):
    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(office_routes, "visible_offices", explode)
    response = client.get("/api/v1/offices", headers=world.headers("admin"))
    assert_error(response, 500, "internal_error")
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_database_unavailable_is_503_json(client, world: World, monkeypatch):
    def locked(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    monkeypatch.setattr(office_routes, "visible_offices", locked)
    assert_error(
        client.get("/api/v1/offices", headers=world.headers("admin")), 503, "database_unavailable"
    )


def test_a_refused_request_leaves_nothing_behind(client, world: World, session):
    """A refusal after the service changed objects in memory must not leak into the next commit."""
    ticket = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    ).json
    client.post(f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1"))
    # no-show sets the status, then refuses (a recall is required first).
    refused = client.post(
        f"/api/v1/tickets/{ticket['id']}/no-show", headers=world.headers("clerk1")
    )
    assert refused.status_code == 409
    # The next, successful, request commits: the refused change must not ride along.
    client.post(
        "/api/v1/tickets", json={"service_id": world.justice.id}, headers=world.headers("kiosk")
    )
    session.expire_all()
    assert session.get(Ticket, ticket["id"]).status == "called"
    assert (
        client.get(f"/api/v1/tickets/{ticket['id']}", headers=world.headers("clerk1")).json[
            "status"
        ]
        == "called"
    )


def test_errors_are_json_across_endpoints(client, world: World):
    """A sweep over one refusal per endpoint: each answers the error shape of design §5."""
    office, counter = world.office.id, world.counter1.id
    checks = [
        (
            client.post("/api/v1/auth/token", json={"username": "x", "password": "y"}),
            401,
            "invalid_credentials",
        ),
        (client.get("/api/v1/offices"), 401, "unauthorized"),
        (client.get(f"/api/v1/offices/{office}/services"), 401, "unauthorized"),
        (client.get(f"/api/v1/offices/{office}/state"), 401, "unauthorized"),
        (client.post("/api/v1/tickets", json={"service_id": 1}), 401, "unauthorized"),
        (client.get("/api/v1/tickets/1"), 401, "unauthorized"),
        (client.get("/api/v1/public/tickets/nope"), 404, "ticket_not_found"),
        (
            client.post("/api/v1/public/tickets/nope/rating", json={"level": "satisfied"}),
            404,
            "ticket_not_found",
        ),
        (client.post(f"/api/v1/counters/{counter}/call-next"), 401, "unauthorized"),
        (client.post(f"/api/v1/counters/{counter}/open"), 401, "unauthorized"),
        (client.post("/api/v1/tickets/1/start"), 401, "unauthorized"),
        (client.post("/api/v1/tickets/1/transfer", json={"service_id": 1}), 401, "unauthorized"),
        (client.post("/api/v1/tickets/1/rating", json={"level": "satisfied"}), 401, "unauthorized"),
        (
            client.post("/api/v1/print-jobs/1/result", json={"status": "printed"}),
            401,
            "unauthorized",
        ),
        (client.get(f"/api/v1/reports/summary?office_id={office}"), 401, "unauthorized"),
    ]
    for response, status, code in checks:
        assert_error(response, status, code)


BIG = 10**30  # beyond any database integer


@pytest.mark.parametrize(
    ("method", "path", "code"),
    [
        ("GET", f"/api/v1/tickets/{BIG}", "ticket_not_found"),
        ("POST", f"/api/v1/tickets/{BIG}/start", "ticket_not_found"),
        ("POST", f"/api/v1/tickets/{BIG}/transfer", "ticket_not_found"),
        ("POST", f"/api/v1/tickets/{BIG}/rating", "ticket_not_found"),
        ("POST", f"/api/v1/counters/{BIG}/call-next", "counter_not_found"),
        ("POST", f"/api/v1/counters/{BIG}/open", "counter_not_found"),
        ("GET", f"/api/v1/offices/{BIG}/state", "office_not_found"),
        ("GET", f"/api/v1/offices/{BIG}/services", "office_not_found"),
        ("POST", f"/api/v1/print-jobs/{BIG}/result", "print_job_not_found"),
        ("GET", f"/api/v1/reports/summary?office_id={BIG}", "office_not_found"),
    ],
)
def test_ids_beyond_the_database_range_are_404_not_500(client, world: World, method, path, code):
    body = (
        {"service_id": world.justice.id, "level": "satisfied", "status": "printed"}
        if method == "POST"
        else None
    )
    response = client.open(path, method=method, json=body, headers=world.headers("admin"))
    assert_error(response, 404, code)


@pytest.mark.parametrize("value", [BIG, -BIG, 2**63])
def test_ids_beyond_the_database_range_in_a_body_are_422(client, world: World, value):
    assert_error(
        client.post("/api/v1/tickets", json={"service_id": value}, headers=world.headers("kiosk")),
        422,
        "invalid_field",
    )
    response = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next",
        json={"ticket_id": value},
        headers=world.headers("clerk1"),
    )
    assert_error(response, 422, "invalid_field")


def test_zero_and_negative_ids_are_unknown(client, world: World):
    assert_error(
        client.post("/api/v1/tickets", json={"service_id": 0}, headers=world.headers("kiosk")),
        404,
        "service_not_found",
    )
    assert_error(
        client.post("/api/v1/tickets", json={"service_id": -1}, headers=world.headers("kiosk")),
        404,
        "service_not_found",
    )
