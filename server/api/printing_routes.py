"""The print agent's printer status, and the QR code printed on a ticket (the kiosk shows it)."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import FileAnswer, operation, request_body
from server.api.principal import current_actor
from server.api.responses import reply
from server.printing.qr_svg import qr_svg
from server.request_context.current import db_session, queue_settings
from server.request_context.rate_limit import rate_limited
from server.schemas.devices import KioskPrinterStatus, PrinterStatusSent
from server.services.presenters import public_ticket_url
from server.services.printing.print_jobs import report_printer_status
from server.services.queue.tickets import ticket_by_public_token

bp = Blueprint("api_printing", __name__, url_prefix="/api/v1")


@bp.post("/devices/printer-status")
@operation("printing", body=PrinterStatusSent, answers={200: KioskPrinterStatus})
def printer_status() -> Response:
    """The kiosk's print agent reports its printer: ok, paper_near_end, paper_out, offline…"""
    sent = request_body(PrinterStatusSent)
    return reply(report_printer_status(db_session(), current_actor(), sent.status))


@bp.get("/public/tickets/<public_token>/qr.svg")
@rate_limited("public_read")
@operation(
    "public",
    public=True,
    answers={
        200: FileAnswer(
            ("image/svg+xml",), "the QR code of the ticket's public page, as on the ticket"
        )
    },
    errors=("ticket_not_found", "too_many_requests"),
)
def ticket_qr(public_token: str) -> Response:
    """The QR code of the ticket's public page, as printed on the ticket (the kiosk shows it)."""
    ticket = ticket_by_public_token(db_session(), public_token)
    svg = qr_svg(public_ticket_url(ticket, queue_settings()))
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
