"""cups:// printers: a real CUPS raw queue whose device is the fake network printer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cups_support import Cups, running_cups
from PIL import Image, ImageDraw
from printer_support import FakePrinter, fake_printer

from server.printing.delivery import check_printer, print_checked
from server.printing.escpos_encode import encode_ticket
from server.printing.printers import PrinterError

QUEUE = "xephang-test"


@pytest.fixture
def cups(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cups]:
    """A private cupsd; lp and lpstat in this process talk to it."""
    with running_cups() as scheduler:
        monkeypatch.setenv("CUPS_SERVER", scheduler.env["CUPS_SERVER"])
        yield scheduler


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    with fake_printer() as started:
        yield started


@pytest.fixture
def job() -> bytes:
    image = Image.new("1", (576, 400), 1)
    ImageDraw.Draw(image).rectangle((40, 40, 536, 360), outline=0, width=8)
    return encode_ticket(image)


def test_ticket_reaches_the_printer_through_a_cups_raw_queue_byte_for_byte(
    cups: Cups, printer: FakePrinter, job: bytes
) -> None:
    cups.add_raw_queue(QUEUE, f"socket://127.0.0.1:{printer.port}")

    status = print_checked(f"cups://{QUEUE}", job)

    assert status == "ok"
    assert printer.wait_for_jobs(1) == [job]
    assert printer.status_queries == 0  # one-way: CUPS owns the printer, nothing is asked


def test_a_queue_that_refuses_jobs_is_offline(cups: Cups, printer: FakePrinter, job: bytes) -> None:
    cups.add_raw_queue(QUEUE, f"socket://127.0.0.1:{printer.port}")
    cups.run("cupsreject", QUEUE)

    with pytest.raises(PrinterError) as raised:
        print_checked(f"cups://{QUEUE}", job)

    assert raised.value.reason == "offline"
    assert "not accepting jobs" in raised.value.detail
    assert printer.jobs == []


def test_an_unknown_queue_is_offline(cups: Cups, job: bytes) -> None:
    with pytest.raises(PrinterError) as raised:
        print_checked("cups://no-such-queue", job)

    assert raised.value.reason == "offline"
    assert check_printer("cups://no-such-queue") == "offline"


def test_a_stopped_queue_is_offline_before_a_ticket_is_held_in_it(
    cups: Cups, printer: FakePrinter, job: bytes
) -> None:
    cups.add_raw_queue(QUEUE, f"socket://127.0.0.1:{printer.port}")
    assert check_printer(f"cups://{QUEUE}") == "ok"
    cups.run("cupsdisable", QUEUE)  # what CUPS does itself when its printer fails

    assert check_printer(f"cups://{QUEUE}") == "offline"
    with pytest.raises(PrinterError) as raised:
        print_checked(f"cups://{QUEUE}", job)
    assert raised.value.reason == "offline"
    assert cups.run("lpstat", "-o", QUEUE).stdout == ""  # no ticket waits in the queue

    cups.run("cupsenable", QUEUE)
    assert print_checked(f"cups://{QUEUE}", job) == "ok"
    assert printer.wait_for_jobs(1) == [job]
