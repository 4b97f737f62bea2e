"""Sign-in: bearer tokens for clients, login sessions for browser pages."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, session

from server.api.context import db_session
from server.api.parsing import json_body
from server.api.principal import csrf_token, optional_actor
from server.api.responses import json_reply
from server.api.throttle import throttled_login
from server.models import User
from server.services.auth import check_credentials, issue_user_token
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
    session.clear()
    session["user_id"] = user.id
    session.permanent = True
    return json_reply({"user": user_dict(user), "csrf_token": csrf_token()})


@bp.post("/logout")
def logout() -> Response:
    """End the browser login session."""
    session.clear()
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
    if "user_id" in session:
        body["csrf_token"] = csrf_token()
    return json_reply(body)
