"""Satisfaction ratings: one per completed ticket, from the counter's tablet or a phone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db import write
from server.models import (
    DeviceKind,
    Rating,
    RatingLevel,
    RatingReason,
    Ticket,
    TicketStatus,
    utcnow,
)
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.changes import Outcome
from server.services.queries import get_or_404

MAX_COMMENT_LENGTH = 1000


def _validate(level: Any, reasons: Any, comment: Any) -> tuple[RatingLevel, list[str], str]:
    """Check the rating's values, with the field named in the error."""
    # Strings only: a list or object from the JSON body is unhashable and would crash `in set()`.
    if not isinstance(level, str) or level not in set(RatingLevel):
        allowed = ", ".join(RatingLevel)
        raise DomainError("invalid_field", f"level: phải là một trong {allowed}", 422)
    reasons = [] if reasons is None else reasons
    if not isinstance(reasons, list) or any(
        not isinstance(r, str) or r not in set(RatingReason) for r in reasons
    ):
        allowed = ", ".join(RatingReason)
        raise DomainError("invalid_field", f"reasons: chỉ gồm {allowed}", 422)
    comment = "" if comment is None else comment
    if not isinstance(comment, str) or len(comment) > MAX_COMMENT_LENGTH:
        raise DomainError("invalid_field", f"comment: tối đa {MAX_COMMENT_LENGTH} ký tự", 422)
    return RatingLevel(level), sorted(set(reasons)), comment.strip()


def rate_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    level: Any,
    reasons: Sequence[str] | None = None,
    comment: str | None = None,
    *,
    now: datetime | None = None,
) -> Outcome:
    """Store the rating from the rating tablet of the counter that served the ticket."""
    ticket = get_or_404(session, Ticket, ticket_id, "ticket")
    device = actor.device
    if device is None or device.kind != DeviceKind.RATING:
        raise DomainError("forbidden", "Chỉ máy đánh giá tại quầy được gửi đánh giá", 403)
    if device.counter_id is None or device.counter_id != ticket.counter_id:
        raise DomainError("forbidden", "Phiếu này không được phục vụ tại quầy của thiết bị", 403)
    return Outcome(
        _store(session, ticket, actor, "tablet", level, reasons, comment, now or utcnow())
    )


def rate_public_ticket(
    session: Session,
    ticket: Ticket,
    level: Any,
    reasons: Sequence[str] | None = None,
    comment: str | None = None,
    *,
    now: datetime | None = None,
) -> Outcome:
    """Store the rating the citizen gives on their phone page."""
    return Outcome(
        _store(session, ticket, Actor(), "phone", level, reasons, comment, now or utcnow())
    )


def _store(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    channel: str,
    level: Any,
    reasons: Any,
    comment: Any,
    now: datetime,
) -> dict[str, Any]:
    """Validate, refuse a second rating, insert, in one unit of work."""
    checked_level, checked_reasons, checked_comment = _validate(level, reasons, comment)
    try:
        with write(session):
            session.refresh(ticket)
            if ticket.status != TicketStatus.DONE:
                raise DomainError("not_rateable", "Chỉ đánh giá được sau khi đã phục vụ xong", 409)
            if session.scalars(select(Rating.id).where(Rating.ticket_id == ticket.id)).first():
                raise DomainError("already_rated", "Phiếu này đã được đánh giá", 409)
            rating = Rating(
                ticket_id=ticket.id,
                office_id=ticket.office_id,
                service_id=ticket.service_id,
                counter_id=ticket.counter_id,
                clerk_id=ticket.clerk_id,
                level=checked_level,
                reasons=checked_reasons if checked_level == RatingLevel.DISSATISFIED else [],
                comment=checked_comment,
                channel=channel,
                device_id=actor.device_id,
                created_at=now,
            )
            session.add(rating)
    except IntegrityError as error:  # a second tablet or the phone got in first
        raise DomainError("already_rated", "Phiếu này đã được đánh giá", 409) from error
    return {
        "id": rating.id,
        "ticket_id": ticket.id,
        "level": str(rating.level),
        "reasons": rating.reasons,
        "comment": rating.comment,
        "channel": channel,
        "created_at": rating.created_at.isoformat(),
    }
