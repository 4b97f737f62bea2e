"""Login throttling: too many failed sign-ins per username and address get 429."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from flask import Flask

from server.rules.errors import DomainError


class LoginThrottle:
    """Counts failed logins in a sliding one-minute window (per process)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        """Failures of a key within the last minute."""
        failures = self._failures[key]
        while failures and failures[0] < now - 60:
            failures.popleft()
        return failures

    def check(self, key: str) -> None:
        """Refuse with 429 while the key is over its limit."""
        with self._lock:
            if len(self._recent(key, time.monotonic())) >= self.per_minute:
                raise DomainError(
                    "too_many_attempts",
                    "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 1 phút",
                    429,
                )

    def failed(self, key: str) -> None:
        """Record one failed attempt."""
        with self._lock:
            now = time.monotonic()
            self._recent(key, now).append(now)
            if len(self._failures) > 10_000:  # bound memory under a spray of usernames
                self._failures.clear()


def login_throttle(app: Flask) -> LoginThrottle:
    """The app's throttle, created on first use."""
    throttle: LoginThrottle | None = app.extensions.get("xephang_login_throttle")
    if throttle is None:
        throttle = LoginThrottle(app.config["LOGIN_ATTEMPTS_PER_MINUTE"])
        app.extensions["xephang_login_throttle"] = throttle
    return throttle
