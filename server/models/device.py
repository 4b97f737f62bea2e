"""Paired devices: kiosks, lobby displays, counter-top displays and rating tablets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow
from server.models.enums import DeviceKind


class Device(Base):
    """A screen or kiosk that authenticates with its own token (stored hashed)."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DeviceKind] = mapped_column(String(32))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    printer_status: Mapped[str | None] = mapped_column(String(32))
    printer_status_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
