"""Sending committed print jobs out: to the kiosk's print agent, or straight to a network printer.

Issuing replies first; the job is rendered afterwards by one worker per process, off the eventlet
hub (server/offload.py), so requests never wait behind drawing. The worker's queue is bounded: a job
that arrives while MAX_IN_HAND jobs are queued, rendering or printing is not queued but left
pending in the database, and its kiosk is noted; once the worker has caught up it fetches that
kiosk's pending jobs (a print agent that connects is sent them too). So a burst never holds the
server for seconds, and no job is lost. Jobs for a network printer are printed one after another
per printer, each printer on its own green thread, and their results stored in one commit.

Senders and receivers:
- print_job (server → the kiosk's device room): `{job_id, ticket, format: "escpos", paper_width,
  data}`; the print agent prints and answers over REST.
- print_job_updated, printer_status (server → the kiosk's device room): the kiosk page shows them.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy.orm import Session

from server.after_commit import after_commit
from server.db import database
from server.models import Device, PrintJob, PrintJobStatus, utcnow
from server.offload import run_off_hub
from server.printing.allowed_networks import AllowedNetworks
from server.printing.delivery import print_checked
from server.printing.printers import PrinterError
from server.realtime.audience import may_have_listeners
from server.realtime.publisher import emit_changes
from server.realtime.rooms import device_room
from server.realtime.socket import socketio
from server.request_context.current import db_session, queue_settings
from server.services.changes import Change, Outcome, PrintOrder
from server.services.printing.print_jobs import record_direct_results
from server.services.printing.ticket_print import (
    PrintDelivery,
    PrintWork,
    delivery_of,
    jobs_by_id,
    pending_jobs_of_device,
    print_work,
    printer_url,
)
from server.services.settings import QueueSettings

log = logging.getLogger(__name__)

MAX_IN_HAND = 64  # jobs a process holds at once (queued, rendering, printing); ~60 KB each
BATCH = 8  # jobs loaded and rendered in one go
REMEMBERED_SENT = 2000  # job ids sent to agents, so catching up does not send them twice
CATCH_UP_PAUSE = 0.05  # seconds to wait for room before fetching the jobs left behind


@dataclass
class PrintQueue:
    """One process's print jobs on their way out (per app: tests run many apps in a process)."""

    waiting: deque[int] = field(default_factory=deque)
    in_hand: set[int] = field(default_factory=set)  # queued, rendering or printing
    behind: set[int] = field(default_factory=set)  # kiosks with jobs left pending
    sent: OrderedDict[int, None] = field(default_factory=OrderedDict)
    lanes: dict[str, deque[PrintDelivery]] = field(default_factory=dict)
    settings: QueueSettings | None = None
    running: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, job_id: int, device_id: int) -> bool:
        """Queue a job if there is room, else note its kiosk as behind (call under the lock)."""
        if job_id in self.in_hand:
            return True
        if len(self.in_hand) >= MAX_IN_HAND:
            self.behind.add(device_id)
            return False
        self.in_hand.add(job_id)
        self.waiting.append(job_id)
        return True

    def mark_sent(self, job_ids: Iterable[int]) -> None:
        """Remember jobs handed to an agent (call under the lock)."""
        for job_id in job_ids:
            self.sent[job_id] = None
            self.sent.move_to_end(job_id)
        while len(self.sent) > REMEMBERED_SENT:
            self.sent.popitem(last=False)


def print_queue(app: Flask) -> PrintQueue:
    """The app's print queue."""
    queue: PrintQueue = app.extensions.setdefault("xephang_print_queue", PrintQueue())
    return queue


def render_all(works: list[PrintWork]) -> list[bytes]:
    """Draw and encode each job (CPU only: no session, no I/O)."""
    return [work.render() for work in works]


def deliveries(session: Session, jobs: Iterable[PrintJob]) -> list[PrintDelivery]:
    """Render jobs for an agent that asks (it connected), off the hub; they count as sent."""
    settings = queue_settings()  # its public URL is absolute (server/public_url.py)
    works = [print_work(session, job, settings) for job in jobs]
    rendered = run_off_hub(render_all, works)
    items = [delivery_of(work, data) for work, data in zip(works, rendered, strict=True)]
    queue = print_queue(current_app._get_current_object())  # type: ignore[attr-defined]
    with queue.lock:
        queue.mark_sent(item.job_id for item in items)
    return items


def send_jobs(orders: Iterable[PrintOrder]) -> None:
    """Queue just-committed jobs that anyone receives now; the worker renders them later.

    Rendering is the costly part of issuing, so nobody renders for an empty room; a print agent
    that connects later is sent its kiosk's pending jobs then (handlers.py).
    """
    session = db_session()
    wanted = [order for order in orders if _deliverable(session, order.device_id)]
    if not wanted:
        return
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    queue = print_queue(app)
    settings = queue_settings()
    with queue.lock:
        queue.settings = settings
        for order in wanted:
            queue.take(order.job_id, order.device_id)
        start = not queue.running
        queue.running = True
    if start:
        socketio.start_background_task(_work, app, queue)


def _deliverable(session: Session, device_id: int) -> bool:
    """Whether the server prints the kiosk's jobs itself, or a socket waits in the kiosk's room.

    The kiosk was loaded by the request that stored the job: no query.
    """
    device = session.get(Device, device_id)
    if device is None:
        return False
    return printer_url(device) is not None or may_have_listeners(device_room(device.id))


