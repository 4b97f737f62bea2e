"""POST /auth/token and /auth/login, bearer tokens (user and device), CSRF on login sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import PASSWORD, World, app_settings, bearer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.app import create_app
from server.db import database
from server.models import ApiToken, Device, LoginFailure, utcnow
from server.rules.errors import DomainError
from server.services.auth import hash_token, issue_user_token
from server.services.login_throttle import record_login_failure, require_login_allowed

TOKEN_URL = "/api/v1/auth/token"


def assert_error(response, status: int, code: str) -> None:
    """The response is the JSON error of DESIGN §5 with this status and code."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    assert response.json["error"]["code"] == code
    assert isinstance(response.json["error"]["message"], str) and response.json["error"]["message"]


def test_token_with_good_password_authenticates_later_requests(client, world: World):
    response = client.post(TOKEN_URL, json={"username": "canbo1", "password": PASSWORD})
    assert response.status_code == 200, response.json
    body = response.json
    assert set(body) >= {"token", "expires_at", "user"}
    assert body["user"]["username"] == "canbo1"
    assert body["user"]["role"] == "clerk"
    assert "password_hash" not in body["user"]
    me = client.get("/api/v1/auth/me", headers=bearer(body["token"]))
    assert me.status_code == 200
    assert me.json["user"]["id"] == world.clerk1[0].id


def test_token_expires_after_the_configured_lifetime(client, world: World, app):
    before = utcnow()
    response = client.post(TOKEN_URL, json={"username": "canbo1", "password": PASSWORD})
    expires_at = datetime.fromisoformat(response.json["expires_at"])
    hours = app.config["TOKEN_TTL_HOURS"]
    assert before + timedelta(hours=hours) <= expires_at <= utcnow() + timedelta(hours=hours)


def test_token_stores_only_the_hash(client, world: World, session):
    response = client.post(TOKEN_URL, json={"username": "canbo1", "password": PASSWORD})
    token = response.json["token"]
    stored = session.query(ApiToken).filter_by(token_hash=hash_token(token)).one()
    assert stored.user_id == world.clerk1[0].id
    assert session.query(ApiToken).filter_by(token_hash=token).first() is None


def test_wrong_password_is_401_invalid_credentials(client, world: World):
    response = client.post(TOKEN_URL, json={"username": "canbo1", "password": "wrong"})
    assert_error(response, 401, "invalid_credentials")


def test_unknown_user_is_the_same_401(client, world: World):
    response = client.post(TOKEN_URL, json={"username": "nobody", "password": PASSWORD})
    assert_error(response, 401, "invalid_credentials")


def test_inactive_user_cannot_sign_in(client, world: World, session):
    world.clerk1[0].active = False
    session.commit()
    response = client.post(TOKEN_URL, json={"username": "canbo1", "password": PASSWORD})
    assert_error(response, 401, "invalid_credentials")


def test_inactive_user_token_stops_working(client, world: World, session):
    world.clerk1[0].active = False
    session.commit()
    assert_error(
        client.get("/api/v1/offices", headers=world.headers("clerk1")), 401, "invalid_token"
    )


def test_wrong_types_are_422(client, world: World):
    for body in (
        {"username": 1, "password": PASSWORD},
        {"username": "canbo1", "password": None},
        {"username": "canbo1"},
        {"username": ["canbo1"], "password": PASSWORD},
        {"username": "canbo1", "password": 12345},
    ):
        assert_error(client.post(TOKEN_URL, json=body), 422, "invalid_field")


def test_malformed_json_is_400(client):
    response = client.post(
        TOKEN_URL, data='{"username": "canbo1",', content_type="application/json"
    )
    assert_error(response, 400, "malformed_json")


def test_empty_body_is_400(client):
    assert_error(client.post(TOKEN_URL), 400, "malformed_json")
    assert_error(
        client.post(TOKEN_URL, data="", content_type="application/json"), 400, "malformed_json"
    )


def test_non_object_json_is_400(client):
    for raw in ('["canbo1", "pw"]', '"canbo1"', "42", "null"):
        response = client.post(TOKEN_URL, data=raw, content_type="application/json")
        assert_error(response, 400, "malformed_json")


