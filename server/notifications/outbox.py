"""The outbox: messages waiting to be sent, one worker sending them, retries with backoff.

Bounded: when `capacity` messages wait, a new one is dropped with a log line (a notification is
a courtesy; the queue itself never depends on it). The worker runs only while there is work and
is started through `start` (Socket.IO's `start_background_task`: a green thread under eventlet,
a thread otherwise); it waits with `sleep` (`socketio.sleep`). A failed attempt costs a log line
and, when a retry may help, another attempt `backoff × 2ⁿ` seconds later, up to `attempts` in all.
Nothing here touches Flask or the database: the caller finds the messages and their notifier,
so the worker holds no database connection, only sockets to gateways.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from server.notifications.messages import Message
from server.notifications.notifiers import DeliveryError, Notifier

log = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 0.5  # the longest the worker sleeps before looking for new work
REMEMBERED = 5000  # ticket ids already warned "almost your turn" (per process)


@dataclass
class _Entry:
    message: Message
    notifier: Notifier
    due: float
    attempt: int = 0


@dataclass
class Outbox:
    """One process's notifications on their way out."""

    start: Callable[[Callable[[], None]], Any]
    sleep: Callable[[float], None]
    capacity: int = 500
    attempts: int = 4
    backoff: float = 2.0
    clock: Callable[[], float] = time.monotonic
    _entries: list[_Entry] = field(default_factory=list)
    _warned: OrderedDict[int, None] = field(default_factory=OrderedDict)
    _running: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, message: Message, notifier: Notifier) -> bool:
        """Queue a resolved message; False (and a log line) when the outbox is full."""
        with self._lock:
            if len(self._entries) >= self.capacity:
                log.warning("notification outbox full; %s dropped", message.tracking_id)
                return False
            self._entries.append(_Entry(message, notifier, self.clock()))
        self._wake()
        return True

    def first_warning(self, ticket_id: int) -> bool:
        """Whether `ticket_id` has not had its "almost your turn" yet; marks it as having had it."""
        with self._lock:
            if ticket_id in self._warned:
                return False
            self._warned[ticket_id] = None
            while len(self._warned) > REMEMBERED:
                self._warned.popitem(last=False)
            return True

    def pending(self) -> int:
        """Messages still waiting or being retried (tests, health)."""
        with self._lock:
            return len(self._entries)

    def _wake(self) -> None:
        with self._lock:
            if self._running:
                return
            self._running = True
        self.start(self._work)

    def _work(self) -> None:
        """Send what is due, sleep until the next retry; stop when nothing is left."""
        while True:
            entry, wait = self._next_due()
            if entry is not None:
                self._attempt(entry)
                continue
            if wait is None:
                return  # `_next_due` found nothing left and marked the worker stopped
            self.sleep(min(wait, IDLE_POLL_SECONDS))

    def _next_due(self) -> tuple[_Entry | None, float | None]:
        """The entry due first if it is due now; else how long until one is (None: nothing left).

        Nothing left stops the worker under the same lock `put` takes, so a message put right
        then starts a new worker rather than waiting for one that is about to return.
        """
        with self._lock:
            if not self._entries:
                self._running = False
                return None, None
            first = min(self._entries, key=lambda entry: entry.due)
            wait = first.due - self.clock()
            if wait > 0:
                return None, wait
            self._entries.remove(first)
            return first, None

    def _attempt(self, entry: _Entry) -> None:
        entry.attempt += 1
        try:
            entry.notifier.send(entry.message)
        except Exception as error:  # any failure: a log line, maybe a retry; never the worker
            retry = error.retry if isinstance(error, DeliveryError) else True
            last = entry.attempt >= self.attempts or not retry
            log.warning(
                "notification %s attempt %d failed: %s%s",
                entry.message.tracking_id,
                entry.attempt,
                error,
                "; given up" if last else "; will retry",
            )
            if last:
                return
            entry.due = self.clock() + self.backoff * 2 ** (entry.attempt - 1)
            with self._lock:
                self._entries.append(entry)
