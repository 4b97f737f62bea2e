"""Satisfaction ratings, one per ticket."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow
from server.models.enums import RatingLevel


class Rating(Base):
    """A citizen's rating of one service, from the counter's tablet or their phone."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    level: Mapped[RatingLevel] = mapped_column(String(24))
    reasons: Mapped[list[str]] = mapped_column(default=list)
    comment: Mapped[str] = mapped_column(String(1000), default="")
    channel: Mapped[str] = mapped_column(String(16))  # tablet or phone
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
