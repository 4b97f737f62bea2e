"""Helpers for tests against real server processes: seeded staff, a listening Socket.IO client."""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass
from typing import Any, ClassVar

import socketio
from sqlalchemy.orm import Session

from server.db import make_engine
from server.services.accounts.credentials import create_device, create_user, issue_user_token


@dataclass(frozen=True)
class Staff:
    """Bearer tokens of a clerk and a lobby display of the seeded office."""

    clerk_token: str
    display_token: str
    display_id: int


def add_staff(database_url: str, office_id: int) -> Staff:
    """Create a clerk and a display for the office."""
    engine = make_engine(database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            clerk = create_user(session, "canbo1", "pw-12345", "clerk", office_id, "Cán bộ Một")
            token = issue_user_token(session, clerk, 12)["token"]
            display, display_token = create_device(session, "display", office_id, "Màn hình sảnh")
            return Staff(token, display_token, display.id)
    finally:
        engine.dispose()


class Listener:
    """A Socket.IO client that records every event it receives, in order."""

    open_listeners: ClassVar[list[Listener]] = []  # closed after each test, even a failing one
    EVENTS = ("state", "ticket_issued", "ticket_called", "ticket_updated", "counter_updated")

    def __init__(
        self,
        url: str,
        token: str,
        *,
        reconnect: bool = True,
        transports: tuple[str, ...] = ("websocket",),
    ) -> None:
        self.events: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.seen: list[tuple[str, dict[str, Any]]] = []  # every event, kept after wait_for
        self.client = socketio.Client(
            reconnection=reconnect, reconnection_delay=0.2, reconnection_delay_max=0.5
        )
        for name in self.EVENTS:
            self.client.on(name, self._recorder(name))
        Listener.open_listeners.append(self)
        self.client.connect(
            url, auth={"token": token}, transports=list(transports), wait_timeout=10
        )

    def _recorder(self, name: str):  # type: ignore[no-untyped-def]
        """A handler that queues the event."""

        def record(payload: dict[str, Any]) -> None:
            self.seen.append((name, payload))
            self.events.put((name, payload))

        return record

    def wait_for(self, name: str, timeout: float = 10.0, **match: Any) -> dict[str, Any]:
        """The next event with this name (and matching top-level fields); fail after timeout."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {name} event within {timeout} s")
            try:
                event, payload = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event == name and all(payload.get(k) == v for k, v in match.items()):
                return payload

    def close(self) -> None:
        """Disconnect and stop reconnecting (its reconnect jitter draws from `random`)."""
        self.client.reconnection = False
        self.client.shutdown()  # disconnect() would leave a running reconnect loop behind
