"""A fake SMS/Zalo/push gateway on 127.0.0.1 that records what it received."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    """One request the gateway received."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


@dataclass
class FakeGateway:
    """Answers `status` with `answer` (JSON); `hold` (an Event) keeps each request until set."""

    status: int = 200
    answer: dict[str, Any] = field(default_factory=lambda: {"error": 0})
    hold: threading.Event | None = None
    received: list[Received] = field(default_factory=list)
    answered: int = 0  # requests answered (a held request is received, not yet answered)
    url: str = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        """The request handler class bound to this gateway."""
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                gateway.received.append(
                    Received(
                        self.command,
                        self.path,
                        {name.lower(): value for name, value in self.headers.items()},
                        body,
                    )
                )
                if gateway.hold is not None:
                    gateway.hold.wait(10)
                gateway.answered += 1
                data = json.dumps(gateway.answer).encode()
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (its timeout): nothing to answer
                    pass

            do_GET = do_POST = do_PUT = _any

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@contextlib.contextmanager
def fake_gateway(**options: Any) -> Iterator[FakeGateway]:
    """A running fake gateway; `gateway.url` is its base URL."""
    gateway = FakeGateway(**options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), gateway.handler())
    server.daemon_threads = True
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        if gateway.hold is not None:
            gateway.hold.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just free)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
