"""Pacing `sync` answers per socket: one snapshot in flight, at most one per interval, none lost.

A snapshot costs several queries; a client (or a hostile script) that sends `sync` in a loop
used to get one per request, and 1,000 of them from 4 sockets stalled every other request for
seconds. Here a socket's syncs are merged while one of its snapshots is pending, and snapshots
to one socket are spaced by at least the interval. A sync is never dropped: whoever asked gets
a snapshot built after it arrived, at most one interval later.

The pacer is a plain rule over explicit times (no clock, no I/O); the handlers act on it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class _Pace:
    """One socket's pacing: when it last got a snapshot, and what is pending."""

    last_sent: float | None = None
    busy: bool = False  # a snapshot for it is scheduled or being built
    again: bool = False  # a sync came while one was being built: one more is owed


class SyncPacer:
    """Decides, per socket, when its requested snapshot is built."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._paces: dict[str, _Pace] = {}
        self._lock = threading.Lock()  # handlers may run in threads (threading mode)

    def sent(self, sid: str, now: float) -> None:
        """A snapshot went to the socket outside pacing (the one sent on connect)."""
        with self._lock:
            self._paces.setdefault(sid, _Pace()).last_sent = now

    def request(self, sid: str, now: float) -> float | None:
        """A sync arrived: the delay before building its snapshot, or None when merged."""
        with self._lock:
            pace = self._paces.setdefault(sid, _Pace())
            if pace.busy:
                pace.again = True
                return None
            pace.busy = True
            return self._delay(pace, now)

    def begin(self, sid: str) -> None:
        """Building starts: every sync so far is answered by this snapshot."""
        with self._lock:
            pace = self._paces.get(sid)
            if pace is not None:
                pace.again = False

    def finish(self, sid: str, now: float) -> float | None:
        """The snapshot went out: the delay before the one still owed, or None when none is."""
        with self._lock:
            pace = self._paces.get(sid)
            if pace is None:
                return None  # the socket is gone
            pace.last_sent = now
            if not pace.again:
                pace.busy = False
                return None
            pace.again = False
            return self._delay(pace, now)

    def forget(self, sid: str) -> None:
        """The socket closed."""
        with self._lock:
            self._paces.pop(sid, None)

    def pending(self, sid: str) -> bool:
        """Whether a snapshot for the socket is scheduled or being built."""
        with self._lock:
            pace = self._paces.get(sid)
            return pace is not None and pace.busy

    def _delay(self, pace: _Pace, now: float) -> float:
        """Seconds until the socket may have its next snapshot."""
        if pace.last_sent is None:
            return 0.0
        return max(0.0, pace.last_sent + self.interval - now)
