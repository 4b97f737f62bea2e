"""The outbox: off the caller's thread, retried with backoff, bounded, and never stuck."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import pytest
from notify_support import closed_port_url, fake_gateway
from waiting import wait_until

from server.notifications import messages
from server.notifications.messages import Message
from server.notifications.notifiers import DeliveryError, HttpSmsNotifier
from server.notifications.outbox import Outbox

CALLED = messages.called(1, 7, "A005", "3", phone="0912345678")


def start_thread(work: Callable[[], None]) -> None:
    """What `socketio.start_background_task` does in threading mode."""
    threading.Thread(target=work, daemon=True).start()


def outbox(**options) -> Outbox:  # type: ignore[no-untyped-def]
    return Outbox(start=start_thread, sleep=time.sleep, **{"backoff": 0.01, **options})


class Flaky:
    """Fails `failures` times (as a gateway that may heal, or not), then delivers."""

    def __init__(self, failures: int, *, retry: bool = True) -> None:
        self.failures = failures
        self.retry = retry
        self.attempts = 0
        self.sent: list[Message] = []

    def send(self, message: Message) -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise DeliveryError("gateway answered 503", retry=self.retry)
        self.sent.append(message)


def test_a_failure_costs_a_log_line_and_a_retry(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="server.notifications.outbox")
    box = outbox()
    notifier = Flaky(failures=2)
    assert box.put(CALLED, notifier)
    wait_until(lambda: notifier.sent, what="delivered on the third attempt")
    assert notifier.attempts == 3
    failures = [record.getMessage() for record in caplog.records]
    assert len(failures) == 2
    assert all("will retry" in line for line in failures)
    wait_until(lambda: box.pending() == 0, what="outbox empty")


def test_it_gives_up_after_the_last_attempt(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="server.notifications.outbox")
    box = outbox(attempts=3)
    notifier = Flaky(failures=10)
    box.put(CALLED, notifier)
    wait_until(lambda: any("given up" in r.getMessage() for r in caplog.records), what="given up")
    assert notifier.attempts == 3
    assert box.pending() == 0


def test_a_refusal_is_not_retried(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="server.notifications.outbox")
    box = outbox()
    notifier = Flaky(failures=10, retry=False)
    box.put(CALLED, notifier)
    wait_until(lambda: any("given up" in r.getMessage() for r in caplog.records), what="given up")
    assert notifier.attempts == 1


def test_retries_wait_longer_each_time() -> None:
    times: list[float] = []

    class Failing:
        def send(self, message: Message) -> None:
            times.append(time.monotonic())
            raise DeliveryError("down", retry=True)

    box = outbox(backoff=0.05, attempts=3)
    box.put(CALLED, Failing())
    wait_until(lambda: len(times) == 3 and box.pending() == 0, what="three attempts")
    assert times[1] - times[0] >= 0.05
    assert times[2] - times[1] >= 0.1


def test_a_dead_gateway_holds_only_the_worker() -> None:
    release = threading.Event()
    with fake_gateway(hold=release) as slow:
        box = outbox()
        box.put(CALLED, HttpSmsNotifier(url=slow.url, timeout=5))
        wait_until(lambda: slow.received, what="the gateway holds the request")
        # The worker waits on the gateway; whoever queues more is not held.
        assert box.put(CALLED, HttpSmsNotifier(url=closed_port_url(), timeout=0.2))
        assert box.pending() == 1
        release.set()
        wait_until(lambda: box.pending() == 0, what="outbox drained", timeout=15)


def test_a_full_outbox_drops_with_a_log_line(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="server.notifications.outbox")
    started: list[Callable[[], None]] = []
    box = Outbox(start=started.append, sleep=time.sleep, capacity=2)  # the worker never runs
    assert box.put(CALLED, Flaky(0))
    assert box.put(CALLED, Flaky(0))
    assert not box.put(CALLED, Flaky(0))
    assert len(started) == 1  # one worker, started once
    assert "outbox full" in caplog.records[-1].getMessage()


def test_sent_on_the_worker_not_the_caller() -> None:
    sent_on: list[int] = []

    class Recording:
        def send(self, message: Message) -> None:
            sent_on.append(threading.get_ident())

    box = outbox()
    box.put(CALLED, Recording())
    wait_until(lambda: sent_on, what="sent")
    assert sent_on != [threading.get_ident()]


def test_an_unexpected_error_keeps_the_worker(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="server.notifications.outbox")

    class Broken:
        def send(self, message: Message) -> None:
            raise RuntimeError("bug in a notifier")

    box = outbox(attempts=2)
    box.put(CALLED, Broken())
    notifier = Flaky(0)
    box.put(CALLED, notifier)
    wait_until(lambda: notifier.sent, what="the next message still sent")
    wait_until(lambda: box.pending() == 0, what="drained")


def test_first_warning_once_per_ticket() -> None:
    box = outbox()
    assert box.first_warning(5)
    assert not box.first_warning(5)
    assert box.first_warning(6)


@pytest.mark.parametrize("attempts", [1, 2])
def test_attempts_bound_the_tries(attempts: int) -> None:
    box = outbox(attempts=attempts)
    notifier = Flaky(failures=5)
    box.put(CALLED, notifier)
    wait_until(lambda: box.pending() == 0 and notifier.attempts == attempts, what="done")
