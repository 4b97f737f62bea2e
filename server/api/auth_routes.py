"""Sign-in: bearer tokens for clients, login sessions for browser pages."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, session

from server.api.parsing import json_body
from server.api.principal import bearer_token, current_actor, optional_actor
from server.api.responses import json_reply, reply
from server.api.throttle import throttled_login
from server.models import User
from server.request_context.current import db_session
from server.request_context.login_session import (
    csrf_token,
    login_session_actor,
    start_login_session,
)
from server.rules.errors import DomainError
from server.services.accounts.credentials import (
    check_credentials,
    issue_user_token,
    revoke_token,
    sign_out,
)
from server.services.presenters import device_dict, user_dict

bp = Blueprint("api_auth", __name__, url_prefix="/api/v1/auth")


def _checked_user() -> User:
    """The user named in the body, counting failures against the throttle."""
    body = json_body()
    return throttled_login(
        body.get("username"),
        lambda: check_credentials(db_session(), body.get("username"), body.get("password")),
    )


@bp.post("/token")
def create_token() -> Response:
    """Exchange a username and password for a bearer token."""
    user = _checked_user()
    ttl = current_app.config["TOKEN_TTL_HOURS"]
    return json_reply(issue_user_token(db_session(), user, ttl), 200)


@bp.post("/login")
def login() -> Response:
    """Start a browser login session."""
    user = _checked_user()
    start_login_session(user)
    return json_reply({"user": user_dict(user), "csrf_token": csrf_token()})


@bp.delete("/token")
def delete_token() -> Response:
    """Revoke the caller's own bearer token (its other tokens and sessions stay)."""
    token = bearer_token()
    if token is None:
        raise DomainError("unauthorized", "Cần gửi mã truy cập cần thu hồi (Bearer)", 401)
    actor = current_actor()
    if actor.user is None:
        raise DomainError("forbidden", "Mã của thiết bị chỉ quản trị viên thu hồi được", 403)
    return reply(revoke_token(db_session(), token))


@bp.post("/logout")
def logout() -> Response:
    """Sign out: every login session, cookie and API token of the user ends, sockets close."""
    # A cookie logout needs no CSRF token: the SameSite=Lax cookie never comes cross-site.
    actor = login_session_actor() if bearer_token() is None else optional_actor()
    session.clear()
    if actor is not None and actor.user is not None:
        return reply(sign_out(db_session(), actor.user.id))
    return Response(status=204)


@bp.get("/me")
def me() -> Response:
    """Who the caller is (user or device), with the CSRF token for a browser session."""
    actor = optional_actor()
    body: dict[str, object] = {"user": None, "device": None}
    if actor is not None and actor.user is not None:
        body["user"] = user_dict(actor.user)
    if actor is not None and actor.device is not None:
        body["device"] = device_dict(actor.device)
    if body["user"] is not None and bearer_token() is None:  # signed in by this cookie
        body["csrf_token"] = csrf_token()
    return json_reply(body)
