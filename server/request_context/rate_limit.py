"""Per-address rate limits of what anyone may ask without a login: a sliding window per client.

The phone page and public ticket reads, phone ratings and announcement renders. These limits
are per server process (the login throttle, unlike them, counts in the database): behind a
proxy with sticky sessions a client meets the same process, so the effective limit is close.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Flask, Response, current_app, request

from server.request_context.error_body import error_response

P = ParamSpec("P")
R = TypeVar("R")

WINDOW_SECONDS = 60.0
MAX_CLIENTS = 10_000  # addresses remembered per bucket; the least recently seen is dropped first

# Bucket name → the setting holding its requests per minute.
BUCKETS = {
    "public_read": "PUBLIC_READS_PER_MINUTE",
    "public_rating": "PUBLIC_RATINGS_PER_MINUTE",
    "public_booking": "PUBLIC_BOOKINGS_PER_MINUTE",
    "audio_render": "AUDIO_RENDERS_PER_MINUTE",
}


class SlidingWindowLimiter:
    """At most `limit` hits per `window` seconds per key; memory bounded by `max_keys × limit`."""

    def __init__(
        self,
        limit: int,
        window: float = WINDOW_SECONDS,
        max_keys: int = MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Count one request; None when allowed, else the seconds until one would be."""
        if self.limit <= 0:  # 0 turns the limit off
            return None
        with self._lock:
            now = self._clock()
            hits = self._hits.get(key)
            if hits is None:
                hits = self._hits[key] = deque()
                while len(self._hits) > self.max_keys:
                    self._hits.popitem(last=False)
            else:
                self._hits.move_to_end(key)
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                # Refused requests are not recorded, so a queue never outgrows `limit`.
                return max(hits[0] + self.window - now, 0.001)
            hits.append(now)
            return None

    def __len__(self) -> int:
        """How many clients are remembered."""
        return len(self._hits)


def client_key(remote_addr: str | None, forwarded_for: str | None, trusted_proxies: int) -> str:
    """The client's address (from X-Forwarded-For behind trusted proxies); IPv6 by its /64."""
    address = remote_addr or ""
    if trusted_proxies > 0 and forwarded_for:
        hops = [part.strip() for part in forwarded_for.split(",") if part.strip()]
        if len(hops) >= trusted_proxies:
            address = hops[-trusted_proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        # One subscriber usually holds a whole /64; counting single addresses is no limit.
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def limiter(app: Flask, bucket: str) -> SlidingWindowLimiter:
    """The app's limiter for a bucket, created on first use from its setting."""
    limiters: dict[str, SlidingWindowLimiter] = app.extensions.setdefault("xephang_rate_limits", {})
    found = limiters.get(bucket)
    if found is None:
        found = limiters[bucket] = SlidingWindowLimiter(int(app.config[BUCKETS[bucket]]))
    return found


def over_limit(bucket: str) -> float | None:
    """Count this request against a bucket; the seconds to wait when it is over, else None."""
    key = client_key(
        request.remote_addr,
        request.headers.get("X-Forwarded-For"),
        int(current_app.config["TRUSTED_PROXIES"]),
    )
    return limiter(current_app, bucket).hit(key)


def too_many_requests(retry_after: float) -> Response:
    """The 429 JSON error, with Retry-After in whole seconds."""
    response = error_response(
        "too_many_requests", "Quá nhiều yêu cầu, vui lòng thử lại sau ít phút", 429
    )
    response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


def rate_limited(bucket: str) -> Callable[[Callable[P, Response]], Callable[P, Response]]:
    """Decorate a JSON route: answer 429 `too_many_requests` when the client is over the bucket."""

    def decorate(view: Callable[P, Response]) -> Callable[P, Response]:
        @wraps(view)
        def limited(*args: P.args, **kwargs: P.kwargs) -> Response:
            retry_after = over_limit(bucket)
            if retry_after is not None:
                return too_many_requests(retry_after)
            return view(*args, **kwargs)

        return limited

    return decorate
