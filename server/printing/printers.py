"""Printer connections chosen by URL (tcp, usb, serial, file, cups, win32, dummy); see __init__."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, unquote, urlsplit

from escpos.exceptions import DeviceNotFoundError

from server.printing.allowed_networks import AddressNotAllowed, AllowedNetworks
from server.printing.escpos_encode import STATUS_QUERIES, encode_status_query
from server.printing.printer_status import Paper, PrinterState, is_status_byte, state_from_answers
from server.printing.profiles import printer_profile

__all__ = [
    "PrinterConnection",
    "PrinterError",
    "PrinterState",
    "PrinterUrl",
    "clear_dummy_output",
    "dummy_output",
    "open_printer",
    "parse_printer_url",
    "print_bytes",
    "read_status",
]

AGENT = "agent"  # `settings.printer` of a kiosk whose print agent prints (the default)
BROWSER = "browser:"  # `settings.printer` of a kiosk whose page prints (window.print, no agent)
REASON_MESSAGES = {
    "offline": "Máy in không kết nối",
    "paper_out": "Máy in hết giấy",
    "cover_open": "Nắp máy in đang mở",
    "error": "Máy in gặp lỗi",
}
DEFAULT_TCP_PORT = 9100
DEFAULT_BAUDRATE = 19200
DEFAULT_TIMEOUT = 5.0  # seconds to connect or hand over a job
DEFAULT_STATUS_TIMEOUT = 1.0  # seconds to wait for DLE EOT answers; many cheap models never answer
CLOSE_LINGER = 1.0  # seconds to wait for a network printer to close after the job

_SCHEME_OPTIONS = {
    "tcp": {"timeout", "status_timeout", "profile"},
    "usb": {"timeout", "status_timeout", "profile"},
    "serial": {"baudrate", "rtscts", "timeout", "status_timeout", "profile"},
    "file": {"profile"},
    "cups": {"timeout", "profile"},
    "win32": {"profile"},
    "dummy": {"status", "profile"},
}
_DUMMY_STATES: dict[str, PrinterState | None] = {
    "ok": PrinterState(),
    "near_end": PrinterState(paper=Paper.NEAR_END),
    "paper_out": PrinterState(online=False, paper=Paper.OUT),
    "cover_open": PrinterState(online=False, cover_open=True),
    "offline": PrinterState(online=False),
    "error": PrinterState(online=False, error=True),
    "silent": None,  # a printer that never answers status queries
}
_USB_ID = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")
# CUPS queue names: printable characters except space, /, \, #, ' and " (lpadmin's rule).
_CUPS_QUEUE = re.compile(r"^[^\s/\\#'\"]{1,127}$")


class PrinterError(Exception):
    """Printing failed; `reason` is a stable code, `message` is for the citizen-facing screen."""

    def __init__(self, reason: str, detail: str = "") -> None:
        if reason not in REASON_MESSAGES:
            raise ValueError(f"unknown printer error reason {reason!r}")
        self.reason = reason
        self.message = REASON_MESSAGES[reason]
        self.detail = detail
        super().__init__(f"{self.message} ({detail})" if detail else self.message)


@dataclass(frozen=True)
class PrinterUrl:
    """A parsed printer setting: scheme, what to open, and its options."""

    scheme: str
    target: str
    options: Mapping[str, str] = field(default_factory=dict)

    def number(self, name: str, default: float) -> float:
        """A positive numeric option, or `default` when absent."""
        if name not in self.options:
            return default
        try:
            value = float(self.options[name])
        except ValueError:
            raise ValueError(
                f"printer option {name}={self.options[name]!r} is not a number"
            ) from None
        if value <= 0:
            raise ValueError(f"printer option {name} must be positive")
        return value


def _parse_options(scheme: str, query: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name not in _SCHEME_OPTIONS[scheme]:
            allowed = ", ".join(sorted(_SCHEME_OPTIONS[scheme])) or "none"
            raise ValueError(f"unknown option {name!r} for {scheme}: printers (allowed: {allowed})")
        if name in options:
            raise ValueError(f"printer option {name!r} given twice")
        options[name] = value
    return options


def _target(scheme: str, netloc: str, path: str, url: str) -> str:
    """Check the part of the URL naming the device and return it in canonical form."""
    if scheme == "tcp":
        host, _, port = netloc.rpartition(":") if ":" in netloc else (netloc, "", "")
        if not host or path not in ("", "/"):
            raise ValueError(f"printer URL {url!r}: expected tcp://HOST:PORT")
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            raise ValueError(f"printer URL {url!r}: port {port!r} is not 1..65535")
        return f"{host}:{port or DEFAULT_TCP_PORT}"
    if scheme == "usb":
        if not _USB_ID.match(netloc) or path not in ("", "/"):
            raise ValueError(
                f"printer URL {url!r}: expected usb://VID:PID in hex, e.g. usb://04b8:0202"
            )
        return netloc.lower()
    if scheme == "serial":
        if bool(netloc) == bool(path):
            raise ValueError(
                f"printer URL {url!r}: expected serial:///dev/ttyUSB0 or serial://COM3"
            )
        return netloc or path
    if scheme == "file":
        if netloc not in ("", "localhost") or not path:
            raise ValueError(f"printer URL {url!r}: expected file:///path/to/device")
        return path
    if scheme == "cups":
        queue_name = unquote(netloc)
        if path not in ("", "/") or not _CUPS_QUEUE.match(queue_name):
            raise ValueError(f"printer URL {url!r}: expected cups://QUEUE (a name from lpstat -e)")
        return queue_name
    if scheme == "win32":
        printer_name = unquote(netloc + path).strip()
        if not printer_name or not printer_name.isprintable():
            raise ValueError(f"printer URL {url!r}: expected win32://PRINTER NAME")
        return printer_name
    return netloc + path  # dummy: any name, so tests can keep printers apart


def parse_printer_url(url: str) -> PrinterUrl:
    """Validate a printer setting such as tcp://10.0.0.5:9100; ValueError says what is wrong."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _SCHEME_OPTIONS:
        known = ", ".join(f"{name}:" for name in _SCHEME_OPTIONS)
        raise ValueError(f"printer URL {url!r}: scheme must be one of {known}")
    if parts.fragment:
        raise ValueError(f"printer URL {url!r}: unexpected '#' fragment")
    printer_url = PrinterUrl(
        scheme, _target(scheme, parts.netloc, parts.path, url), _parse_options(scheme, parts.query)
    )
    for name in ("timeout", "status_timeout", "baudrate"):
        printer_url.number(name, 1.0)  # fail now, not at the first print
    if printer_url.options.get("rtscts", "0") not in ("0", "1"):
        raise ValueError("printer option rtscts must be 0 or 1")
    if printer_url.options.get("status", "ok") not in _DUMMY_STATES:
        raise ValueError(f"dummy status must be one of {', '.join(_DUMMY_STATES)}")
    if "profile" in printer_url.options:
        profile = printer_profile(printer_url.options["profile"])
        if not profile.raster:
            raise ValueError(f"printer profile {profile.name} cannot print raster images")
    return printer_url


