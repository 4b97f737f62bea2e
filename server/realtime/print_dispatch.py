"""Sending committed print jobs out: to the kiosk's print agent, or straight to a network printer.

Rendering a ticket takes a few tens of milliseconds, so it happens in a background task
after the reply: issuing stays as fast as without a printer. Senders and receivers:
- print_job (server → the kiosk's device room): `{job_id, ticket, format: "escpos", paper_width,
  data}`; the print agent prints and answers over REST.
- print_job_updated, printer_status (server → the kiosk's device room): the kiosk page shows them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from flask import Flask, current_app
from sqlalchemy.orm import Session

from server.api.context import db_session, queue_settings
from server.db import database
from server.models import Device, PrintJob, PrintJobStatus
from server.printing.allowed_networks import AllowedNetworks
from server.printing.delivery import print_checked
from server.printing.printers import PrinterError
from server.realtime.audience import may_have_listeners
from server.realtime.publisher import publish
from server.realtime.rooms import device_room
from server.realtime.socket import socketio
from server.services.changes import PrintOrder
from server.services.print_jobs import record_direct_result
from server.services.settings import QueueSettings
from server.services.ticket_print import (
    PrintDelivery,
    delivery_for,
    jobs_by_id,
    printer_url,
)

log = logging.getLogger(__name__)

JobQuery = Callable[[Session], Iterable[PrintJob]]


def deliveries(session: Session, jobs: Iterable[PrintJob]) -> list[PrintDelivery]:
    """Render each job for its kiosk (after commit: rendering is no business of a transaction)."""
    settings = queue_settings()
    return [delivery_for(session, job, settings) for job in jobs]


def send_jobs(orders: Iterable[PrintOrder]) -> None:
    """Render and send just-committed jobs in the background: those anyone receives now.

    Rendering is the costly part of issuing, so nobody renders for an empty room; a print agent
    that connects later is sent its kiosk's pending jobs then (handlers.py).
    """
    session = db_session()
    wanted = [order.job_id for order in orders if _deliverable(session, order.device_id)]
    if wanted:
        _send_later(lambda session: jobs_by_id(session, wanted))


def _deliverable(session: Session, device_id: int) -> bool:
    """Whether the server prints the kiosk's jobs itself, or a socket waits in the kiosk's room.

    The kiosk was loaded by the request that stored the job: no query.
    """
    device = session.get(Device, device_id)
    if device is None:
        return False
    return printer_url(device) is not None or may_have_listeners(device_room(device.id))


def _send_later(query: JobQuery) -> None:
    """Start the background task with the app and its queue settings (the QR base URL)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    socketio.start_background_task(_send, app, query, queue_settings())


def _send(app: Flask, query: JobQuery, settings: QueueSettings) -> None:
    """Push each job to its agent, or print it here; never raises (the jobs are committed)."""
    with app.app_context():
        scoped = database(app).session
        assert scoped is not None
        try:
            items = [delivery_for(scoped(), job, settings) for job in query(scoped())]
        except Exception:  # the agent gets the jobs again when it reconnects
            log.exception("could not render print jobs")
            return
        finally:
            scoped.remove()
        for item in items:
            if item.printer_url is None:
                publish([item.change])
            else:
                print_directly(app, item)


def print_directly(app: Flask, delivery: PrintDelivery) -> None:
    """Print on the kiosk's network printer from the server, then record it like an agent would.

    Only addresses in XEPHANG_PRINTER_NETWORKS are connected to; any other fails as offline
    without a connection attempt, so the result never tells whether a port is open.
    """
    assert delivery.printer_url is not None
    status, reason = PrintJobStatus.PRINTED, None
    allowed = AllowedNetworks.parse(app.config["PRINTER_NETWORKS"])
    try:
        print_checked(delivery.printer_url, delivery.data, allowed=allowed)
    except PrinterError as error:
        status, reason = PrintJobStatus.FAILED, error.reason
        log.warning("print job %s failed: %s", delivery.job_id, error)
    except Exception:  # a bad setting or a driver bug: the kiosk must still hear of it
        status, reason = PrintJobStatus.FAILED, "error"
        log.exception("print job %s failed", delivery.job_id)
    with app.app_context():
        scoped = database(app).session
        assert scoped is not None
        try:
            outcome = record_direct_result(scoped(), delivery.job_id, status, reason)
        except Exception:
            log.exception("could not record the result of print job %s", delivery.job_id)
            return
        finally:
            scoped.remove()
        publish(outcome.changes)
