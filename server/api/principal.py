"""Who is calling: a bearer token (user or device) or a browser login session, with CSRF checks."""

from __future__ import annotations

import hmac
import secrets

from flask import request, session

from server.api.context import db_session
from server.models import User
from server.rules.errors import DomainError
from server.services.accounts.credentials import actor_for_login, actor_for_token
from server.services.actor import Actor

ACTOR_KEY = "xephang.actor"  # per request: `g` may outlive one request
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_token() -> str:
    """The login session's CSRF token, created on first use."""
    token = session.get("csrf_token")
    if not token:
        token = secrets.token_urlsafe(24)
        session["csrf_token"] = token
    return str(token)


def optional_actor() -> Actor | None:
    """The caller, or None when no credentials came with the request."""
    actor: Actor | None
    if ACTOR_KEY in request.environ:
        actor = request.environ[ACTOR_KEY]
        return actor
    actor = None
    token = bearer_token()
    if token is not None:
        actor = actor_for_token(db_session(), token)
        if actor is None:
            raise DomainError("invalid_token", "Mã truy cập không hợp lệ hoặc đã hết hạn", 401)
    else:
        actor = login_session_actor()
        if actor is not None and request.method in UNSAFE_METHODS:
            _check_csrf()
    request.environ[ACTOR_KEY] = actor
    return actor


def carries_staff_credentials() -> bool:
    """Whether the request comes with a bearer token or a login session, valid or not."""
    return bool(request.headers.get("Authorization")) or "user_id" in session


def bearer_token() -> str | None:
    """The bearer token of the Authorization header; None without one, 401 when malformed."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError("unauthorized", "Authorization phải có dạng: Bearer <token>", 401)
    return token.strip()


def start_login_session(user: User) -> None:
    """Make this browser's cookie a login session of the user, under their current epoch."""
    session.clear()
    session["user_id"] = user.id
    session["epoch"] = user.session_epoch
    session.permanent = True


def login_session_actor() -> Actor | None:
    """The user of this browser's login cookie, unless their sessions have ended since."""
    user_id, epoch = session.get("user_id"), session.get("epoch")
    if not isinstance(user_id, int) or not isinstance(epoch, int):
        return None  # no login, or a cookie from before session epochs: sign in again
    return actor_for_login(db_session(), user_id, epoch)


def current_actor() -> Actor:
    """The caller; 401 when anonymous."""
    actor = optional_actor()
    if actor is None:
        raise DomainError("unauthorized", "Cần đăng nhập hoặc gửi mã truy cập", 401)
    return actor


def _check_csrf() -> None:
    """Cookie-authenticated changes must echo the session's CSRF token in a header."""
    sent = request.headers.get("X-CSRF-Token", "")
    expected = session.get("csrf_token", "")
    if not expected or not hmac.compare_digest(sent, str(expected)):
        raise DomainError("csrf_failed", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token)", 403)
