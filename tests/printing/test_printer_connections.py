"""Printer URLs, the checked print call, and each transport we can run without hardware."""

import queue
import re
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from server.printing.escpos_decode import decode
from server.printing.escpos_encode import encode_status_query, encode_ticket, printable_raster
from server.printing.printer_status import Paper
from server.printing.printers import (
    DUMMY_KEEP_BYTES,
    PrinterError,
    clear_dummy_output,
    dummy_output,
    open_printer,
    parse_printer_url,
    print_bytes,
    read_status,
)

READY = {1: 0x12, 2: 0x12, 4: 0x12}
STATUS_QUERY = re.compile(rb"\x10\x04([\x01-\x04])")


@dataclass
class FakePrinter:
    """A raw-TCP printer on 127.0.0.1 that records each connection's bytes."""

    port: int
    jobs: "queue.Queue[bytes]"

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"


def make_handler(answers: dict[int, int] | None, jobs: "queue.Queue[bytes]") -> type:
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            received = bytearray()
            answered = 0
            while chunk := self.request.recv(65536):
                received += chunk
                queries = STATUS_QUERY.findall(received)
                if answers is not None:
                    self.request.sendall(bytes(answers[n[0]] for n in queries[answered:]))
                answered = len(queries)
            jobs.put(bytes(received))

    return Handler


@pytest.fixture
def start_printer() -> Iterator[Callable[..., FakePrinter]]:
    """Factory: start a fake printer answering DLE EOT with `answers` (None: never answers)."""
    servers: list[socketserver.ThreadingTCPServer] = []

    def start(answers: dict[int, int] | None = READY) -> FakePrinter:
        jobs: queue.Queue[bytes] = queue.Queue()
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), make_handler(answers, jobs))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return FakePrinter(server.server_address[1], jobs)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def job() -> bytes:
    image = Image.new("1", (576, 300), 1)
    ImageDraw.Draw(image).ellipse((20, 20, 550, 280), outline=0, width=6)
    return encode_ticket(image)


def test_tcp_printer_receives_a_decodable_job(
    start_printer: Callable[..., FakePrinter], job: bytes
) -> None:
    printer = start_printer()

    state = print_bytes(printer.url, job)

    received = printer.jobs.get(timeout=5)
    assert received == encode_status_query() + job
    decoded = decode(received)
    assert decoded.cut
    assert decoded.image().tobytes() == printable_raster(decode(job).image()).tobytes()
    assert state is not None and state.online and state.paper is Paper.OK


def test_tcp_printer_out_of_paper_gets_no_job(
    start_printer: Callable[..., FakePrinter], job: bytes
) -> None:
    printer = start_printer({1: 0x1E, 2: 0x32, 4: 0x72})

    with pytest.raises(PrinterError) as raised:
        print_bytes(printer.url, job)

    assert raised.value.reason == "paper_out"
    assert raised.value.message == "Máy in hết giấy"
    assert printer.jobs.get(timeout=5) == encode_status_query()


def test_tcp_printer_with_cover_open_is_reported(
    start_printer: Callable[..., FakePrinter], job: bytes
) -> None:
    printer = start_printer({1: 0x1E, 2: 0x16, 4: 0x12})

    with pytest.raises(PrinterError) as raised:
        print_bytes(printer.url, job)

    assert raised.value.reason == "cover_open"
    assert raised.value.message == "Nắp máy in đang mở"


def test_paper_near_end_still_prints(start_printer: Callable[..., FakePrinter], job: bytes) -> None:
    printer = start_printer({1: 0x12, 2: 0x12, 4: 0x1E})

    state = print_bytes(printer.url, job)

    assert state is not None and state.paper is Paper.NEAR_END
    assert printer.jobs.get(timeout=5).endswith(job)


def test_printer_that_never_answers_still_prints(
    start_printer: Callable[..., FakePrinter], job: bytes
) -> None:
    printer = start_printer(None)

    state = print_bytes(f"{printer.url}?status_timeout=0.2", job)

    assert state is None
    assert printer.jobs.get(timeout=5) == encode_status_query() + job


def test_read_status_over_tcp(start_printer: Callable[..., FakePrinter]) -> None:
    printer = start_printer({1: 0x1E, 2: 0x12, 4: 0x12})

    state = read_status(printer.url)

    assert state is not None and state.fault == "offline"


def test_closed_port_is_offline(job: bytes) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more.

    with pytest.raises(PrinterError) as raised:
        print_bytes(f"tcp://127.0.0.1:{port}?timeout=2", job)

    assert raised.value.reason == "offline"
    assert raised.value.message == "Máy in không kết nối"


def test_dummy_printer_keeps_bytes_per_name(job: bytes) -> None:
    clear_dummy_output()

    print_bytes("dummy:kiosk-1", job)
    print_bytes("dummy:kiosk-1", b"\x1b@")
    print_bytes("dummy:kiosk-2", job)

    assert dummy_output("kiosk-1") == job + b"\x1b@"
    assert dummy_output("kiosk-2") == job
    clear_dummy_output()
    assert dummy_output("kiosk-1") == b""


