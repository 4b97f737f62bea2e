"""Login throttling: failed sign-ins per username and address, and per address, get 429."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from flask import current_app, request

from server.request_context.current import db_session
from server.request_context.rate_limit import client_key
from server.services.accounts.login_throttle import (
    LoginPolicy,
    clear_login_failures,
    record_login_failure,
    require_login_allowed,
)

T = TypeVar("T")


def login_address() -> str:
    """The client's address as the app trusts it (X-Forwarded-For only from trusted proxies)."""
    return client_key(
        request.remote_addr,
        request.headers.get("X-Forwarded-For"),
        int(current_app.config["TRUSTED_PROXIES"]),
    )


def login_policy() -> LoginPolicy:
    """The throttle's limits from the settings."""
    config = current_app.config
    return LoginPolicy(
        per_user=int(config["LOGIN_ATTEMPTS_PER_MINUTE"]),
        per_address=int(config["LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE"]),
        max_lock=timedelta(minutes=float(config["LOGIN_LOCK_MAX_MINUTES"])),
    )


def throttled_login(username: Any, attempt: Callable[[], T]) -> T:
    """Run a sign-in attempt unless over a limit; count it when it fails, clear it when not."""
    # The same name the account lookup uses, so " canbo1" and "canbo1 " share one counter.
    name = username.strip() if isinstance(username, str) else repr(username)
    address = login_address()
    policy = login_policy()
    session = db_session()
    require_login_allowed(session, name, address, policy)
    try:
        result = attempt()
    except Exception:
        record_login_failure(session, name, address, policy)
        raise
    clear_login_failures(session, name, address)
    return result
