"""The print agent on the kiosk PC: receives `print_job` over Socket.IO, prints, reports over REST.

It keeps one Socket.IO connection to the server (reconnecting forever), prints each job on the
printer attached to the kiosk PC, and answers `POST /api/v1/print-jobs/<id>/result`. A job that
could not be printed is reported as failed with the reason and tried again for a while (so a
refilled paper roll prints the waiting ticket); results the server could not take are kept and
sent again. The printer's state is reported on connect, on every change and periodically.
One worker thread does all printer I/O, so jobs and status checks never interleave.
"""

from __future__ import annotations

import base64
import binascii
import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
import socketio

from server.printing.delivery import check_printer, print_checked
from server.printing.printers import PrinterError, parse_printer_url

log = logging.getLogger(__name__)

CLIENT_NAME = "print-agent"  # how the agent introduces itself when connecting
HTTP_TIMEOUT = 5.0  # seconds for one REST call
REMEMBERED_JOBS = 500  # printed job ids kept, so a job sent again is not printed twice
MAX_REPORTS = 1000  # results waiting for the server; the oldest go first when it is away long


@dataclass
class Job:
    """A print job waiting for the printer."""

    job_id: int
    ticket_id: int | None
    number: str
    data: bytes
    received_at: float
    next_try: float = 0.0
    reported_reason: str | None = None  # the failure already told to the server


@dataclass
class Settings:
    """How often the agent checks, retries and reports (seconds)."""

    status_interval: float = 30.0
    retry_interval: float = 5.0
    retry_for: float = 120.0
    reconnect_delay_max: float = 10.0


@dataclass
class AgentState:
    """What the agent holds between rounds of its worker."""

    jobs: list[Job] = field(default_factory=list)
    printed: OrderedDict[int, None] = field(default_factory=OrderedDict)
    reports: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    printer_status: str | None = None
    status_reported_at: float | None = None
    status_due: bool = True


def decode_job(payload: Any, now: float) -> Job:
    """A `print_job` payload as a Job; ValueError when it is not one we can print."""
    if not isinstance(payload, dict):
        raise ValueError("print_job payload is not an object")
    job_id = payload.get("job_id")
    if isinstance(job_id, bool) or not isinstance(job_id, int):
        raise ValueError("print_job without an integer job_id")
    if payload.get("format") != "escpos":
        raise ValueError(f"print_job {job_id}: format {payload.get('format')!r} is not escpos")
    try:
        data = base64.b64decode(str(payload.get("data", "")), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"print_job {job_id}: data is not base64") from error
    if not data:
        raise ValueError(f"print_job {job_id}: no data")
    ticket = payload.get("ticket")
    if not isinstance(ticket, dict):
        ticket = {}
    ticket_id = ticket.get("id")
    return Job(
        job_id=job_id,
        ticket_id=ticket_id if isinstance(ticket_id, int) else None,
        number=str(ticket.get("number", "")),
        data=data,
        received_at=now,
    )