def test_many_failures_throttle_even_the_right_password(client, world: World, app):
    limit = app.config["LOGIN_ATTEMPTS_PER_MINUTE"]
    for _ in range(limit):
        assert_error(
            client.post(TOKEN_URL, json={"username": "canbo1", "password": "bad"}),
            401,
            "invalid_credentials",
        )
    assert_error(
        client.post(TOKEN_URL, json={"username": "canbo1", "password": "bad"}),
        429,
        "too_many_attempts",
    )
    assert_error(
        client.post(TOKEN_URL, json={"username": "canbo1", "password": PASSWORD}),
        429,
        "too_many_attempts",
    )
    # The throttle is per username: another account from the same address still signs in.
    assert (
        client.post(TOKEN_URL, json={"username": "canbo2", "password": PASSWORD}).status_code == 200
    )


def test_throttle_cannot_be_dodged_with_spaces_around_the_name(client, world: World, app):
    limit = app.config["LOGIN_ATTEMPTS_PER_MINUTE"]
    for attempt in range(limit):
        padded = " " * attempt + "canbo1" + " " * (attempt % 3)
        assert_error(
            client.post(TOKEN_URL, json={"username": padded, "password": "bad"}),
            401,
            "invalid_credentials",
        )
    assert_error(
        client.post(TOKEN_URL, json={"username": "  canbo1 ", "password": "bad"}),
        429,
        "too_many_attempts",
    )


def test_failures_below_the_limit_do_not_throttle(client, world: World, app):
    limit = app.config["LOGIN_ATTEMPTS_PER_MINUTE"]
    for _ in range(limit - 1):
        client.post(TOKEN_URL, json={"username": "canbo1", "password": "bad"})
    assert (
        client.post(TOKEN_URL, json={"username": "canbo1", "password": PASSWORD}).status_code == 200
    )


def test_login_throttle_is_shared_with_the_token_endpoint(client, world: World, app):
    limit = app.config["LOGIN_ATTEMPTS_PER_MINUTE"]
    for _ in range(limit):
        client.post("/api/v1/auth/login", json={"username": "canbo1", "password": "bad"})
    assert_error(
        client.post(TOKEN_URL, json={"username": "canbo1", "password": PASSWORD}),
        429,
        "too_many_attempts",
    )


def test_login_session_needs_csrf_header_for_changes(client, world: World):
    login = client.post("/api/v1/auth/login", json={"username": "canbo1", "password": PASSWORD})
    assert login.status_code == 200, login.json
    csrf = login.json["csrf_token"]
    assert login.json["user"]["username"] == "canbo1"
    # Reading needs no CSRF token.
    offices = client.get("/api/v1/offices")
    assert offices.status_code == 200
    assert [office["id"] for office in offices.json] == [world.office.id]
    me = client.get("/api/v1/auth/me")
    assert me.json["user"]["username"] == "canbo1" and me.json["csrf_token"] == csrf

    refused = client.post("/api/v1/tickets", json={"service_id": world.land.id})
    assert_error(refused, 403, "csrf_failed")
    wrong = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers={"X-CSRF-Token": "nope"}
    )
    assert_error(wrong, 403, "csrf_failed")
    issued = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers={"X-CSRF-Token": csrf}
    )
    assert issued.status_code == 201, issued.json
    assert issued.json["number"] == "A001"  # the refused attempts issued nothing
    assert issued.json["channel"] == "reception"


def test_login_with_wrong_password_is_401_and_starts_no_session(client, world: World):
    assert_error(
        client.post("/api/v1/auth/login", json={"username": "canbo1", "password": "x"}),
        401,
        "invalid_credentials",
    )
    assert_error(client.get("/api/v1/offices"), 401, "unauthorized")


def test_logout_ends_the_session(client, world: World):
    client.post("/api/v1/auth/login", json={"username": "canbo1", "password": PASSWORD})
    assert client.get("/api/v1/offices").status_code == 200
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert_error(client.get("/api/v1/offices"), 401, "unauthorized")


def test_anonymous_me_is_empty(client):
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 200
    assert response.json == {"user": None, "device": None}