def tcp_host_port(printer_url: PrinterUrl) -> tuple[str, int]:
    """The host (brackets removed) and port of a tcp:// printer."""
    host, _, port = printer_url.target.rpartition(":")
    return host.strip("[]"), int(port)


def check_allowed(url: str, allowed: AllowedNetworks) -> None:
    """AddressNotAllowed when the server may not connect to the tcp:// printer `url` names.

    ValueError for a malformed URL; other schemes are not the server's to open.
    """
    printer_url = parse_printer_url(url)
    if printer_url.scheme == "tcp":
        allowed.check(*tcp_host_port(printer_url))


def _state_from_answer(answer: bytes) -> PrinterState | None:
    """PrinterState from the status bytes received, or None if nothing sensible came back."""
    if not answer or not all(is_status_byte(byte) for byte in answer):
        return None
    return state_from_answers(dict(zip(STATUS_QUERIES, answer, strict=False)))


class PrinterConnection(ABC):
    """An open printer; use as a context manager so the connection is always closed."""

    status_timeout: float | None = None  # None: the transport cannot answer (one-way)

    @abstractmethod
    def write(self, data: bytes) -> None:
        """Send `data` to the printer; raise PrinterError("offline") if it cannot be sent."""

    def query_status(self) -> PrinterState | None:
        """Ask DLE EOT 1, 2, 4 and parse the answers; None when the printer does not answer."""
        if self.status_timeout is None:
            return None
        self._discard_input()  # stale bytes would be taken for the answers
        self.write(encode_status_query())
        return _state_from_answer(self._read(len(STATUS_QUERIES), self.status_timeout))

    def _read(self, count: int, timeout: float) -> bytes:
        return b""

    def _discard_input(self) -> None:
        return None

    def close(self) -> None:
        """Release the connection."""
        return None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class TcpConnection(PrinterConnection):
    """Raw TCP (port 9100 "JetDirect") network printer (our own; see the package docstring)."""

    def __init__(self, host: str, port: int, *, timeout: float, status_timeout: float) -> None:
        self.address = f"tcp://{host}:{port}"
        self.timeout = timeout
        self.status_timeout = status_timeout
        try:
            self._socket = socket.create_connection((host, port), timeout=timeout)
        except OSError as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

    def write(self, data: bytes) -> None:
        """Send all of `data`."""
        try:
            self._socket.sendall(data)
        except OSError as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

    def _read(self, count: int, timeout: float) -> bytes:
        answer = b""
        deadline = time.monotonic() + timeout
        try:
            while len(answer) < count and (remaining := deadline - time.monotonic()) > 0:
                self._socket.settimeout(remaining)
                chunk = self._socket.recv(count - len(answer))
                if not chunk:
                    break
                answer += chunk
        except TimeoutError:
            pass
        except OSError as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error
        finally:
            self._socket.settimeout(self.timeout)
        return answer

    def _discard_input(self) -> None:
        self._socket.setblocking(False)
        try:
            while self._socket.recv(256):
                pass
        except OSError:
            pass  # nothing waiting (BlockingIOError) or the peer is gone; write() will tell
        finally:
            self._socket.settimeout(self.timeout)

    def close(self) -> None:
        """Half-close, then wait briefly for the printer to close its side."""
        # Closing a socket with unread input sends RST, which may discard the job's tail
        # still in flight; a half-close plus draining lets the printer take every byte.
        try:
            self._socket.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + min(self.timeout, CLOSE_LINGER)
            while (remaining := deadline - time.monotonic()) > 0:
                self._socket.settimeout(remaining)
                if not self._socket.recv(256):
                    break
        except OSError:
            pass  # already gone; nothing more to deliver
        finally:
            self._socket.close()


