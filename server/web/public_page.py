"""The citizen's phone page behind the ticket's QR code: `/t/<public_token>`."""

from __future__ import annotations

import math

from flask import Blueprint, Response, make_response, render_template

from server.models import Office
from server.request_context.current import db_session, queue_settings
from server.request_context.rate_limit import over_limit
from server.rules.errors import DomainError
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


@bp.get("/t/<public_token>")
def ticket_page(public_token: str) -> Response:
    """The ticket's live page; a plain Vietnamese page for an unknown token or too many requests."""
    retry_after = over_limit("public_read")
    if retry_after is not None:
        response = _page("public/message.html", 429, **TOO_MANY)
        response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
        return response
    if len(public_token) > MAX_TOKEN_LENGTH:
        return _page("public/message.html", 404, **NOT_FOUND)
    session = db_session()
    try:
        ticket = ticket_by_public_token(session, public_token)
    except DomainError:
        return _page("public/message.html", 404, **NOT_FOUND)
    office = session.get(Office, ticket.office_id)
    return _page(
        "public/ticket.html",
        ticket=public_ticket_dict(session, ticket, queue_settings()),
        office_name=office.name if office else "",
        public_token=public_token,
    )


NOT_FOUND = {
    "title": "Không tìm thấy phiếu",
    "text": "Mã trên phiếu không đúng hoặc phiếu không còn. "
    "Ông/Bà vui lòng quét lại mã QR trên phiếu hoặc hỏi cán bộ hướng dẫn.",
}
TOO_MANY = {
    "title": "Quá nhiều yêu cầu",
    "text": "Ông/Bà vui lòng đợi một phút rồi tải lại trang.",
}