def test_device_me_names_the_device(client, world: World):
    response = client.get("/api/v1/auth/me", headers=world.headers("kiosk"))
    assert response.json["user"] is None
    assert response.json["device"]["id"] == world.kiosk[0].id
    assert response.json["device"]["kind"] == "kiosk"
    assert "token_hash" not in response.json["device"]


def test_garbage_bearer_is_401(client):
    assert_error(client.get("/api/v1/offices", headers=bearer("not-a-token")), 401, "invalid_token")


def test_malformed_authorization_header_is_401(client, world: World):
    for header in ("Basic dXNlcjpwdw==", "Bearer", "Bearer   ", world.clerk1[1]):
        response = client.get("/api/v1/offices", headers={"Authorization": header})
        assert_error(response, 401, "unauthorized")


def test_expired_token_is_401(client, world: World, session):
    issued = issue_user_token(session, world.clerk1[0], 1, now=utcnow() - timedelta(hours=2))
    assert_error(
        client.get("/api/v1/offices", headers=bearer(issued["token"])), 401, "invalid_token"
    )


def test_token_just_before_expiry_still_works(client, world: World, session):
    issued = issue_user_token(session, world.clerk1[0], 1, now=utcnow() - timedelta(minutes=59))
    assert client.get("/api/v1/offices", headers=bearer(issued["token"])).status_code == 200


def test_revoked_user_token_is_401(client, world: World, session):
    token = world.clerk1[1]
    assert client.get("/api/v1/offices", headers=bearer(token)).status_code == 200
    stored = session.query(ApiToken).filter_by(token_hash=hash_token(token)).one()
    stored.revoked_at = utcnow()
    session.commit()
    assert_error(client.get("/api/v1/offices", headers=bearer(token)), 401, "invalid_token")


def test_revoked_device_token_is_401(client, world: World, session):
    device, token = world.kiosk
    assert (
        client.post(
            "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
        ).status_code
        == 201
    )
    stored = session.get(Device, device.id)
    stored.revoked_at = utcnow()
    session.commit()
    assert_error(
        client.get(f"/api/v1/offices/{world.office.id}/services", headers=bearer(token)),
        401,
        "invalid_token",
    )
    refused = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
    )
    assert_error(refused, 401, "invalid_token")


def test_bearer_token_needs_no_csrf(client, world: World):
    # A token client is not a browser: no cookie, so no CSRF check.
    response = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("clerk1")
    )
    assert response.status_code == 201


def test_login_throttle_counts_failures_from_every_server_process(
    client, world: World, app, database_url: str, tmp_path
):
    """A second app on the same database (another process) sees the first one's failures."""
    other = create_app(app_settings(database_url, tmp_path / "other"))
    other_client = other.test_client()
    limit = app.config["LOGIN_ATTEMPTS_PER_MINUTE"]
    for attempt in range(limit):
        either = client if attempt % 2 else other_client
        either.post(TOKEN_URL, json={"username": "canbo1", "password": "bad"})
    for either in (client, other_client):
        assert_error(
            either.post(TOKEN_URL, json={"username": "canbo1", "password": PASSWORD}),
            429,
            "too_many_attempts",
        )
    database(other).engine.dispose()


def test_login_failures_older_than_a_minute_no_longer_count(session: Session, world: World):
    start = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    for second in range(5):
        record_login_failure(session, "canbo1|1.2.3.4", now=start + timedelta(seconds=second))
    with pytest.raises(DomainError) as refused:
        require_login_allowed(session, "canbo1|1.2.3.4", 5, now=start + timedelta(seconds=30))
    assert refused.value.code == "too_many_attempts"
    require_login_allowed(session, "canbo1|1.2.3.4", 5, now=start + timedelta(seconds=61))
    require_login_allowed(session, "canbo2|1.2.3.4", 5, now=start + timedelta(seconds=30))
    # Old rows are pruned on the next failure, so the table never grows without bound.
    record_login_failure(session, "other|5.6.7.8", now=start + timedelta(minutes=5))
    assert session.scalar(select(func.count()).select_from(LoginFailure)) == 1
