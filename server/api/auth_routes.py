"""Sign-in: bearer tokens for clients, login sessions for browser pages."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, session

from server.api.contract import operation, request_body
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
from server.schemas.accounts import Credentials, IssuedToken, LoginSession, Me
from server.services.accounts.credentials import (
    check_credentials,
    issue_user_token,
    revoke_token,
    sign_out,
)
from server.services.presenters import device_dict, user_dict

bp = Blueprint("api_auth", __name__, url_prefix="/api/v1/auth")

SIGN_IN_ERRORS = ("invalid_credentials", "too_many_attempts")
# The caller's own bearer token or login cookie, when one is sent, must be valid.
CALLER_ERRORS = ("unauthorized", "invalid_token")


def _checked_user() -> User:
    """The user named in the body, counting failures against the throttle."""
    sent = request_body(Credentials)
    return throttled_login(
        sent.username, lambda: check_credentials(db_session(), sent.username, sent.password)
    )


@bp.post("/token")
@operation("auth", public=True, body=Credentials, answers={200: IssuedToken}, errors=SIGN_IN_ERRORS)
def create_token() -> Response:
    """Exchange a username and password for a bearer token."""
    user = _checked_user()
    ttl = current_app.config["TOKEN_TTL_HOURS"]
    return json_reply(issue_user_token(db_session(), user, ttl), 200)


@bp.post("/login")
@operation(
    "auth",
    public=True,
    body=Credentials,
    answers={200: LoginSession},
    errors=("csrf_failed", *SIGN_IN_ERRORS),
)
def login() -> Response:
    """Start a browser login session; it must be sent from our own pages (Origin)."""
    user = _checked_user()
    start_login_session(user)
    return json_reply({"user": user_dict(user), "csrf_token": csrf_token()})


# Public as an operation: the route wants a bearer token and says so itself, before a login
# cookie's CSRF check could answer for it (a cookie is no token: 401, not 403).
@bp.delete("/token")
@operation(
    "auth", public=True, unsafe=True, answers={204: None}, errors=(*CALLER_ERRORS, "forbidden")
)
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
@operation("auth", public=True, unsafe=True, answers={204: None}, errors=CALLER_ERRORS)
def logout() -> Response:
    """Sign out: every login session, cookie and API token of the user ends, sockets close."""
    # A cookie logout needs no CSRF token: the SameSite=Lax cookie never comes cross-site.
    actor = login_session_actor() if bearer_token() is None else optional_actor()
    session.clear()
    if actor is not None and actor.user is not None:
        return reply(sign_out(db_session(), actor.user.id))
    return Response(status=204)


@bp.get("/me")
@operation("auth", public=True, answers={200: Me}, errors=CALLER_ERRORS)
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