class PrintAgent:
    """Prints the jobs of one kiosk on one printer; `run()` until stopped."""

    def __init__(
        self,
        server_url: str,
        token: str,
        printer_url: str,
        settings: Settings | None = None,
        *,
        http: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        parse_printer_url(printer_url)  # a typo fails now, not at the first citizen's ticket
        self.server_url = server_url.rstrip("/")
        self.printer_url = printer_url
        self.settings = settings or Settings()
        self.clock = clock
        self.http = http or requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.token = token
        self.state = AgentState()
        self.inbox: queue.Queue[Job] = queue.Queue()
        self.wake = threading.Event()
        self.stopped = threading.Event()
        self.sio = socketio.Client(
            reconnection=True,
            reconnection_attempts=0,  # forever
            reconnection_delay=1,
            reconnection_delay_max=self.settings.reconnect_delay_max,
        )
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.on("print_job", self._on_print_job)
        self._threads: list[threading.Thread] = []

    # --- Socket.IO (its own threads): only hand over to the worker -------------------------

    def _on_connect(self) -> None:
        """Connected (again): the server marked the printer offline meanwhile; tell it again."""
        log.info("connected to %s", self.server_url)
        self.state.status_due = True
        self.wake.set()

    def _on_disconnect(self, *_args: Any) -> None:
        log.warning("disconnected from %s; reconnecting", self.server_url)

    def _on_print_job(self, payload: Any) -> None:
        """Queue a job for the worker."""
        try:
            job = decode_job(payload, self.clock())
        except ValueError as error:
            log.error("ignored a print job: %s", error)
            return
        self.inbox.put(job)
        self.wake.set()

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker and the connection in background threads."""
        for target, name in ((self._work, "print-worker"), (self._connect, "print-connect")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def run(self) -> None:
        """Start, then block until `stop()` (or Ctrl-C)."""
        self.start()
        try:
            while not self.stopped.wait(1.0):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop reconnecting, close the connection and end the worker."""
        self.stopped.set()
        self.wake.set()
        self.sio.reconnection = False
        try:
            self.sio.shutdown()  # also ends a reconnect loop; disconnect() would not
        except Exception:  # never connected, or already gone
            log.debug("shutdown on stop failed", exc_info=True)
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=10)

    def _connect(self) -> None:
        """Connect, retrying forever; once connected the client reconnects by itself."""
        delay = 1.0
        while not self.stopped.is_set():
            try:
                self.sio.connect(
                    self.server_url,
                    auth={"token": self.token, "client": CLIENT_NAME},
                    wait_timeout=10,
                )
                return
            except socketio.exceptions.ConnectionError as error:
                log.warning(
                    "cannot connect to %s (%s); retrying in %.0f s", self.server_url, error, delay
                )
            if self.stopped.wait(delay):
                return
            delay = min(delay * 2, self.settings.reconnect_delay_max)

    # --- the worker: all printer I/O and REST calls ------------------------------------------

    def _work(self) -> None:
        """Print, retry, report and check the printer until stopped."""
        while not self.stopped.is_set():
            try:
                self.run_once()
            except Exception:  # keep the kiosk printing whatever one round ran into
                log.exception("print agent round failed")
            self.wake.wait(timeout=self._sleep_time())
            self.wake.clear()

    def _sleep_time(self) -> float:
        """Until the next retry or status check is due (at most one second, to notice stop)."""
        now = self.clock()
        due = [job.next_try for job in self.state.jobs]
        if self.state.reports:
            due.append(now + self.settings.retry_interval)
        return max(0.05, min([now + 1.0, *due]) - now)

    def run_once(self) -> None:
        """One round: take new jobs, print the due ones, send results, check the printer."""
        self._take_new_jobs()
        self._print_due_jobs()
        self._send_reports()
        self._check_status()

    def _take_new_jobs(self) -> None:
        while True:
            try:
                job = self.inbox.get_nowait()
            except queue.Empty:
                return
            if job.job_id in self.state.printed:
                # Printed, but the server had not heard it when it sent the job again.
                self._report_result(job.job_id, "printed", None)
            elif all(queued.job_id != job.job_id for queued in self.state.jobs):
                self._drop_superseded(job)
                self.state.jobs.append(job)

    def _drop_superseded(self, job: Job) -> None:
        """A reprint replaces the ticket's job still waiting for a retry: one ticket, one print."""
        if job.ticket_id is None:
            return
        for queued in [q for q in self.state.jobs if q.ticket_id == job.ticket_id]:
            log.info("print job %s replaced by reprint %s", queued.job_id, job.job_id)
            self.state.jobs.remove(queued)

    def _print_due_jobs(self) -> None:
        for job in list(self.state.jobs):
            now = self.clock()
            if job.next_try > now:
                continue
            try:
                status = print_checked(self.printer_url, job.data)
            except PrinterError as error:
                self._failed(job, error.reason, str(error))
                continue
            except Exception as error:  # a driver error is still a failed job with a reason
                log.exception("print job %s failed", job.job_id)
                self._failed(job, "error", str(error))
                continue
            log.info("printed job %s (%s)", job.job_id, job.number)
            self.state.jobs.remove(job)
            self._remember_printed(job.job_id)
            self._report_result(job.job_id, "printed", None)
            self._set_status(status)

    def _failed(self, job: Job, reason: str, detail: str) -> None:
        """Tell the server once per reason; retry the job while the citizen may still wait."""
        log.warning("print job %s (%s) failed: %s", job.job_id, job.number, detail)
        if job.reported_reason != reason:
            job.reported_reason = reason
            self._report_result(job.job_id, "failed", reason)
        self._set_status(reason)
        now = self.clock()
        if now - job.received_at >= self.settings.retry_for:
            log.warning(
                "giving up on print job %s after %.0f s", job.job_id, self.settings.retry_for
            )
            self.state.jobs.remove(job)
        else:
            job.next_try = now + self.settings.retry_interval

    def _remember_printed(self, job_id: int) -> None:
        self.state.printed[job_id] = None
        while len(self.state.printed) > REMEMBERED_JOBS:
            self.state.printed.popitem(last=False)

    def _report_result(self, job_id: int, status: str, reason: str | None) -> None:
        body: dict[str, Any] = {"status": status}
        if reason is not None:
            body["reason"] = reason
        self._queue_report(f"/api/v1/print-jobs/{job_id}/result", body)

    def _queue_report(self, path: str, body: dict[str, Any]) -> None:
        self.state.reports.append((path, body))
        del self.state.reports[:-MAX_REPORTS]

    def _send_reports(self) -> None:
        """POST waiting results in order; stop at the first the server cannot take now."""
        while self.state.reports:
            path, body = self.state.reports[0]
            if not self._post(path, body):
                return
            self.state.reports.pop(0)

    def _post(self, path: str, body: dict[str, Any]) -> bool:
        """True when the server took the report, or refused it for good (a 4xx)."""
        try:
            response = self.http.post(self.server_url + path, json=body, timeout=HTTP_TIMEOUT)
        except requests.RequestException as error:
            log.warning("cannot reach the server for %s: %s", path, error)
            return False
        if response.status_code >= 500 or response.status_code == 429:
            log.warning("server answered %s to %s; will retry", response.status_code, path)
            return False
        if response.status_code >= 400:
            log.error("server refused %s %s: %s", path, body, response.text[:300])
        return True

    def _set_status(self, status: str) -> None:
        """Remember the printer's state; a change is reported in this round."""
        if status != self.state.printer_status:
            self.state.printer_status = status
            self.state.status_due = True

    def _check_status(self) -> None:
        """Ask the printer when a check is due; report on change, on connect and periodically."""
        now = self.clock()
        last = self.state.status_reported_at
        periodic = last is None or now - last >= self.settings.status_interval
        if not (periodic or self.state.status_due):
            return
        if periodic or self.state.printer_status is None:
            self._set_status(check_printer(self.printer_url))
        if not self.sio.connected and self.state.status_reported_at is not None:
            return  # the server would mark it offline anyway; report once we are back
        body = {"status": self.state.printer_status}
        if self._post("/api/v1/devices/printer-status", body):
            self.state.status_due = False
            self.state.status_reported_at = now
