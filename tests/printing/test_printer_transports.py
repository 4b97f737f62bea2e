"""Serial (a pseudo-terminal), Windows (a fake win32print) and network printers, and why our TCP
connection and status read stay our own (python-escpos measured side by side)."""

from __future__ import annotations

import os
import socket
import threading
import time
import tty
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from escpos.printer import Network, win32raw
from printer_support import ONLINE

from server.printing.delivery import check_printer, print_checked
from server.printing.escpos_encode import encode_status_query
from server.printing.printers import PrinterError, TcpConnection, print_bytes, read_status
from server.printing.profiles import printer_profile

JOB = b"\x1b@" + bytes(range(256)).replace(b"\x10", b"") * 40 + b"\x1dVB\x00"


# --- serial, through python-escpos's Serial on a pseudo-terminal --------------------------------


@dataclass
class PtyPrinter:
    """The printer end of a pseudo-terminal: answers DLE EOT, keeps everything else."""

    path: str
    received: bytearray = field(default_factory=bytearray)
    answer: bool = True

    def wait_for(self, count: int, timeout: float = 10.0) -> bytes:
        """What arrived, once `count` bytes have (the printer end reads in its own thread)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return bytes(self.received)


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    pytest.importorskip("serial", reason="pyserial is part of the [test] and [agent] extras")
    master, slave = os.openpty()
    tty.setraw(master)
    printer = PtyPrinter(os.ttyname(slave))
    stop = threading.Event()

    def serve() -> None:
        pending = b""
        while not stop.is_set():
            try:
                pending += os.read(master, 65536)
            except OSError:
                return
            while (index := pending.find(b"\x10\x04")) != -1 and len(pending) >= index + 3:
                printer.received += pending[:index]
                if printer.answer:
                    os.write(master, bytes([ONLINE]))
                pending = pending[index + 3 :]
            keep = 1 if pending.endswith(b"\x10") else 0
            printer.received += pending[: len(pending) - keep]
            pending = pending[len(pending) - keep :]

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield printer
    stop.set()
    os.close(slave)
    os.close(master)
    thread.join(timeout=5)


def test_serial_printer_prints_and_answers_without_waiting_out_the_timeout(
    pty_printer: PtyPrinter,
) -> None:
    url = f"serial://{pty_printer.path}?baudrate=19200&status_timeout=20"
    started = time.monotonic()

    status = print_checked(url, JOB)

    # python-escpos's own status read asks for 16 bytes and so waits out its whole timeout
    # (1.0 s measured at timeout=1); ours returns when the three answers are in.
    assert time.monotonic() - started < 10
    assert status == "ok"
    assert pty_printer.wait_for(len(JOB)) == JOB


def test_silent_serial_printer_still_prints(pty_printer: PtyPrinter) -> None:
    pty_printer.answer = False

    state = print_bytes(f"serial://{pty_printer.path}?status_timeout=0.2", JOB)

    assert state is None
    assert pty_printer.wait_for(len(JOB)) == JOB


# --- Windows, through python-escpos's Win32Raw with a fake win32print ---------------------------


class FakeWin32Error(Exception):
    """Stands in for pywintypes.error."""


class FakeWin32Print:
    """The calls of pywin32's win32print that Win32Raw makes, recorded."""

    PRINTER_ENUM_NAME = 8

    def __init__(self, printers: list[str]) -> None:
        self.printers = printers
        self.calls: list[tuple[str, Any]] = []
        self.documents: list[tuple[str, str, bytes]] = []
        self.fail_write = False

    def EnumPrinters(self, flags: int, name: str, level: int) -> list[dict[str, str]]:
        return [{"pPrinterName": printer} for printer in self.printers]

    def GetDefaultPrinter(self) -> str:
        return self.printers[0]

    def OpenPrinter(self, name: str) -> str:
        self.calls.append(("open", name))
        return f"handle:{name}"

    def StartDocPrinter(self, handle: str, level: int, info: tuple[str, str, str]) -> int:
        self.calls.append(("start_doc", info))
        self.documents.append((handle, info[2], b""))
        return 1

    def StartPagePrinter(self, handle: str) -> None:
        self.calls.append(("start_page", handle))

    def WritePrinter(self, handle: str, data: bytes) -> int:
        if self.fail_write:
            raise FakeWin32Error(1804, "WritePrinter", "The specified datatype is invalid.")
        handle_, datatype, written = self.documents[-1]
        self.documents[-1] = (handle_, datatype, written + data)
        return len(data)

    def EndPagePrinter(self, handle: str) -> None:
        self.calls.append(("end_page", handle))

    def EndDocPrinter(self, handle: str) -> None:
        self.calls.append(("end_doc", handle))

    def ClosePrinter(self, handle: str) -> None:
        self.calls.append(("close", handle))


@pytest.fixture
def win32print(monkeypatch: pytest.MonkeyPatch) -> FakeWin32Print:
    fake = FakeWin32Print(["Microsoft Print to PDF", "XP-80C Receipt"])
    monkeypatch.setattr(win32raw, "win32print", fake, raising=False)
    monkeypatch.setattr(
        win32raw, "pywintypes", SimpleNamespace(error=FakeWin32Error), raising=False
    )
    monkeypatch.setattr(win32raw, "_DEP_WIN32PRINT", True)
    return fake