def _work(app: Flask, queue: PrintQueue) -> None:
    """The worker: render queued jobs in batches, then catch up with those left behind."""
    while True:
        with queue.lock:
            batch = [queue.waiting.popleft() for _ in range(min(BATCH, len(queue.waiting)))]
            if not batch and not queue.behind:
                queue.running = False
                return
        try:
            if batch:
                _deliver(app, queue, batch)
            else:
                _catch_up(app, queue)
        except Exception:  # keep the worker alive; the jobs stay pending for the agent
            log.exception("print worker round failed")
            with queue.lock:
                queue.in_hand.difference_update(batch)


def _release(queue: PrintQueue, job_ids: Iterable[int]) -> None:
    with queue.lock:
        queue.in_hand.difference_update(job_ids)


def _deliver(app: Flask, queue: PrintQueue, job_ids: list[int]) -> None:
    """Load a batch (on this green thread), render it (off the hub), then send or print it."""
    assert queue.settings is not None  # set with the first job
    with app.app_context():
        scoped = database(app).session
        assert scoped is not None
        try:
            works = [
                print_work(scoped(), job, queue.settings) for job in jobs_by_id(scoped(), job_ids)
            ]
        except Exception:  # the agent gets the jobs again when it reconnects
            log.exception("could not load print jobs %s", job_ids)
            _release(queue, job_ids)
            return
        finally:
            scoped.remove()
    try:
        rendered = run_off_hub(render_all, works)
    except Exception:
        log.exception("could not render print jobs %s", job_ids)
        _release(queue, job_ids)
        return
    items = [delivery_of(work, data) for work, data in zip(works, rendered, strict=True)]
    to_agents = [item for item in items if item.printer_url is None]
    emit_changes(item.change for item in to_agents)  # the rendered jobs, to their agents
    new_lanes: list[str] = []
    with queue.lock:
        queue.mark_sent(item.job_id for item in to_agents)
        queue.in_hand.difference_update(item.job_id for item in to_agents)
        queue.in_hand.difference_update(set(job_ids) - {item.job_id for item in items})
        for item in items:
            if item.printer_url is None:
                continue
            if item.printer_url not in queue.lanes:
                queue.lanes[item.printer_url] = deque()
                new_lanes.append(item.printer_url)
            queue.lanes[item.printer_url].append(item)
    for url in new_lanes:
        socketio.start_background_task(_print_lane, app, queue, url)


def _catch_up(app: Flask, queue: PrintQueue) -> None:
    """Queue the pending jobs of kiosks whose jobs found the queue full, as room allows."""
    with queue.lock:
        room = MAX_IN_HAND - len(queue.in_hand)
        if room <= 0:
            devices: set[int] = set()
        else:
            devices, queue.behind = queue.behind, set()
    if not devices:
        socketio.sleep(CATCH_UP_PAUSE)  # printers are still busy with the jobs in hand
        return
    with app.app_context():
        scoped = database(app).session
        assert scoped is not None
        try:
            pending = {
                device_id: _left_behind(scoped(), device_id)
                for device_id in devices
                if _deliverable(scoped(), device_id)
            }
        finally:
            scoped.remove()
    with queue.lock:
        for device_id, job_ids in pending.items():
            for job_id in job_ids:
                if job_id not in queue.in_hand and job_id not in queue.sent:
                    queue.take(job_id, device_id)


def _left_behind(session: Session, device_id: int) -> list[int]:
    """A kiosk's pending jobs (those young enough that the citizen may still be there)."""
    return [job.id for job in pending_jobs_of_device(session, device_id, utcnow())]


def _print_lane(app: Flask, queue: PrintQueue, url: str) -> None:
    """Print one printer's jobs in order; store each run of results in one commit."""
    while True:
        with queue.lock:
            lane = queue.lanes[url]
            if not lane:
                del queue.lanes[url]
                return
            run = [lane.popleft() for _ in range(min(BATCH, len(lane)))]
        allowed = AllowedNetworks.parse(app.config["PRINTER_NETWORKS"])
        results = [_print_one(item, allowed) for item in run]
        changes = _record(app, results)
        _release(queue, (item.job_id for item in run))
        after_commit(app).dispatch(Outcome(None, changes))


def _print_one(delivery: PrintDelivery, allowed: AllowedNetworks) -> tuple[int, str, str | None]:
    """Print on the kiosk's network printer; the result as an agent would report it.

    Only addresses in XEPHANG_PRINTER_NETWORKS are connected to; any other fails as offline
    without a connection attempt, so the result never tells whether a port is open.
    """
    assert delivery.printer_url is not None
    try:
        print_checked(delivery.printer_url, delivery.data, allowed=allowed)
    except PrinterError as error:
        log.warning("print job %s failed: %s", delivery.job_id, error)
        return delivery.job_id, PrintJobStatus.FAILED, error.reason
    except Exception:  # a bad setting or a driver bug: the kiosk must still hear of it
        log.exception("print job %s failed", delivery.job_id)
        return delivery.job_id, PrintJobStatus.FAILED, "error"
    return delivery.job_id, PrintJobStatus.PRINTED, None


def _record(app: Flask, results: list[tuple[int, str, str | None]]) -> list[Change]:
    """Store the results like an agent's answers; the changes to publish."""
    with app.app_context():
        scoped = database(app).session
        assert scoped is not None
        try:
            return record_direct_results(scoped(), results)
        except Exception:
            log.exception("could not record the results of print jobs %s", results)
            return []
        finally:
            scoped.remove()
