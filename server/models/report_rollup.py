"""Report roll-ups: per-day and per-month figures of closed business days, for fast reports."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow


class ReportPeriod(Base):
    """Marks an office's day or month as rolled up (even when it had no tickets)."""

    __tablename__ = "report_periods"

    office_id: Mapped[int] = mapped_column(
        ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(8), primary_key=True)  # day or month
    period_start: Mapped[date] = mapped_column(primary_key=True)
    built_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportRollup(Base):
    """Figures of one office, period, service, counter and clerk; durations as histograms."""

    __tablename__ = "report_rollups"
    __table_args__ = (
        Index("ix_report_rollups_office_period", "office_id", "period", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[date]
    service_id: Mapped[int]  # plain ids: roll-ups are derived data, dropped and rebuilt freely
    counter_id: Mapped[int | None]
    clerk_id: Mapped[int | None]
    channel: Mapped[str] = mapped_column(String(16), default="kiosk")  # design §12 by_channel
    issued: Mapped[int] = mapped_column(default=0)
    served: Mapped[int] = mapped_column(default=0)
    no_show: Mapped[int] = mapped_column(default=0)
    cancelled: Mapped[int] = mapped_column(default=0)
    transferred: Mapped[int] = mapped_column(default=0)
    wait_count: Mapped[int] = mapped_column(default=0)
    wait_sum: Mapped[float] = mapped_column(default=0.0)
    wait_hist: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    service_count: Mapped[int] = mapped_column(default=0)
    service_sum: Mapped[float] = mapped_column(default=0.0)
    service_hist: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    very_satisfied: Mapped[int] = mapped_column(default=0)
    satisfied: Mapped[int] = mapped_column(default=0)
    dissatisfied: Mapped[int] = mapped_column(default=0)