def test_a_dummy_printer_keeps_only_its_last_jobs(job: bytes) -> None:
    # A demo server printed 3,000 tickets to `dummy:` and grew by 200 MB holding every byte.
    clear_dummy_output()
    jobs = [job + bytes([n % 256]) * 60_000 for n in range(100)]  # ~6 MB in all

    for each in jobs:
        print_bytes("dummy:demo", each)

    kept = dummy_output("demo")
    assert len(kept) <= DUMMY_KEEP_BYTES
    assert kept.endswith(jobs[-1]) and len(kept) % len(jobs[-1]) == 0  # whole jobs, the newest
    huge = b"\x1b@" * DUMMY_KEEP_BYTES
    print_bytes("dummy:demo", huge)
    assert dummy_output("demo") == huge  # the last job is always there to read back
    clear_dummy_output()


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("paper_out", "paper_out"),
        ("offline", "offline"),
        ("cover_open", "cover_open"),
        ("error", "error"),
    ],
)
def test_dummy_printer_simulates_faults(status: str, reason: str, job: bytes) -> None:
    clear_dummy_output()

    with pytest.raises(PrinterError) as raised:
        print_bytes(f"dummy:faulty?status={status}", job)

    assert raised.value.reason == reason
    assert dummy_output("faulty") == b""


def test_dummy_printer_offline_refuses_writes_and_silent_one_prints() -> None:
    with open_printer("dummy:?status=offline") as printer, pytest.raises(PrinterError):
        printer.write(b"\x1b@")
    assert print_bytes("dummy:?status=silent", b"\x1b@") is None
    assert print_bytes("dummy:?status=near_end", b"\x1b@") is not None


def test_file_printer_writes_each_job(tmp_path: Path, job: bytes) -> None:
    target = tmp_path / "lp0"

    print_bytes(f"file://{target}", b"\x1b@first")
    print_bytes(f"file://{target}", job)

    # python-escpos's File opens the device for writing: a plain file holds the last job.
    assert target.read_bytes() == job
    assert read_status(f"file://{target}") is None  # one-way: nothing to ask


def test_missing_device_node_is_offline(tmp_path: Path) -> None:
    with pytest.raises(PrinterError) as raised:
        print_bytes(f"file://{tmp_path}/no/such/lp0", b"\x1b@")

    assert raised.value.reason == "offline"


@pytest.mark.parametrize("url", ["usb://04b8:0e15", "serial:///dev/ttyXEPHANG-NONE?baudrate=9600"])
def test_unavailable_usb_or_serial_printer_is_offline(url: str) -> None:
    # Offline whether or not pyusb/pyserial are installed: no such device exists here.
    with pytest.raises(PrinterError) as raised:
        print_bytes(url, b"\x1b@")

    assert raised.value.reason == "offline"
    assert raised.value.detail


def test_urls_are_parsed_to_canonical_targets() -> None:
    assert parse_printer_url("tcp://10.0.0.5").target == "10.0.0.5:9100"
    assert parse_printer_url("TCP://printer.local:9101/").target == "printer.local:9101"
    assert parse_printer_url("usb://04B8:0202").target == "04b8:0202"
    serial = parse_printer_url("serial:///dev/ttyUSB0?baudrate=19200&rtscts=1")
    assert (serial.target, dict(serial.options)) == (
        "/dev/ttyUSB0",
        {"baudrate": "19200", "rtscts": "1"},
    )
    assert parse_printer_url("serial://COM3").target == "COM3"
    assert parse_printer_url("file:///dev/usb/lp0").target == "/dev/usb/lp0"
    assert parse_printer_url("cups://XP-80C").target == "XP-80C"
    assert parse_printer_url("win32://EPSON TM-T82II Receipt").target == "EPSON TM-T82II Receipt"
    assert parse_printer_url("win32://POS-80C%20(copy%201)").target == "POS-80C (copy 1)"
    assert parse_printer_url("usb://04b8:0202?profile=TM-T88V").options["profile"] == "TM-T88V"
    assert parse_printer_url("dummy:").target == ""


@pytest.mark.parametrize(
    "url",
    [
        "",
        "10.0.0.5:9100",
        "http://10.0.0.5:9100",
        "tcp://",
        "tcp://:9100",
        "tcp://host:99999",
        "tcp://host:abc",
        "tcp://host:9100/queue",
        "tcp://host:9100?speed=fast",
        "tcp://host:9100?timeout=-1",
        "tcp://host:9100?timeout=1&timeout=2",
        "usb://04b8",
        "usb://zzzz:0202",
        "serial://",
        "serial:///dev/ttyS0?baudrate=fast",
        "serial:///dev/ttyS0?rtscts=yes",
        "file://",
        "file://otherhost/dev/lp0",
        "dummy:?status=weird",
        "dummy:#x",
        "cups://",
        "cups://queue/with/path",
        "cups://two words",
        "cups://queue?status_timeout=1",
        "win32://",
        "win32://?profile=TM-T88V",
        "tcp://host?profile=NoSuchModel",
        "usb://04b8:0202?profile=TM-U220",
    ],
)
def test_bad_urls_raise_value_error(url: str) -> None:
    with pytest.raises(ValueError, match=r"printer|dummy"):
        parse_printer_url(url)
    with pytest.raises(ValueError):
        open_printer(url)


def test_printer_error_reasons_are_a_closed_set() -> None:
    error = PrinterError("error", "head too hot")

    assert (error.reason, error.message) == ("error", "Máy in gặp lỗi")
    assert str(error) == "Máy in gặp lỗi (head too hot)"
    with pytest.raises(ValueError):
        PrinterError("jammed")
