"""Sessions that end: logout, a password reset and disabling end every cookie, token and socket
of the user; DELETE /auth/token revokes the caller's token; a moved user's sockets close."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import PASSWORD, World, bearer
from flask import Flask
from flask.testing import FlaskClient

from server.realtime.connections import connections, stale_sids
from server.realtime.socket import socketio

TOKEN_URL = "/api/v1/auth/token"
LOGIN_URL = "/api/v1/auth/login"


def log_in(client: FlaskClient, username: str = "canbo1", password: str = PASSWORD) -> str:
    """Sign the client in; returns the login cookie's value (as a browser would keep it)."""
    response = client.post(LOGIN_URL, json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def with_cookie(app: Flask, value: str) -> FlaskClient:
    """Another browser holding a copy of a saved login cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def signed_in(client: FlaskClient) -> bool:
    """Whether the client's cookie is a live login session."""
    me = client.get("/api/v1/auth/me").json
    offices = client.get("/api/v1/offices").status_code
    assert (me["user"] is not None) == (offices == 200)
    return offices == 200


def new_token(client: FlaskClient, username: str = "canbo1") -> str:
    """A fresh API token of a user."""
    response = client.post(TOKEN_URL, json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return str(response.json["token"])


def token_works(client: FlaskClient, token: str) -> bool:
    """Whether the bearer token still authenticates."""
    status = client.get("/api/v1/offices", headers=bearer(token)).status_code
    assert status in (200, 401)
    return status == 200


def test_a_saved_cookie_stops_working_after_logout(app, client, world: World):
    saved = log_in(client)
    assert signed_in(with_cookie(app, saved))
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert not signed_in(with_cookie(app, saved))
    assert not signed_in(client)
    # The dead cookie is anonymous: no user, and no CSRF token handed out for it.
    assert with_cookie(app, saved).get("/api/v1/auth/me").json == {"user": None, "device": None}


def test_logout_ends_every_session_and_token_of_the_user(app, client, world: World):
    elsewhere = app.test_client()
    other_cookie = log_in(elsewhere)
    token = new_token(client)
    log_in(client)
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert not signed_in(with_cookie(app, other_cookie))
    assert not token_works(client, token)
    assert not token_works(client, world.clerk1[1])
    assert token_works(client, world.clerk2[1])  # only that user's
    # Signing in again works, with a cookie of the new epoch.
    fresh = log_in(client)
    assert signed_in(with_cookie(app, fresh))


def test_logout_with_a_bearer_token_ends_that_users_cookies(app, client, world: World):
    saved = log_in(app.test_client())
    assert client.post("/api/v1/auth/logout", headers=world.headers("clerk1")).status_code == 204
    assert not signed_in(with_cookie(app, saved))
    assert not token_works(client, world.clerk1[1])


def test_a_password_reset_ends_the_users_cookies_and_tokens(app, client, world: World):
    saved = log_in(app.test_client())
    token = new_token(client)
    response = client.post(
        f"/api/v1/admin/users/{world.clerk1[0].id}/password",
        json={"password": "mat-khau-moi"},
        headers=world.headers("admin"),
    )
    assert response.status_code == 200, response.json
    assert not signed_in(with_cookie(app, saved))
    assert not token_works(client, token)
    assert log_in(app.test_client(), password="mat-khau-moi")


def test_disabling_ends_sessions_for_good_even_once_enabled_again(app, client, world: World):
    saved = log_in(app.test_client())
    token = new_token(client)
    path = f"/api/v1/admin/users/{world.clerk1[0].id}"
    for active in (False, True):
        response = client.patch(path, json={"active": active}, headers=world.headers("admin"))
        assert response.status_code == 200, response.json
    assert not signed_in(with_cookie(app, saved))
    assert not token_works(client, token)
    assert signed_in(with_cookie(app, log_in(app.test_client())))


def test_delete_token_revokes_only_the_callers_token(client, world: World):
    token = new_token(client)
    other = new_token(client)
    response = client.delete(TOKEN_URL, headers=bearer(token))
    assert response.status_code == 204 and response.get_data() == b""
    assert not token_works(client, token)
    assert token_works(client, other)
    again = client.delete(TOKEN_URL, headers=bearer(token))
    assert again.status_code == 401 and again.json["error"]["code"] == "invalid_token"


def test_delete_token_needs_a_users_bearer_token(app, client, world: World):
    anonymous = client.delete(TOKEN_URL)
    assert anonymous.status_code == 401 and anonymous.json["error"]["code"] == "unauthorized"
    log_in(client)  # a cookie is not a token
    assert client.delete(TOKEN_URL).status_code == 401
    device = client.delete(TOKEN_URL, headers=world.headers("kiosk"))
    assert device.status_code == 403 and device.json["error"]["code"] == "forbidden"
    assert token_works(client, world.kiosk[1])


def test_openapi_documents_revoking_a_token(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    revoke = paths["/api/v1/auth/token"]["delete"]
    assert set(revoke["responses"]) >= {"204", "401", "403"}


def test_logout_closes_the_users_sockets(app, client, world: World):
    log_in(client)
    browser = socketio.test_client(app, flask_test_client=client)
    token = socketio.test_client(app, auth={"token": world.clerk1[1]})
    colleague = socketio.test_client(app, auth={"token": world.clerk2[1]})
    assert browser.is_connected() and token.is_connected() and colleague.is_connected()
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert not browser.is_connected() and not token.is_connected()
    assert colleague.is_connected()


def test_delete_token_closes_the_sockets_of_that_token(app, client, world: World):
    token = new_token(client)
    revoked = socketio.test_client(app, auth={"token": token})
    kept = socketio.test_client(app, auth={"token": world.clerk1[1]})
    assert client.delete(TOKEN_URL, headers=bearer(token)).status_code == 204
    assert not revoked.is_connected() and kept.is_connected()


def test_sweep_finds_sessions_ended_by_another_process(app, client, world: World, session):
    """A logout handled by another process raises the epoch; this process's sweep sees it."""
    log_in(client)
    browser = socketio.test_client(app, flask_test_client=client)
    assert browser.is_connected()
    assert stale_sids(app, datetime.now(UTC)) == []
    world.clerk1[0].session_epoch += 1
    session.commit()
    [stale] = stale_sids(app, datetime.now(UTC))
    assert connections(app)[stale].user_id == world.clerk1[0].id


def test_a_moved_users_sockets_stop_hearing_the_old_office(
    app, client, world: World, make_office, session
):
    commune = make_office(name="Điểm tiếp nhận", parent_id=world.office.id)
    listening = socketio.test_client(app, auth={"token": world.clerk1[1]})
    assert listening.is_connected()
    # Moved by another process: this process's sweep finds the socket.
    world.clerk1[0].office_id = commune.id
    session.commit()
    assert len(stale_sids(app, datetime.now(UTC))) == 1
    world.clerk1[0].office_id = world.office.id
    session.commit()
    assert stale_sids(app, datetime.now(UTC)) == []
    # Moved through the admin API of this process: closed at once; it reconnects to its new office.
    moved = client.patch(
        f"/api/v1/admin/users/{world.clerk1[0].id}",
        json={"office_id": commune.id},
        headers=world.headers("admin"),
    )
    assert moved.status_code == 200, moved.json
    assert not listening.is_connected()
    again = socketio.test_client(app, auth={"token": world.clerk1[1]})
    assert again.is_connected()
    [state] = [p["args"][0] for p in again.get_received() if p["name"] == "state"]
    assert state["office_id"] == commune.id


def test_a_role_change_closes_the_users_sockets(app, client, world: World):
    listening = socketio.test_client(app, auth={"token": world.manager[1]})
    assert listening.is_connected()
    changed = client.patch(
        f"/api/v1/admin/users/{world.manager[0].id}",
        json={"role": "clerk"},
        headers=world.headers("admin"),
    )
    assert changed.status_code == 200, changed.json
    assert not listening.is_connected()
