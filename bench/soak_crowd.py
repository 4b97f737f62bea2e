"""The soak's screens: asyncio Socket.IO clients in worker processes, each keeping a board.

A board is what a lobby display keeps (display/static/js/board.js): the last `state` plus the
events applied to it in `seq` order (an early event waits a second for the ones before it, as
server/web/static/js/seq.js does); a gap that stays open, or an event it cannot apply exactly,
makes it ask `sync`.
The parent talks to each worker over a pipe: ("window", t0, t1) → event latencies measured
between wall-clock t0 and t1, ("boards",) → every client's board, ("stop",) → disconnect, end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection
from typing import Any

import socketio

AT_COUNTER = {"called", "serving"}
REORDER_WAIT = 1.0  # s an early event waits for the ones before it (seq.js REORDER_WAIT_MS)


@dataclass
class Board:
    """One client's picture of the office."""

    seq: int = -1
    counters: dict[int, dict[str, Any] | None] = field(default_factory=dict)  # id → its ticket
    waiting: dict[int, int] = field(default_factory=dict)  # service id → people waiting
    syncing: bool = True  # until the first `state`
    held: list[dict[str, Any]] = field(default_factory=list)  # events that came while syncing
    gaps: int = 0
    syncs: int = 0
    disconnects: int = 0
    reconnects: int = 0

    def snapshot(self, state: dict[str, Any]) -> None:
        """Replace everything with a `state`."""
        self.seq = int(state["seq"])
        self.counters = {c["id"]: c.get("ticket") for c in state["counters"]}
        self.waiting = {w["service_id"]: int(w["waiting"]) for w in state["waiting"]}
        self.syncing = False

    def summary(self) -> dict[str, Any]:
        """What is compared with the server at the end (numbers, not whole tickets)."""
        return {
            "seq": self.seq,
            "counters": {cid: (t or {}).get("number") for cid, t in self.counters.items()},
            "waiting": dict(self.waiting),
            "gaps": self.gaps,
            "syncs": self.syncs,
            "disconnects": self.disconnects,
            "reconnects": self.reconnects,
        }

    def apply(self, name: str, payload: dict[str, Any]) -> bool:
        """Apply one event in `seq` order; False when only a fresh `state` can help."""
        seq = int(payload["seq"])
        if seq <= self.seq:
            return True  # already in the snapshot
        if seq != self.seq + 1:
            self.gaps += 1
            return False
        self.seq = seq
        ticket = payload.get("ticket") or {}
        if name == "ticket_called":
            counter = payload["counter"]
            if counter["id"] not in self.counters:
                return False
            self.counters[counter["id"]] = counter.get("ticket")
            if not payload.get("recall"):
                self._add_waiting(ticket["service_id"], -1)
            return True
        if name == "counter_updated":
            counter = payload["counter"]
            if counter["id"] not in self.counters:
                return False
            self.counters[counter["id"]] = counter.get("ticket")
            return True
        if name == "ticket_issued":
            if ticket["service_id"] not in self.waiting:
                return False
            self._add_waiting(ticket["service_id"], 1 if ticket["status"] == "waiting" else 0)
            return True
        if name == "ticket_updated":
            return self._update(ticket)
        return True

    def _update(self, ticket: dict[str, Any]) -> bool:
        """Any other transition (board.js applyTicketUpdate)."""
        holder = next(
            (cid for cid, held in self.counters.items() if held and held["id"] == ticket["id"]),
            None,
        )
        stays = ticket["status"] in AT_COUNTER and ticket.get("counter_id") is not None
        for cid, held in list(self.counters.items()):
            if stays and cid == ticket["counter_id"]:
                self.counters[cid] = ticket
            elif held and held["id"] == ticket["id"]:
                self.counters[cid] = None
        if holder is None:
            return False  # it was waiting, parked or no-show: only the server knows
        if ticket["status"] == "waiting":
            self._add_waiting(ticket["service_id"], 1)
        return True

    def _add_waiting(self, service_id: int, delta: int) -> None:
        """Move one service's count (never below zero, like the display)."""
        if service_id in self.waiting:
            self.waiting[service_id] = max(0, self.waiting[service_id] + delta)


