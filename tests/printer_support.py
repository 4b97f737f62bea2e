"""A fake raw-TCP thermal printer on 127.0.0.1, and reading back what it received."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterator

from PIL import Image
from pyzbar import pyzbar

ONLINE = 0x12  # the fixed bits of every DLE EOT answer, nothing wrong


class FakePrinter:
    """Keeps every job it receives and answers DLE EOT 1/2/4 like an Epson-compatible printer.

    `paper_out` makes it report an empty roll; `drop_after` makes it die mid-job (it closes
    the connection with a reset after that many bytes of a job). `stop()` unplugs it: new
    connections are refused until `start()` on the same port.
    """

    def __init__(self, *, drop_after: int | None = None) -> None:
        self.drop_after = drop_after
        self.paper_out = False
        self.jobs: list[bytes] = []
        self.status_queries = 0
        self.port = 0
        self._listener: socket.socket | None = None
        self._clients: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The printer setting that reaches it (short timeouts keep failing tests quick)."""
        return f"tcp://127.0.0.1:{self.port}?timeout=2&status_timeout=1"

    def start(self) -> FakePrinter:
        """Listen (again) on its port."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._listener = listener
        thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Unplug: close the port and every open connection."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            _reset(client)
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def wait_for_jobs(self, count: int, timeout: float = 15.0) -> list[bytes]:
        """The first `count` jobs, once they have all arrived."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.jobs) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(self.jobs)} of {count} jobs arrived in {timeout} s")
                self._changed.wait(remaining)
            return list(self.jobs[:count])

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._clients.add(client)
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _answer(self, n: int) -> bytes:
        self.status_queries += 1
        if n == 1:
            return bytes([ONLINE | (0x08 if self.paper_out else 0)])
        if n == 2:
            return bytes([ONLINE | (0x20 if self.paper_out else 0)])
        return bytes([ONLINE | (0x60 if self.paper_out else 0)])

    def _dies(self, job: bytearray) -> bool:
        return self.drop_after is not None and len(job) >= self.drop_after

    def _serve(self, client: socket.socket) -> None:
        job = bytearray()
        pending = b""
        client.settimeout(10)
        # Answer each status byte at once, as a printer does: with Nagle's algorithm the second
        # and third answers waited for the server's delayed ACK, 40 ms a job.
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                chunk = client.recv(65536)
                if not chunk:
                    break
                pending += chunk
                while True:
                    index = pending.find(b"\x10\x04")
                    if index == -1:  # keep a trailing DLE: its EOT may be in the next chunk
                        cut = len(pending) - 1 if pending.endswith(b"\x10") else len(pending)
                        job += pending[:cut]
                        pending = pending[cut:]
                        break
                    job += pending[:index]
                    if self._dies(job):  # a dead printer answers no status query after the job
                        _reset(client)
                        return
                    if index + 2 >= len(pending):
                        pending = pending[index:]
                        break
                    client.sendall(self._answer(pending[index + 2]))
                    pending = pending[index + 3 :]
                if self._dies(job):
                    _reset(client)  # the printer dies mid-job: the rest is lost
                    return
        except OSError:
            return
        finally:
            with self._lock:
                self._clients.discard(client)
        with contextlib.suppress(OSError):
            client.close()
        job += pending
        if job:
            with self._changed:
                self.jobs.append(bytes(job))
                self._changed.notify_all()


def _reset(client: socket.socket) -> None:
    """Close with a TCP reset, as a printer that loses power does."""
    with contextlib.suppress(OSError):
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()


@contextlib.contextmanager
def fake_printer(*, drop_after: int | None = None) -> Iterator[FakePrinter]:
    """A started FakePrinter, stopped afterwards."""
    printer = FakePrinter(drop_after=drop_after).start()
    try:
        yield printer
    finally:
        printer.stop()


def read_qr(image: Image.Image) -> list[str]:
    """The payloads of the QR codes in a raster, read by zbar as a phone would."""
    return [symbol.data.decode("utf-8") for symbol in pyzbar.decode(image.convert("L"))]