class EscposConnection(PrinterConnection):
    """A printer opened through one of python-escpos's connection classes."""

    def __init__(
        self,
        address: str,
        printer: Any,
        errors: tuple[type[BaseException], ...],
        *,
        open_now: bool = True,
    ):
        self.address = address
        self.printer = printer
        self._errors = errors
        self._opened = False
        if open_now:
            self._open()

    def _open(self) -> None:
        try:
            self.printer.open()
        except (*self._errors, DeviceNotFoundError, RuntimeError, ValueError) as error:
            # RuntimeError: the driver's Python package (pyusb, pyserial, pywin32) is missing.
            raise PrinterError("offline", f"{self.address}: {_one_line(error)}") from error
        self._opened = True

    def write(self, data: bytes) -> None:
        """Send all of `data`."""
        if not self._opened:
            self._open()
        try:
            self.printer._raw(data)
        except (*self._errors, DeviceNotFoundError) as error:
            raise PrinterError("offline", f"{self.address}: {_one_line(error)}") from error

    def close(self) -> None:
        """Close through python-escpos (a spooler job is handed over here)."""
        if not self._opened:
            return
        try:
            self.printer.close()
        except self._errors as error:
            raise PrinterError("offline", f"{self.address}: {_one_line(error)}") from error


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


class UsbConnection(EscposConnection):
    """USB printer through python-escpos's Usb (pyusb, libusb); status read with a deadline."""

    def __init__(self, vendor_id: int, product_id: int, *, timeout: float, status_timeout: float):
        from escpos.printer import Usb

        try:
            import usb.core
        except ImportError as error:
            raise PrinterError(
                "offline", "USB printing needs pyusb and libusb installed"
            ) from error
        self._usb_error = usb.core.USBError
        printer = Usb(vendor_id, product_id, timeout=int(timeout * 1000), profile=None)
        super().__init__(f"usb://{vendor_id:04x}:{product_id:04x}", printer, (usb.core.USBError,))
        # python-escpos assumes endpoints 0x01 (out) and 0x82 (in); many printers use others.
        out_endpoint, in_endpoint = self._endpoints()
        printer.out_ep = out_endpoint.bEndpointAddress
        self._in = in_endpoint
        self.status_timeout = status_timeout if in_endpoint is not None else None

    def _endpoints(self) -> tuple[Any, Any]:
        import usb.util

        try:
            interface = self.printer.device.get_active_configuration()[(0, 0)]
        except self._usb_error as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

        def endpoint(direction: int) -> Any:
            return usb.util.find_descriptor(
                interface,
                custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == direction,
            )

        out_endpoint = endpoint(usb.util.ENDPOINT_OUT)
        if out_endpoint is None:
            raise PrinterError("offline", f"{self.address}: device has no OUT endpoint")
        return out_endpoint, endpoint(usb.util.ENDPOINT_IN)

    def _read(self, count: int, timeout: float) -> bytes:
        import usb.core

        answer = b""
        deadline = time.monotonic() + timeout
        while len(answer) < count and (remaining := deadline - time.monotonic()) > 0:
            try:
                chunk = self._in.read(self._in.wMaxPacketSize, max(1, int(remaining * 1000)))
            except usb.core.USBTimeoutError:
                break
            except usb.core.USBError as error:
                raise PrinterError("offline", f"{self.address}: {error}") from error
            answer += bytes(chunk)
        return answer[:count]