def test_windows_printer_gets_one_raw_document(win32print: FakeWin32Print) -> None:
    status = print_checked("win32://XP-80C Receipt", JOB)

    assert status == "ok"  # one-way: the spooler gives no paper state
    assert win32print.documents == [("handle:XP-80C Receipt", "RAW", JOB)]
    assert [call for call, _ in win32print.calls] == [
        "open",
        "start_doc",
        "start_page",
        "end_page",
        "end_doc",
        "close",
    ]


def test_unknown_windows_printer_is_offline(win32print: FakeWin32Print) -> None:
    with pytest.raises(PrinterError) as raised:
        print_checked("win32://XP-58", JOB)

    assert raised.value.reason == "offline"
    assert "XP-58" in raised.value.detail
    assert win32print.documents == []
    assert check_printer("win32://XP-58") == "offline"


def test_a_status_check_leaves_no_empty_document_in_the_spooler(
    win32print: FakeWin32Print,
) -> None:
    assert check_printer("win32://XP-80C Receipt") == "ok"

    assert win32print.calls == []


def test_spooler_error_is_offline(win32print: FakeWin32Print) -> None:
    win32print.fail_write = True

    with pytest.raises(PrinterError) as raised:
        print_checked("win32://XP-80C Receipt", JOB)

    assert raised.value.reason == "offline"
    assert "datatype" in raised.value.detail


def test_windows_printer_without_pywin32_is_offline_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(win32raw, "_DEP_WIN32PRINT", False)

    with pytest.raises(PrinterError) as raised:
        print_checked("win32://XP-80C Receipt", JOB)

    assert raised.value.reason == "offline"
    assert "pywin32" in raised.value.detail


# --- profiles -----------------------------------------------------------------------------------


def test_profiles_give_paper_width_and_native_qr() -> None:
    assert printer_profile("tm-t20ii").name == "TM-T20II"
    assert (printer_profile("TM-T20II").paper_width, printer_profile("TM-T20II").native_qr) == (
        576,
        True,
    )
    assert printer_profile("TM-T88V").paper_width == 512
    assert printer_profile("POS-5890").paper_width == 384
    assert printer_profile("POS-5890").native_qr is False
    assert printer_profile("CT-S651").paper_width == 576  # 640 dots: the widest raster that fits
    assert printer_profile("default").paper_width is None
    with pytest.raises(ValueError, match="unknown printer profile"):
        printer_profile("XP-9999")


# --- why the raster, the TCP connection and the status read are our own -------------------------


def test_python_escpos_raster_can_hold_a_status_query_ours_cannot() -> None:
    from escpos.printer import Dummy
    from PIL import Image

    from server.printing.escpos_encode import encode_raster

    image = Image.new("1", (16, 1), 1)  # one row of two bytes: 0x10 0x04 (dots 3 and 13)
    image.putpixel((3, 0), 0)
    image.putpixel((13, 0), 0)
    theirs = Dummy()
    theirs.image(image, impl="bitImageRaster", center=False)

    # A printer takes DLE EOT inside image data as a status query and answers it mid-job.
    assert b"\x10\x04" in theirs.output
    assert b"\x10\x04" not in encode_raster(image)


def _slow_printer_that_spoke_first() -> tuple[int, dict[str, Any], threading.Thread]:
    """A printer that sends a status byte nobody reads, then takes the job slowly."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    result: dict[str, Any] = {"received": 0}

    def serve() -> None:
        client, _ = listener.accept()
        client.sendall(bytes([ONLINE]))  # e.g. the answer to a status query that came too late
        time.sleep(0.5)  # busy printing: the job waits in the receive buffer
        try:
            while chunk := client.recv(4096):
                result["received"] += len(chunk)
                time.sleep(0.001)
        except ConnectionResetError:
            result["reset"] = True
        client.close()
        listener.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener.getsockname()[1], result, thread


def test_our_tcp_close_delivers_the_tail_that_python_escpos_loses() -> None:
    job = bytes(300_000)

    port, theirs, thread = _slow_printer_that_spoke_first()
    network = Network("127.0.0.1", port, timeout=5)
    network.open()
    network._raw(job)
    network.close()
    thread.join(timeout=20)

    port, ours, thread = _slow_printer_that_spoke_first()
    connection = TcpConnection("127.0.0.1", port, timeout=5, status_timeout=1)
    connection.write(job)
    connection.close()
    thread.join(timeout=20)

    # If python-escpos stops losing the tail, Network can replace TcpConnection.
    assert theirs.get("reset") and theirs["received"] < len(job)
    assert ours == {"received": len(job)}


def test_silent_network_printer_costs_status_timeout_not_the_job_timeout() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"tcp://127.0.0.1:{listener.getsockname()[1]}?timeout=30&status_timeout=0.3"
        started = time.monotonic()

        assert read_status(url) is None

        assert time.monotonic() - started < 10  # python-escpos's is_online() raises after 30 s
        client, _ = listener.accept()
        with client:
            assert client.recv(64) == encode_status_query()
