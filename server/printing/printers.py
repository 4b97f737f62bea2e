"""Printer connections chosen by URL (tcp, usb, serial, file, dummy) and a checked print call."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from server.printing.escpos_decode import Paper, PrinterState, is_status_byte, state_from_answers
from server.printing.escpos_encode import STATUS_QUERIES, encode_status_query

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
    "tcp": {"timeout", "status_timeout"},
    "usb": {"timeout", "status_timeout"},
    "serial": {"baudrate", "rtscts", "timeout", "status_timeout"},
    "file": set(),
    "dummy": {"status"},
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
    return printer_url


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
    """Raw TCP (port 9100 "JetDirect") network printer."""

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


class UsbConnection(PrinterConnection):
    """USB printer driven directly through pyusb (libusb)."""

    def __init__(self, vendor_id: int, product_id: int, *, timeout: float, status_timeout: float):
        self.address = f"usb://{vendor_id:04x}:{product_id:04x}"
        self.timeout_ms = int(timeout * 1000)
        try:
            import usb.core
            import usb.util
        except ImportError as error:
            raise PrinterError(
                "offline", "USB printing needs pyusb and libusb installed"
            ) from error
        self._usb = usb
        self._detached = False
        try:
            self._device: Any = usb.core.find(idVendor=vendor_id, idProduct=product_id)
            if self._device is None:
                raise PrinterError("offline", f"{self.address}: no such USB device")
            self._out, self._in = self._claim()
        except (usb.core.USBError, usb.core.NoBackendError, NotImplementedError) as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error
        self.status_timeout = status_timeout if self._in is not None else None

    def _claim(self) -> tuple[Any, Any]:
        """Take the printer from the kernel's usblp driver and find its bulk endpoints."""
        usb = self._usb
        try:
            if self._device.is_kernel_driver_active(0):
                self._device.detach_kernel_driver(0)
                self._detached = True
        except NotImplementedError:
            pass  # Windows and libusb0 have no kernel driver to detach
        try:
            configuration = self._device.get_active_configuration()
        except usb.core.USBError:
            self._device.set_configuration()
            configuration = self._device.get_active_configuration()
        interface = configuration[(0, 0)]

        def endpoint(direction: int) -> Any:
            return usb.util.find_descriptor(
                interface,
                custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == direction,
            )

        out_endpoint = endpoint(usb.util.ENDPOINT_OUT)
        if out_endpoint is None:
            raise PrinterError("offline", f"{self.address}: device has no OUT endpoint")
        return out_endpoint, endpoint(usb.util.ENDPOINT_IN)

    def write(self, data: bytes) -> None:
        """Send all of `data`."""
        try:
            self._out.write(data, self.timeout_ms)
        except self._usb.core.USBError as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

    def _read(self, count: int, timeout: float) -> bytes:
        answer = b""
        deadline = time.monotonic() + timeout
        while len(answer) < count and (remaining := deadline - time.monotonic()) > 0:
            try:
                chunk = self._in.read(self._in.wMaxPacketSize, max(1, int(remaining * 1000)))
            except self._usb.core.USBTimeoutError:
                break
            except self._usb.core.USBError as error:
                raise PrinterError("offline", f"{self.address}: {error}") from error
            answer += bytes(chunk)
        return answer[:count]

    def close(self) -> None:
        """Release the device and give it back to the kernel driver."""
        try:
            self._usb.util.dispose_resources(self._device)
            if self._detached:
                self._device.attach_kernel_driver(0)
        except self._usb.core.USBError:
            pass  # unplugged meanwhile; nothing to release


class SerialConnection(PrinterConnection):
    """RS-232 or USB-serial printer through pyserial."""

    def __init__(
        self, port: str, *, baudrate: int, rtscts: bool, timeout: float, status_timeout: float
    ) -> None:
        self.address = f"serial://{port}"
        try:
            import serial
        except ImportError as error:
            raise PrinterError("offline", "serial printing needs pyserial installed") from error
        self._serial_module: Any = serial
        self.status_timeout = status_timeout
        try:
            self._port: Any = serial.Serial(
                port=port,
                baudrate=baudrate,
                rtscts=rtscts,
                timeout=status_timeout,
                write_timeout=timeout,
            )
        except (serial.SerialException, OSError) as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

    def write(self, data: bytes) -> None:
        """Send all of `data`; a write timeout means the printer stopped taking data."""
        try:
            self._port.write(data)
            self._port.flush()
        except (self._serial_module.SerialException, OSError) as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

    def _read(self, count: int, timeout: float) -> bytes:
        self._port.timeout = timeout
        return bytes(self._port.read(count))

    def _discard_input(self) -> None:
        self._port.reset_input_buffer()

    def close(self) -> None:
        """Close the port."""
        self._port.close()


class FileConnection(PrinterConnection):
    """A device node such as /dev/usb/lp0, or a plain file that collects jobs (one-way)."""

    def __init__(self, path: str) -> None:
        self.address = f"file://{path}"
        try:
            # Append so a plain file collects every job like a paper roll would.
            self._file = open(path, "ab", buffering=0)  # noqa: SIM115 (closed in close())
        except OSError as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

    def write(self, data: bytes) -> None:
        """Write all of `data` to the device."""
        try:
            self._file.write(data)
        except OSError as error:
            raise PrinterError("offline", f"{self.address}: {error}") from error

    def close(self) -> None:
        """Close the device."""
        with contextlib.suppress(OSError):  # device vanished; the write already reported it
            self._file.close()


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
    """In-memory printer for tests and demos; `status` simulates a printer fault."""

    def __init__(self, name: str, status: str) -> None:
        self.name = name
        self.status = status

    def write(self, data: bytes) -> None:
        """Keep `data`, unless the simulated printer is offline."""
        if self.status == "offline":
            raise PrinterError("offline", f"dummy:{self.name} simulates an offline printer")
        with _dummy_lock:
            kept = _dummy_output.setdefault(self.name, deque())
            kept.append(bytes(data))
            size = sum(len(write) for write in kept)
            while size > DUMMY_KEEP_BYTES and len(kept) > 1:
                size -= len(kept.popleft())

    def query_status(self) -> PrinterState | None:
        """The simulated state; the query itself is not recorded as output."""
        return _DUMMY_STATES[self.status]


def open_printer(url: str) -> PrinterConnection:
    """Open the printer a URL names; ValueError for a bad URL, PrinterError when unreachable."""
    printer_url = parse_printer_url(url)
    options = printer_url.options
    timeout = printer_url.number("timeout", DEFAULT_TIMEOUT)
    status_timeout = printer_url.number("status_timeout", DEFAULT_STATUS_TIMEOUT)
    if printer_url.scheme == "tcp":
        host, _, port = printer_url.target.rpartition(":")
        return TcpConnection(
            host.strip("[]"), int(port), timeout=timeout, status_timeout=status_timeout
        )
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
    return DummyConnection(printer_url.target, options.get("status", "ok"))


def read_status(url: str) -> PrinterState | None:
    """Ask the printer how it is; None when it cannot or does not answer."""
    with open_printer(url) as printer:
        return printer.query_status()


def print_bytes(url: str, data: bytes) -> PrinterState | None:
    """Check the printer is fit to print, then send `data`; return the state it reported."""
    with open_printer(url) as printer:
        state = printer.query_status()
        if state is not None and state.fault is not None:
            raise PrinterError(state.fault, f"{url} reported {state}")
        printer.write(data)
    return state