class SerialConnection(EscposConnection):
    """RS-232 or USB-serial printer through python-escpos's Serial (pyserial)."""

    def __init__(
        self, port: str, *, baudrate: int, rtscts: bool, timeout: float, status_timeout: float
    ) -> None:
        from escpos.printer import Serial

        try:
            import serial
        except ImportError as error:
            raise PrinterError("offline", "serial printing needs pyserial installed") from error
        # dsrdtr off: python-escpos turns DSR/DTR flow control on by default, which stalls
        # every write on a cable that does not wire DSR. RTS/CTS is an option of the URL.
        printer = Serial(port, baudrate=baudrate, timeout=status_timeout, dsrdtr=False)
        super().__init__(f"serial://{port}", printer, (serial.SerialException, OSError))
        self.status_timeout = status_timeout
        device = self.printer.device
        device.rtscts = rtscts
        # Without a write timeout a printer holding flow control (paper out) blocks forever.
        device.write_timeout = timeout

    def write(self, data: bytes) -> None:
        """Send all of `data`; a write timeout means the printer stopped taking data."""
        super().write(data)
        try:
            self.printer.device.flush()
        except self._errors as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

    def _read(self, count: int, timeout: float) -> bytes:
        device = self.printer.device
        device.timeout = timeout
        return bytes(device.read(count))  # returns at `count` bytes or when `timeout` is over

    def _discard_input(self) -> None:
        self.printer.device.reset_input_buffer()


