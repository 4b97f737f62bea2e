"""The citizen's phone pages: ticket `/t/<token>`, office `/o/<id>`, booking `/a/<token>`."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, make_response, render_template
from sqlalchemy.orm import Session

from server.models import Office, Service, TicketStatus, utcnow
from server.notifications.notifiers import vapid_public_key
from server.printing.qr_svg import qr_svg
from server.request_context.current import db_session, queue_settings
from server.request_context.rate_limit import over_limit
from server.rules.business_day import business_date
from server.rules.errors import DomainError
from server.services.appointments.bookings import public_booking
from server.services.appointments.public_office import public_office
from server.services.appointments.queries import appointment_by_public_token
from server.services.presenters import public_ticket_dict
from server.services.queue.tickets import ticket_by_public_token

bp = Blueprint("public_page", __name__, template_folder="templates")

MAX_TOKEN_LENGTH = 64  # real tokens have 24 characters; longer ones are not looked up


def _page(template: str, status: int = 200, **context: object) -> Response:
    """An HTML page that no cache keeps and no search engine lists."""
    response = make_response(render_template(template, **context), status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(not_found: dict[str, str], token: str | None = None) -> Response | None:
    """The plain 429 page over the read limit, or the plain 404 for a token too long to be real."""
    retry_after = over_limit("public_read")
    if retry_after is not None:
        response = _page("public/message.html", 429, **TOO_MANY)
        response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
        return response
    if token is not None and len(token) > MAX_TOKEN_LENGTH:
        return _page("public/message.html", 404, **not_found)
    return None


def _svg(svg: str) -> Response:
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/t/<public_token>")
def ticket_page(public_token: str) -> Response:
    """The ticket's live page; a plain Vietnamese page for an unknown token or too many requests."""
    refused = _refused(NOT_FOUND, public_token)
    if refused is not None:
        return refused
    session = db_session()
    try:
        ticket = ticket_by_public_token(session, public_token)
    except DomainError:
        return _page("public/message.html", 404, **NOT_FOUND)
    office = session.get(Office, ticket.office_id)
    open_ticket = ticket.status in (TicketStatus.WAITING, TicketStatus.PARKED)
    return _page(
        "public/ticket.html",
        ticket=public_ticket_dict(session, ticket, queue_settings()),
        office_name=office.name if office else "",
        public_token=public_token,
        # Web Push is offered only with the server's VAPID key, to a ticket still to be called.
        push_key=_push_key() if open_ticket else "",
    )


def _push_key() -> str:
    """The VAPID public key (cached per app); "" when Web Push is off."""
    private = current_app.config["NOTIFY_VAPID_PRIVATE_KEY"]
    cached: tuple[str, str] | None = current_app.extensions.get("xephang_vapid_public")
    if cached is None or cached[0] != private:
        cached = (private, vapid_public_key(private))
        current_app.extensions["xephang_vapid_public"] = cached
    return cached[1]


@bp.get("/t/sw.js")
def push_worker() -> Response:
    """The phone page's service worker (scope /t/): it shows the pushed "almost your turn"."""
    script = (Path(__file__).parent / "static" / "public" / "sw.js").read_text(encoding="utf-8")
    response = Response(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/t/"
    return response


def office_url(office_id: int) -> str:
    """The office's public page on the public address (its poster's QR code)."""
    return f"{queue_settings().public_url.rstrip('/')}/o/{office_id}"


def booking_url(public_token: str) -> str:
    """The booking's phone page on the public address (its QR code, design §12)."""
    return f"{queue_settings().public_url.rstrip('/')}/a/{public_token}"


@bp.get("/o/<int:office_id>")
def office_page(office_id: int) -> Response:
    """The office's public page: take a number from afar or book a time (design §12)."""
    refused = _refused(OFFICE_NOT_FOUND)
    if refused is not None:
        return refused
    session = db_session()
    try:
        office = public_office(session, office_id)
    except DomainError:
        return _page("public/message.html", 404, **OFFICE_NOT_FOUND)
    return _page("public/office.html", page=office_page_data(session, office, utcnow()))


def office_page_data(session: Session, office: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The API's office answer, plus what the page needs to offer days: today and each horizon."""
    row = session.get(Office, office["id"])
    assert row is not None  # public_office found it
    horizons = {}
    for offered in office["services"]:
        service = session.get(Service, offered["id"])
        if service is not None:
            horizons[str(service.id)] = service.booking_days
    return {
        "office": office,
        "today": business_date(now, row.timezone).isoformat(),
        "booking_days": horizons,
    }


@bp.get("/o/<int:office_id>/qr.svg")
def office_qr(office_id: int) -> Response:
    """The QR code of the office's public page, for the poster in the lobby (admin, manager)."""
    refused = _refused(OFFICE_NOT_FOUND)
    if refused is not None:
        return refused
    if db_session().get(Office, office_id) is None:
        return _page("public/message.html", 404, **OFFICE_NOT_FOUND)
    return _svg(qr_svg(office_url(office_id)))


@bp.get("/a/<public_token>")
def booking_page(public_token: str) -> Response:
    """The booking's page: status, day and time, its code and QR, cancel, then the ticket."""
    refused = _refused(BOOKING_NOT_FOUND, public_token)
    if refused is not None:
        return refused
    session = db_session()
    try:
        appointment = appointment_by_public_token(session, public_token)
    except DomainError:
        return _page("public/message.html", 404, **BOOKING_NOT_FOUND)
    office = session.get(Office, appointment.office_id)
    service = session.get(Service, appointment.service_id)
    booking = public_booking(session, appointment, queue_settings())
    return _page(
        "public/booking.html",
        booking=booking,
        office_name=office.name if office else "",
        service_name=service.name if service else "",
        office_id=appointment.office_id,
        public_token=public_token,
    )


@bp.get("/a/<public_token>/qr.svg")
def booking_qr(public_token: str) -> Response:
    """The booking's QR code: its page's own URL, which the kiosk's scanner reads at check-in."""
    refused = _refused(BOOKING_NOT_FOUND, public_token)
    if refused is not None:
        return refused
    try:
        appointment = appointment_by_public_token(db_session(), public_token)
    except DomainError:
        return _page("public/message.html", 404, **BOOKING_NOT_FOUND)
    return _svg(qr_svg(booking_url(appointment.public_token)))


NOT_FOUND = {
    "title": "Không tìm thấy phiếu",
    "text": "Mã trên phiếu không đúng hoặc phiếu không còn. "
    "Ông/Bà vui lòng quét lại mã QR trên phiếu hoặc hỏi cán bộ hướng dẫn.",
}
BOOKING_NOT_FOUND = {
    "title": "Không tìm thấy lịch hẹn",
    "text": "Đường dẫn lịch hẹn không đúng hoặc lịch hẹn không còn. "
    "Ông/Bà vui lòng mở lại đường dẫn nhận được khi đặt lịch hoặc hỏi cán bộ hướng dẫn.",
}
OFFICE_NOT_FOUND = {
    "title": "Không tìm thấy bộ phận một cửa",
    "text": "Ông/Bà vui lòng quét lại mã QR trên áp phích tại bộ phận một cửa.",
}
TOO_MANY = {
    "title": "Quá nhiều yêu cầu",
    "text": "Ông/Bà vui lòng đợi một phút rồi tải lại trang.",
}
