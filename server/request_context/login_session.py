"""The browser's login session (a signed cookie): who signed in, and its CSRF token.

The API signs in and checks CSRF with it, the Socket.IO handshake of the staff pages and the
staff pages themselves read who is signed in.
"""

from __future__ import annotations

import hmac
import secrets

from flask import session

from server.models import User
from server.request_context.current import db_session
from server.rules.errors import DomainError
from server.services.accounts.credentials import actor_for_login
from server.services.actor import Actor


def csrf_token() -> str:
    """The login session's CSRF token, created on first use."""
    token = session.get("csrf_token")
    if not token:
        token = secrets.token_urlsafe(24)
        session["csrf_token"] = token
    return str(token)


def check_csrf(sent: str) -> None:
    """Cookie-authenticated changes must echo the session's CSRF token (403 otherwise)."""
    expected = session.get("csrf_token", "")
    if not expected or not hmac.compare_digest(sent, str(expected)):
        raise DomainError("csrf_failed", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token)", 403)


def has_login_session() -> bool:
    """Whether this browser's cookie names a user, whether or not their session still holds."""
    return "user_id" in session


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
