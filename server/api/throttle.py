"""Login throttling: too many failed sign-ins per username and address get 429."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, request

from server.api.context import db_session
from server.api.rate_limit import client_key
from server.services.login_throttle import record_login_failure, require_login_allowed

T = TypeVar("T")


def login_key(username: Any) -> str:
    """The counter a sign-in attempt counts against: the name as looked up, and the address."""
    # The same name the account lookup uses, so " canbo1" and "canbo1 " share one counter.
    name = username.strip() if isinstance(username, str) else repr(username)
    address = client_key(
        request.remote_addr,
        request.headers.get("X-Forwarded-For"),
        int(current_app.config["TRUSTED_PROXIES"]),
    )
    return f"{name}|{address}"


def throttled_login(username: Any, attempt: Callable[[], T]) -> T:
    """Run a sign-in attempt unless the key is over its limit; count it when it fails."""
    key = login_key(username)
    session = db_session()
    require_login_allowed(session, key, int(current_app.config["LOGIN_ATTEMPTS_PER_MINUTE"]))
    try:
        return attempt()
    except Exception:
        record_login_failure(session, key)
        raise
