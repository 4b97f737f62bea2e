"""The citizen's view of their ticket, by its public token (no login; limited per address)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from server.api.contract import operation, request_body
from server.api.principal import carries_staff_credentials
from server.api.responses import json_reply, reply
from server.request_context.current import db_session, queue_settings
from server.request_context.rate_limit import rate_limited
from server.rules.errors import DomainError
from server.schemas.tickets import (
    PublicTicket,
    PushState,
    PushSubscriptionSent,
    Rating,
    RatingSent,
)
from server.services.presenters import public_ticket_dict
from server.services.queue.push import subscribe_ticket
from server.services.queue.ratings import rate_public_ticket
from server.services.queue.tickets import ticket_by_public_token

bp = Blueprint("api_public", __name__, url_prefix="/api/v1/public")


@bp.after_request
def _private(response: Response) -> Response:
    """A ticket's live status is nobody else's: no shared caches, no stale copies."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/tickets/<public_token>")
@rate_limited("public_read")
@operation(
    "public",
    public=True,
    answers={200: PublicTicket},
    errors=("ticket_not_found", "too_many_requests"),
)
def get_public_ticket(public_token: str) -> Response:
    """Status, people ahead, estimate and the called counter."""
    session = db_session()
    ticket = ticket_by_public_token(session, public_token)
    return json_reply(public_ticket_dict(session, ticket, queue_settings()))


@bp.post("/tickets/<public_token>/rating")
@rate_limited("public_rating")
@operation(
    "public",
    public=True,
    body=RatingSent,
    answers={201: Rating},
    errors=(
        "ticket_not_found",
        "staff_cannot_rate",
        "not_rateable",
        "already_rated",
        "too_many_requests",
    ),
)
def rate_public(public_token: str) -> Response:
    """The citizen rates the service from their phone; never a staff login or device.

    Staff must not rate in the citizen's place: a request with a bearer token or a login
    session is refused before the token is even looked up.
    """
    if carries_staff_credentials():
        raise DomainError(
            "staff_cannot_rate",
            "Đánh giá qua trang công khai chỉ dành cho công dân; tài khoản hoặc thiết bị "
            "của cơ quan không được gửi đánh giá ở đây",
            403,
        )
    session = db_session()
    ticket = ticket_by_public_token(session, public_token)
    outcome = rate_public_ticket(session, ticket, request_body(RatingSent))
    return reply(outcome, 201)


@bp.post("/tickets/<public_token>/push")
@rate_limited("public_booking")
@operation(
    "public",
    public=True,
    body=PushSubscriptionSent,
    answers={200: PushState},
    errors=("ticket_not_found", "push_unavailable", "too_many_requests"),
)
def subscribe_push(public_token: str) -> Response:
    """The phone page's browser asks to hear "almost your turn" and the call by Web Push."""
    session = db_session()
    ticket = ticket_by_public_token(session, public_token)
    if not current_app.config["NOTIFY_VAPID_PRIVATE_KEY"]:
        raise DomainError("push_unavailable", "Máy chủ chưa bật thông báo qua trình duyệt", 409)
    sent = request_body(PushSubscriptionSent)
    return reply(subscribe_ticket(session, ticket, sent.model_dump()))
