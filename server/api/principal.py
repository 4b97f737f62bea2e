"""Who is calling the API: a bearer token (user or device) or a browser login session."""

from __future__ import annotations

from flask import request

from server.request_context.current import db_session
from server.request_context.login_session import check_csrf, has_login_session, login_session_actor
from server.rules.errors import DomainError
from server.services.accounts.credentials import actor_for_token
from server.services.actor import Actor

ACTOR_KEY = "xephang.actor"  # per request: `g` may outlive one request
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


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
            check_csrf(request.headers.get("X-CSRF-Token", ""))
    request.environ[ACTOR_KEY] = actor
    return actor


def carries_staff_credentials() -> bool:
    """Whether the request comes with a bearer token or a login session, valid or not."""
    return bool(request.headers.get("Authorization")) or has_login_session()


def bearer_token() -> str | None:
    """The bearer token of the Authorization header; None without one, 401 when malformed."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError("unauthorized", "Authorization phải có dạng: Bearer <token>", 401)
    return token.strip()


def current_actor() -> Actor:
    """The caller; 401 when anonymous."""
    actor = optional_actor()
    if actor is None:
        raise DomainError("unauthorized", "Cần đăng nhập hoặc gửi mã truy cập", 401)
    return actor
