"""Satisfaction ratings: one per completed ticket, from the counter's tablet or a phone."""

from __future__ import annotations

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
    Ticket,
    TicketStatus,
    utcnow,
)
from server.rules.errors import DomainError
from server.schemas.tickets import RatingSent
from server.services.actor import Actor
from server.services.changes import Outcome
from server.services.queries import get_or_404


def rate_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    sent: RatingSent,
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
    return Outcome(_store(session, ticket, actor, "tablet", sent, now or utcnow()))


def rate_public_ticket(
    session: Session,
    ticket: Ticket,
    sent: RatingSent,
    *,
    now: datetime | None = None,
) -> Outcome:
    """Store the rating the citizen gives on their phone page."""
    return Outcome(_store(session, ticket, Actor(), "phone", sent, now or utcnow()))


def _store(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    channel: str,
    sent: RatingSent,
    now: datetime,
) -> dict[str, Any]:
    """Refuse a second rating, insert, in one unit of work (reasons only when dissatisfied)."""
    reasons = sorted(set(sent.reasons)) if sent.level == RatingLevel.DISSATISFIED else []
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
                level=sent.level,
                reasons=[str(reason) for reason in reasons],
                comment=sent.comment,
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