class FileConnection(EscposConnection):
    """A device node such as /dev/usb/lp0 through python-escpos's File (one-way)."""

    def __init__(self, path: str) -> None:
        from escpos.printer import File

        super().__init__(f"file://{path}", File(path, profile=None), (OSError,))


class CupsConnection(PrinterConnection):
    """A CUPS queue (Linux, the vendor's driver) fed one raw job through `lp`.

    The job is collected and handed to `lp -o raw` on close, and lp's verdict is the
    result: a queue that does not exist or does not accept jobs is offline. The status is the
    queue's: a stopped queue (CUPS stops one whose printer failed) would only hold the ticket.
    """

    def __init__(self, queue_name: str, *, timeout: float) -> None:
        self.address = f"cups://{queue_name}"
        self.queue_name = queue_name
        self.timeout = timeout
        self._job = bytearray()
        self._lp = shutil.which("lp")
        self._lpstat = shutil.which("lpstat")
        if self._lp is None or self._lpstat is None:
            raise PrinterError("offline", "cups:// printing needs CUPS's lp (cups-client)")

    def _run(self, command: list[str], job: bytes = b"") -> str:
        """Run a CUPS client command; its standard output, or PrinterError("offline")."""
        try:
            done = subprocess.run(
                command,
                input=job,
                capture_output=True,
                timeout=self.timeout,
                check=False,
                env={**os.environ, "LC_ALL": "C"},  # lpstat's words, not a translation
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error
        if done.returncode != 0:
            message = " ".join(done.stderr.decode("utf-8", "replace").split())
            raise PrinterError("offline", f"{self.address}: {message}")
        return done.stdout.decode("utf-8", "replace")

    def query_status(self) -> PrinterState | None:
        """Offline when the queue is stopped; None (nothing known of the paper) when enabled."""
        assert self._lpstat is not None
        answer = self._run([self._lpstat, "-p", self.queue_name])
        if f"printer {self.queue_name} disabled" in answer:
            return PrinterState(online=False)
        return None

    def write(self, data: bytes) -> None:
        """Add `data` to the job handed to CUPS on close."""
        self._job += data

    def close(self) -> None:
        """Queue the job; PrinterError("offline") when CUPS refuses it."""
        if not self._job:
            return
        job, self._job = bytes(self._job), bytearray()
        assert self._lp is not None
        self._run([self._lp, "-d", self.queue_name, "-t", "xephang", "-o", "raw"], job)


class Win32Connection(EscposConnection):
    """A Windows printer (the vendor's driver) through python-escpos's Win32Raw (one-way)."""

    def __init__(self, printer_name: str) -> None:
        from escpos.printer import Win32Raw, win32raw

        if not win32raw.is_usable():
            raise PrinterError("offline", "win32:// printing needs pywin32 (Windows only)")
        errors: tuple[type[BaseException], ...] = (
            RuntimeError,
            OSError,
            win32raw.pywintypes.error,
        )
        address = f"win32://{printer_name}"
        try:
            printer = Win32Raw(printer_name, profile=None)
            known = printer_name in printer.printers
        except errors as error:
            raise PrinterError("offline", f"{address}: {_one_line(error)}") from error
        if not known:
            raise PrinterError("offline", f"{address}: no such printer in Windows")
        # Win32Raw's open() starts a spooler document: only a job opens one, so a status
        # check does not leave an empty document in the queue every 30 seconds.
        super().__init__(address, printer, errors, open_now=False)


DUMMY_KEEP_BYTES = 512 * 1024  # per dummy printer: the last few tickets (~60 KB each), no more
_dummy_lock = threading.Lock()
_dummy_output: dict[str, deque[bytes]] = {}


def dummy_output(name: str = "") -> bytes:
    """What the dummy printer `dummy:NAME` received lately: its last writes, whole.

    A demo prints to dummy printers all day, so only the newest DUMMY_KEEP_BYTES are kept
    (always at least the last write, which is what a test reads back).
    """
    with _dummy_lock:
        return b"".join(_dummy_output.get(name, ()))


def clear_dummy_output() -> None:
    """Forget what every dummy printer received."""
    with _dummy_lock:
        _dummy_output.clear()


class DummyConnection(PrinterConnection):
    """In-memory printer (python-escpos's Dummy) for tests and demos; `status` simulates faults."""

    def __init__(self, name: str, status: str) -> None:
        from escpos.printer import Dummy

        self.name = name
        self.status = status
        self.printer = Dummy(profile=None)

    @property
    def data(self) -> bytes:
        """What this connection received."""
        return bytes(self.printer.output)

    def write(self, data: bytes) -> None:
        """Keep `data`, unless the simulated printer is offline."""
        if self.status == "offline":
            raise PrinterError("offline", f"dummy:{self.name} simulates an offline printer")
        self.printer._raw(data)
        with _dummy_lock:
            kept = _dummy_output.setdefault(self.name, deque())
            kept.append(bytes(data))
            size = sum(len(write) for write in kept)
            while size > DUMMY_KEEP_BYTES and len(kept) > 1:
                size -= len(kept.popleft())

    def query_status(self) -> PrinterState | None:
        """The simulated state; the query itself is not recorded as output."""
        return _DUMMY_STATES[self.status]


def open_printer(url: str, *, allowed: AllowedNetworks | None = None) -> PrinterConnection:
    """Open the printer a URL names; ValueError for a bad URL, PrinterError when unreachable.

    `allowed` (server-side printing) limits tcp:// printers to those networks: another address
    is never connected to, so its answer cannot tell whether a port is open.
    """
    printer_url = parse_printer_url(url)
    options = printer_url.options
    timeout = printer_url.number("timeout", DEFAULT_TIMEOUT)
    status_timeout = printer_url.number("status_timeout", DEFAULT_STATUS_TIMEOUT)
    if printer_url.scheme == "tcp":
        host, port = tcp_host_port(printer_url)
        if allowed is not None:
            try:
                host = allowed.check(host, port)
            except AddressNotAllowed as error:
                raise PrinterError("offline", str(error)) from None
        return TcpConnection(host, port, timeout=timeout, status_timeout=status_timeout)
    if printer_url.scheme == "usb":
        vendor_id, product_id = (int(part, 16) for part in printer_url.target.split(":"))
        return UsbConnection(vendor_id, product_id, timeout=timeout, status_timeout=status_timeout)
    if printer_url.scheme == "serial":
        return SerialConnection(
            printer_url.target,
            baudrate=int(printer_url.number("baudrate", DEFAULT_BAUDRATE)),
            rtscts=options.get("rtscts") == "1",
            timeout=timeout,
            status_timeout=status_timeout,
        )
    if printer_url.scheme == "file":
        return FileConnection(printer_url.target)
    if printer_url.scheme == "cups":
        return CupsConnection(printer_url.target, timeout=timeout)
    if printer_url.scheme == "win32":
        return Win32Connection(printer_url.target)
    return DummyConnection(printer_url.target, options.get("status", "ok"))


def read_status(url: str, *, allowed: AllowedNetworks | None = None) -> PrinterState | None:
    """Ask the printer how it is; None when it cannot or does not answer."""
    with open_printer(url, allowed=allowed) as printer:
        return printer.query_status()


def print_bytes(
    url: str, data: bytes, *, allowed: AllowedNetworks | None = None
) -> PrinterState | None:
    """Check the printer is fit to print, then send `data`; return the state it reported."""
    with open_printer(url, allowed=allowed) as printer:
        state = printer.query_status()
        if state is not None and state.fault is not None:
            raise PrinterError(state.fault, f"{url} reported {state}")
        printer.write(data)
    return state