def _age_seconds(stamp: str | None) -> float | None:
    """Seconds since a server timestamp (same machine, same clock)."""
    if not stamp:
        return None
    return time.time() - datetime.fromisoformat(stamp).timestamp()


class Screen:
    """One Socket.IO client and its board; it reconnects like the screens' browser client."""

    def __init__(self, url: str, token: str, latencies: list[tuple[float, float]]) -> None:
        self.board = Board()
        # python-socketio's own reconnect gives the handshake 1 s, which a busy server misses
        # again and again (a reconnect storm); socket.io-client in the browser waits 20 s and
        # backs off up to 3 s (server/web/static/js/live.js), so the screens here do the same.
        self.client = socketio.AsyncClient(reconnection=False)
        self.url = url
        self.token = token
        self.stopping = False
        self.reorder: asyncio.TimerHandle | None = None  # the wait for a missing seq
        self.latencies = latencies
        self.ready = asyncio.Event()
        for name in ("ticket_issued", "ticket_called", "ticket_updated", "counter_updated"):
            self.client.on(name, self._handler(name))
        self.client.on("state", self._state)
        self.client.on("disconnect", self._disconnected)

    async def connect(self) -> None:
        """Open the connection (the server answers with a `state`)."""
        await self.client.connect(
            self.url, auth={"token": self.token}, transports=["websocket"], wait_timeout=20
        )

    async def _reconnect(self) -> None:
        """Try again after 0.5-3 s until connected, as socket.io-client does."""
        while not self.stopping:
            await asyncio.sleep(random.uniform(0.5, 3.0))
            with contextlib.suppress(socketio.exceptions.ConnectionError, ValueError):
                await self.connect()
                self.board.reconnects += 1
                return

    def _handler(self, name: str) -> Callable[[dict[str, Any]], Awaitable[None]]:
        """The handler of one event name."""

        async def handle(payload: dict[str, Any]) -> None:
            self._measure(name, payload)
            self.board.held.append({"name": name, **payload})
            if not self.board.syncing:
                await self._drain()

        return handle

    async def _drain(self) -> None:
        """Apply held events that follow on; an early one waits REORDER_WAIT for its elders."""
        board = self.board
        held = sorted(
            (e for e in board.held if int(e["seq"]) > board.seq), key=lambda e: int(e["seq"])
        )
        while held and int(held[0]["seq"]) == board.seq + 1:
            event = held.pop(0)
            if not board.apply(event["name"], event):
                board.held = held
                await self._sync()
                return
        board.held = held
        if not held and self.reorder is not None:
            self.reorder.cancel()
            self.reorder = None
        elif held and self.reorder is None:
            loop = asyncio.get_running_loop()
            self.reorder = loop.call_later(REORDER_WAIT, lambda: loop.create_task(self._give_up()))

    async def _give_up(self) -> None:
        """The missing event never came: a real gap, healed by a `state`."""
        self.reorder = None
        if self.board.held and not self.board.syncing:
            self.board.gaps += 1
            await self._sync()

    def _measure(self, name: str, payload: dict[str, Any]) -> None:
        """Event latency: from the server's timestamp of the transition to arrival here."""
        ticket = payload.get("ticket") or {}
        stamp = {"ticket_issued": "issued_at", "ticket_called": "called_at"}.get(name)
        age = _age_seconds(ticket.get(stamp)) if stamp else None
        if age is not None:
            self.latencies.append((time.time(), age * 1000))

    async def _sync(self) -> None:
        """Ask for a fresh `state`; events meanwhile are held and replayed after it."""
        self.board.syncing = True
        self.board.syncs += 1
        if self.reorder is not None:
            self.reorder.cancel()
            self.reorder = None
        await self.client.emit("sync")

    async def _state(self, state: dict[str, Any]) -> None:
        """A snapshot: take it, then replay the held events that are newer."""
        self.board.snapshot(state)
        self.ready.set()
        await self._drain()

    async def _disconnected(self, *_args: Any) -> None:
        """Count drops and reconnect; the new connection brings a new `state`."""
        if self.stopping:
            return
        self.board.disconnects += 1
        self.board.syncing = True
        asyncio.get_running_loop().create_task(self._reconnect())


