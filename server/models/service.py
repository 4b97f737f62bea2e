"""Services an office issues tickets for."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base
from server.models.enums import Audience


class Service(Base):
    """A line of the office (Đất đai, Tư pháp – Hộ tịch, Điện lực…) with its own numbering."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("office_id", "prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[str] = mapped_column(String(200), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")
    audience: Mapped[Audience] = mapped_column(String(16), default=Audience.CITIZEN)
    active: Mapped[bool] = mapped_column(default=True)
    daily_limit: Mapped[int | None]
    cutoff_minutes: Mapped[int] = mapped_column(default=0)
    target_wait_minutes: Mapped[int] = mapped_column(default=30)
    max_wait_minutes: Mapped[int | None]  # aging: past this a ticket is promoted
    default_service_minutes: Mapped[float] = mapped_column(default=5.0)
    number_start: Mapped[int] = mapped_column(default=1)
    number_width: Mapped[int] = mapped_column(default=3)
    sort_order: Mapped[int] = mapped_column(default=0)
    # Remote numbers and appointments (design §12).
    remote_enabled: Mapped[bool] = mapped_column(default=False)
    remote_share: Mapped[int] = mapped_column(default=30)  # percent of the daily limit
    notify_ahead: Mapped[int] = mapped_column(default=3)
    appointments_enabled: Mapped[bool] = mapped_column(default=False)
    slot_minutes: Mapped[int] = mapped_column(default=15)
    slot_capacity: Mapped[int] = mapped_column(default=2)
    booking_days: Mapped[int] = mapped_column(default=14)
