"""A TCP proxy the tests control: put it between a server and its database or Redis, then cut it.

`cut()` is a service that went away (connections reset, new ones refused); `stall()` is one
that went silent (a host gone dark, a network cut): connections open but nothing comes back.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

BUFFER = 65536


class TcpProxy:
    """Forwards every connection on a local port to `target`; `cut()` drops them all."""

    def __init__(self, target_host: str, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server((host, 0))
        self.host = host
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._cut = False
        self._stalled = False
        self._held: list[socket.socket] = []  # accepted while stalled, never answered
        self._closed = False
        self.accepted = 0  # connections accepted so far, cut or not (for assertions)
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    @property
    def is_cut(self) -> bool:
        """Whether connections are being refused right now."""
        return self._cut

    def cut(self) -> None:
        """Close every open connection and refuse new ones until `restore()`."""
        with self._lock:
            self._cut = True
            doomed = list(self._sockets)
            self._sockets.clear()
        for sock in doomed:
            _close(sock)

    def stall(self) -> None:
        """Close every open connection; accept new ones but never answer them until `restore()`."""
        self.cut()
        with self._lock:
            self._cut = False
            self._stalled = True

    def restore(self) -> None:
        """Forward new connections again (connections held by a stall are closed)."""
        with self._lock:
            self._cut = False
            self._stalled = False
            held, self._held = self._held, []
        for sock in held:
            _close(sock)

    def close(self) -> None:
        """Stop listening and drop every connection."""
        self._closed = True
        self.restore()
        self.cut()
        _close(self._listener)
        self._acceptor.join(5)

    def _accept_loop(self) -> None:
        """Accept clients; while cut, close them at once (a refusal they notice immediately)."""
        while not self._closed:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # the listener was closed
            self.accepted += 1
            with self._lock:
                if self._stalled:
                    self._held.append(client)
                    continue
            if self._cut:
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._cut:
                    _close(client)
                    _close(upstream)
                    continue
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        """Copy bytes one way until either side closes; then close both."""
        try:
            while True:
                data = source.recv(BUFFER)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass  # closed by `cut()` or by a peer
        with self._lock:
            self._sockets.discard(source)
            self._sockets.discard(sink)
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    """Shut a socket down both ways (wakes a blocked recv) and close it."""
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        sock.close()


@contextmanager
def tcp_proxy(target_host: str, target_port: int) -> Iterator[TcpProxy]:
    """A running proxy to `target_host:target_port`, closed on exit."""
    proxy = TcpProxy(target_host, target_port)
    try:
        yield proxy
    finally:
        proxy.close()