def crowd_worker(url: str, tokens: list[str], size: int, pipe: Connection) -> None:
    """A process holding `size` screens until told to stop."""
    # A dropped connection is counted on the board; the client's own error lines are noise.
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    logging.getLogger("socketio.client").setLevel(logging.CRITICAL)
    asyncio.run(_crowd(url, tokens, size, pipe))


async def _crowd(url: str, tokens: list[str], size: int, pipe: Connection) -> None:
    """Connect the screens, then answer the parent's requests."""
    latencies: list[tuple[float, float]] = []  # (arrival wall time, ms) of every screen here
    screens = [Screen(url, tokens[index % len(tokens)], latencies) for index in range(size)]

    async def connect(index: int) -> None:
        screen = screens[index]
        await screen.connect()
        await asyncio.wait_for(screen.ready.wait(), 60)

    for start in range(0, size, 50):
        await asyncio.gather(*(connect(i) for i in range(start, min(start + 50, size))))
    pipe.send(("ready",))
    loop = asyncio.get_running_loop()
    while True:
        request = await loop.run_in_executor(None, pipe.recv)
        if request[0] == "window":
            _, low, high = request
            pipe.send([ms for at, ms in latencies if low <= at < high])
            latencies[:] = [(at, ms) for at, ms in latencies if at >= high]
        elif request[0] == "boards":
            pipe.send([screen.board.summary() for screen in screens])
        else:
            break
    for screen in screens:
        screen.stopping = True
    await asyncio.gather(*(screen.client.disconnect() for screen in screens))


class Crowd:
    """N screens spread over worker processes."""

    def __init__(self, urls: list[str], tokens: list[str], size: int, processes: int) -> None:
        """Worker i holds its screens on server urls[i % len(urls)] (several servers share)."""
        context = multiprocessing.get_context("spawn")
        shares = [size // processes + (1 if i < size % processes else 0) for i in range(processes)]
        self.pipes: list[Connection] = []
        self.workers: list[Any] = []
        self.lock = threading.Lock()
        for index, share in enumerate(s for s in shares if s):
            parent, child = context.Pipe()
            url = urls[index % len(urls)]
            worker = context.Process(
                target=crowd_worker, args=(url, tokens, share, child), daemon=True
            )
            worker.start()
            self.pipes.append(parent)
            self.workers.append(worker)
        for pipe in self.pipes:
            if not pipe.poll(300) or pipe.recv() != ("ready",):
                raise RuntimeError("a crowd worker failed to connect its screens")

    def _ask(self, request: tuple[Any, ...]) -> list[Any]:
        """Send a request to every worker and gather the answers."""
        with self.lock:
            for pipe in self.pipes:
                pipe.send(request)
            return [pipe.recv() for pipe in self.pipes]

    def latencies(self, low: float, high: float) -> list[float]:
        """Event latencies (ms) that arrived between two wall-clock times, at every screen."""
        return [value for answer in self._ask(("window", low, high)) for value in answer]

    def boards(self) -> list[dict[str, Any]]:
        """Every screen's board summary."""
        return [board for answer in self._ask(("boards",)) for board in answer]

    def close(self) -> None:
        """Disconnect everybody and end the workers (killed if they do not end in time)."""
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(("stop",))
        for worker in self.workers:
            worker.join(30)
            if worker.is_alive():
                worker.terminate()
                worker.join(5)
