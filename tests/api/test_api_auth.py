"""POST /auth/token and /auth/login, bearer tokens (user and device), CSRF on login sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import PASSWORD, World, app_settings, assert_error, bearer
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from support_server import empty_database

from server.app import create_app
from server.db import database
from server.migrations import upgrade
from server.models import ApiToken, Device, LoginFailure, utcnow
from server.rules.errors import DomainError
from server.services.accounts import login_throttle
from server.services.accounts.credentials import hash_token, issue_user_token
from server.services.accounts.login_throttle import (
    LOCK_MEMORY,
    LoginPolicy,
    record_login_failure,
    require_login_allowed,
)

TOKEN_URL = "/api/v1/auth/token"


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


POLICY = LoginPolicy(per_user=3, per_address=5, max_lock=timedelta(minutes=4))
START = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def allowed(session: Session, name: str, address: str, at: datetime) -> bool:
    """Whether a sign-in of the name from the address may be tried at that moment."""
    try:
        require_login_allowed(session, name, address, POLICY, now=at)
    except DomainError as refused:
        assert refused.status == 429 and refused.code == "too_many_attempts"
        return False
    return True


def fail(session: Session, name: str, address: str, at: datetime, times: int) -> datetime:
    """Record failed sign-ins a second apart; returns the moment of the last."""
    for second in range(times):
        record_login_failure(session, name, address, POLICY, now=at + timedelta(seconds=second))
    return at + timedelta(seconds=times - 1)


def test_each_lock_of_a_name_lasts_twice_the_one_before_up_to_the_cap(session: Session):
    at = START
    for minutes in (1, 2, 4, 4):  # the first lock is short; 4 is this policy's cap
        locked_at = fail(session, "canbo1", "1.2.3.4", at, POLICY.per_user)
        assert not allowed(session, "canbo1", "1.2.3.4", locked_at)
        assert not allowed(
            session,
            "canbo1",
            "1.2.3.4",
            locked_at + timedelta(minutes=minutes) - timedelta(seconds=1),
        )
        at = locked_at + timedelta(minutes=minutes) + timedelta(seconds=1)
        assert allowed(session, "canbo1", "1.2.3.4", at)
    # Failures below the limit after a lock lock nothing.
    last = fail(session, "canbo1", "1.2.3.4", at, POLICY.per_user - 1)
    assert allowed(session, "canbo1", "1.2.3.4", last)


def test_a_lock_is_per_address_and_forgotten_an_hour_after_it_ended(session: Session):
    locked_at = fail(session, "canbo1", "1.2.3.4", START, POLICY.per_user)
    assert not allowed(session, "canbo1", "1.2.3.4", locked_at)
    assert allowed(session, "canbo1", "5.6.7.8", locked_at)  # the clerk at their own desk
    assert allowed(session, "canbo2", "1.2.3.4", locked_at)
    # A lock that ended over an hour ago no longer lengthens the next: it is 1 minute again.
    later = locked_at + timedelta(minutes=1) + LOCK_MEMORY + timedelta(seconds=1)
    relocked = fail(session, "canbo1", "1.2.3.4", later, POLICY.per_user)
    assert allowed(session, "canbo1", "1.2.3.4", relocked + timedelta(minutes=1, seconds=1))


def test_failures_older_than_a_minute_no_longer_count(session: Session):
    fail(session, "canbo1", "1.2.3.4", START, POLICY.per_user - 1)
    fail(session, "canbo1", "1.2.3.4", START + timedelta(seconds=70), POLICY.per_user - 1)
    assert allowed(session, "canbo1", "1.2.3.4", START + timedelta(seconds=75))
    # Old rows are pruned on the next failure, so the table never grows without bound.
    record_login_failure(session, "other", "5.6.7.8", POLICY, now=START + timedelta(minutes=5))
    assert session.scalar(select(func.count()).select_from(LoginFailure)) == 2  # name + address


def test_an_address_is_throttled_across_usernames(session: Session):
    for number in range(POLICY.per_address):
        fail(session, f"guess{number}", "1.2.3.4", START + timedelta(seconds=number), 1)
    moment = START + timedelta(seconds=POLICY.per_address)
    assert not allowed(session, "canbo1", "1.2.3.4", moment)  # even a name never tried
    assert allowed(session, "canbo1", "5.6.7.8", moment)
    assert allowed(session, "canbo1", "1.2.3.4", moment + timedelta(minutes=1))


def test_random_usernames_from_one_address_get_429(client, world: World, app):
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE"] = 4
    stranger = {"REMOTE_ADDR": "10.0.0.9"}
    for number in range(4):
        body = {"username": f"nobody{number}", "password": "bad"}
        assert_error(
            client.post(TOKEN_URL, json=body, environ_base=stranger), 401, "invalid_credentials"
        )
    body = {"username": "canbo1", "password": PASSWORD}
    assert_error(client.post(TOKEN_URL, json=body, environ_base=stranger), 429, "too_many_attempts")
    assert client.post(TOKEN_URL, json=body).status_code == 200  # from the clerk's own address


def test_the_right_password_works_once_the_lock_ends_and_clears_it(
    client, world: World, app, monkeypatch
):
    now = [utcnow()]
    monkeypatch.setattr(login_throttle, "utcnow", lambda: now[0])
    limit = app.config["LOGIN_ATTEMPTS_PER_MINUTE"]
    bad = {"username": "canbo1", "password": "bad"}
    good = {"username": "canbo1", "password": PASSWORD}
    for _ in range(limit):
        assert_error(client.post(TOKEN_URL, json=bad), 401, "invalid_credentials")
    assert_error(client.post(TOKEN_URL, json=good), 429, "too_many_attempts")
    now[0] += timedelta(seconds=61)  # the first lock lasts one minute
    assert client.post(TOKEN_URL, json=good).status_code == 200
    # The success cleared the count and the lock history: the next lock is one minute again.
    for _ in range(limit):
        client.post(TOKEN_URL, json=bad)
    assert_error(client.post(TOKEN_URL, json=good), 429, "too_many_attempts")
    now[0] += timedelta(seconds=61)
    assert client.post(TOKEN_URL, json=good).status_code == 200


def test_locks_back_off_on_postgresql_too(tmp_path):
    """The lock row is taken with INSERT … ON CONFLICT and FOR UPDATE: check the dialect."""
    with empty_database("postgresql", tmp_path) as url:
        upgrade(url)
        engine = create_engine(url)
        try:
            with Session(engine) as session:
                for minutes in (1, 2):
                    at = START + timedelta(hours=minutes)
                    locked_at = fail(session, "canbo1", "1.2.3.4", at, POLICY.per_user)
                    almost = locked_at + timedelta(minutes=minutes, seconds=-1)
                    assert not allowed(session, "canbo1", "1.2.3.4", almost)
                    assert allowed(session, "canbo1", "1.2.3.4", almost + timedelta(seconds=2))
                    session.rollback()
        finally:
            engine.dispose()


def test_a_forged_forwarded_for_does_not_dodge_the_address_limit(client, world: World, app):
    """Without a trusted proxy the header is ignored; behind one, its client address counts."""
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE"] = 3
    for number in range(3):
        forged = {"X-Forwarded-For": f"203.0.113.{number}"}
        body = {"username": f"nobody{number}", "password": "bad"}
        assert_error(client.post(TOKEN_URL, json=body, headers=forged), 401, "invalid_credentials")
    forged = {"X-Forwarded-For": "203.0.113.99"}
    body = {"username": "canbo1", "password": PASSWORD}
    assert_error(client.post(TOKEN_URL, json=body, headers=forged), 429, "too_many_attempts")
    # Behind one trusted proxy, the clients it names are told apart.
    app.config["TRUSTED_PROXIES"] = 1
    assert client.post(TOKEN_URL, json=body, headers=forged).status_code == 200
    guesser = {"X-Forwarded-For": "198.51.100.7"}
    for number in range(3):
        client.post(TOKEN_URL, json={"username": f"x{number}", "password": "b"}, headers=guesser)
    assert_error(client.post(TOKEN_URL, json=body, headers=guesser), 429, "too_many_attempts")
    assert client.post(TOKEN_URL, json=body, headers=forged).status_code == 200
