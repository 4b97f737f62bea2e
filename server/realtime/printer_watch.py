"""The server's own check of the kiosk printers it drives (network and dummy printers).

A kiosk whose print agent runs on the kiosk PC hears of its printer from the agent (on connect,
on change, every 30 s). A printer the server prints to directly has no agent: without a check,
its kiosk would learn it is unreachable only when the first citizen's ticket fails. So when a
kiosk's screen connects its printer is checked at once, and every PRINTER_CHECK_SECONDS all of
them are; a changed state reaches the kiosk as `printer_status` (server → the kiosk's device
room), like an agent's report.

A printer busy with a job is not asked: the job's result tells its state, and a second
connection could delay the job.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from server.after_commit import after_commit
from server.db import database
from server.printing.allowed_networks import AllowedNetworks
from server.printing.delivery import check_printer
from server.realtime.print_dispatch import print_queue
from server.realtime.socket import socketio
from server.services.changes import Outcome
from server.services.printing.print_jobs import record_printer_checks, server_printed_kiosks

log = logging.getLogger(__name__)

_start_lock = threading.Lock()


def interval(app: Flask) -> float:
    """Seconds between rounds (XEPHANG_PRINTER_CHECK_SECONDS; 0 turns checks off)."""
    return float(app.config["PRINTER_CHECK_SECONDS"])


def ensure_printer_watch(app: Flask) -> None:
    """Start the periodic check once per app; its first round runs at once."""
    every = interval(app)
    with _start_lock:
        if every <= 0 or app.extensions.get("xephang_printer_watch"):
            return
        app.extensions["xephang_printer_watch"] = True
    socketio.start_background_task(_watch_forever, app, every)


def check_soon(app: Flask, device_id: int) -> None:
    """Check one kiosk's printer in the background (its screen just connected)."""
    if interval(app) > 0:
        socketio.start_background_task(_check_round, app, {device_id})


def _watch_forever(app: Flask, every: float) -> None:
    """Check every server-driven printer, then wait; a failing round is logged, not fatal."""
    while True:
        _check_round(app)
        socketio.sleep(every)


def _check_round(app: Flask, device_ids: set[int] | None = None) -> None:
    """Ask the printers (all, or those of `device_ids`) and publish what changed."""
    try:
        with app.app_context():
            scoped = database(app).session
            assert scoped is not None
            try:
                kiosks = server_printed_kiosks(scoped())
            finally:
                scoped.remove()
        queue = print_queue(app)
        with queue.lock:
            busy = set(queue.lanes)
        wanted = [
            (device_id, url)
            for device_id, url in kiosks
            if url not in busy and (device_ids is None or device_id in device_ids)
        ]
        if not wanted:
            return
        allowed = AllowedNetworks.parse(app.config["PRINTER_NETWORKS"])
        results = [(device_id, _status(url, allowed)) for device_id, url in wanted]
        with app.app_context():
            scoped = database(app).session
            assert scoped is not None
            try:
                changes = record_printer_checks(scoped(), results)
            finally:
                scoped.remove()
        after_commit(app).dispatch(Outcome(None, changes))
    except Exception:  # the database or a driver may fail now; the next round tries again
        log.exception("printer check failed")


def _status(url: str, allowed: AllowedNetworks) -> str:
    """The printer's state; a bad setting or a driver bug counts as `error` (and is logged)."""
    try:
        return check_printer(url, allowed=allowed)
    except Exception:
        log.exception("could not check the printer %s", url)
        return "error"
