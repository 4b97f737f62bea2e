"""The eventlet WSGI server of `xephang run`, sized for a province's screens and deaf to idlers.

Flask-SocketIO's `run` starts `eventlet.wsgi.server` with eventlet's defaults: a pool of 1,024
green threads, a listen backlog of 50, and no time limit on a connection that never sends a
request. About 1,030 silent TCP connections then held every green thread, and `/healthz` waited
in the backlog for as long as they stayed. Here the same server is started with:

- a pool of MAX_CONNECTIONS green threads, and the soft open-file limit raised to fit it (the pool
  is cut to what the hard limit allows, with a warning: eventlet's accept loop stops the server
  on EMFILE);
- a deadline of REQUEST_TIMEOUT_SECONDS for the request line and headers, counted from the
  connection's opening or its previous answer (slow drips of header bytes do not reset it), and
  the same time as the socket timeout while a plain request's body is read or its answer
  written. A WebSocket upgrade leaves the socket without a timeout, and a Socket.IO long-poll
  waits inside the app, where the deadline no longer counts: established screens are never cut.

This module imports eventlet; only server.cli.serve loads it, under the eventlet async mode.
"""

from __future__ import annotations

import logging
import resource
import socket
from typing import Any

import eventlet
import eventlet.wsgi
from flask import Flask

log = logging.getLogger("xephang")

LISTEN_BACKLOG = 4096  # screens reconnect together after a restart; the kernel caps it (somaxconn)
SPARE_FILES = 256  # descriptors kept for the database, Redis, logs, audio files and espeak-ng


def raise_open_file_limit(wanted: int) -> int:
    """Raise the soft RLIMIT_NOFILE towards `wanted` (up to the hard limit); return the new soft."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
        soft = ceiling
    if hard != resource.RLIM_INFINITY and hard < wanted:
        log.warning(
            "open-file limit: the hard limit is %d, below the %d that XEPHANG_MAX_CONNECTIONS "
            "needs; raise it (systemd: LimitNOFILE=%d; shell: ulimit -Hn) or fewer screens fit",
            hard,
            wanted,
            wanted,
        )
    return int(soft)


def pool_size(max_connections: int) -> int:
    """Green threads (= connections) this process can hold, after raising its open-file limit."""
    soft = raise_open_file_limit(max_connections + SPARE_FILES)
    if soft == resource.RLIM_INFINITY:
        return max_connections
    size = max(1, min(max_connections, soft - SPARE_FILES))
    if size < max_connections:
        log.warning(
            "holding at most %d connections (XEPHANG_MAX_CONNECTIONS=%d, open-file limit %d)",
            size,
            max_connections,
            soft,
        )
    return size


class RequestDeadlineProtocol(eventlet.wsgi.HttpProtocol):
    """eventlet's HTTP handler with a deadline for each request head and a body timeout."""

    request_timeout: float = 5.0  # set per server by `protocol_with_timeout`

    def handle_one_request(self) -> None:
        """Read and answer one request; close the connection if its head is not in on time."""
        self._deadline = eventlet.Timeout(self.request_timeout)
        try:
            super().handle_one_request()
        except eventlet.Timeout as timeout:
            if timeout is not self._deadline:
                raise
            log.debug("closing %s: no complete request within the deadline", self.client_address)
            self.close_connection = 1
        finally:
            self._deadline.cancel()

    def get_environ(self) -> dict[str, Any]:
        """The head is in: stop its deadline; then time out a stalled body, unless a WebSocket."""
        self._deadline.cancel()
        upgrade = (self.headers.get("Upgrade") or "").lower()
        self.connection.settimeout(None if upgrade == "websocket" else self.request_timeout)
        environ: dict[str, Any] = super().get_environ()
        return environ


def protocol_with_timeout(seconds: float) -> type[RequestDeadlineProtocol]:
    """The handler class for a server whose requests must arrive within `seconds`."""
    return type("RequestDeadlineProtocol", (RequestDeadlineProtocol,), {"request_timeout": seconds})


def serve_eventlet(app: Flask, host: str, port: int, *, log_output: bool) -> None:
    """Listen and serve the app (wrapped by Flask-SocketIO) with eventlet until stopped."""
    family, _type, _proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[
        0
    ]
    listener = eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
    eventlet.wsgi.server(
        listener,
        app,
        max_size=pool_size(int(app.config["MAX_CONNECTIONS"])),
        protocol=protocol_with_timeout(float(app.config["REQUEST_TIMEOUT_SECONDS"])),
        log_output=log_output,
        debug=False,  # never a traceback in an answer
    )
