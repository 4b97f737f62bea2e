"""Offices, their working sessions and holidays."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.models.base import Base, utcnow


class Office(Base):
    """A node of the office tree: province, district, commune centre or reception point."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    header_lines: Mapped[list[str]] = mapped_column(default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    dialect: Mapped[str] = mapped_column(String(8), default="north")
    notice_text: Mapped[str] = mapped_column(String(1000), default="")
    event_seq: Mapped[int] = mapped_column(default=0)
    # Who tells citizens when to come (design §12): log, http_sms, zalo_zns or web_push, and
    # that notifier's URL, tokens and templates. Admin answers mask the secrets.
    notifier_kind: Mapped[str] = mapped_column(String(16), default="log")
    notifier_settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[Office | None] = relationship(remote_side="Office.id", back_populates="children")
    children: Mapped[list[Office]] = relationship(back_populates="parent")
    sessions: Mapped[list[WorkingSession]] = relationship(
        back_populates="office", order_by="(WorkingSession.weekday, WorkingSession.start_minute)"
    )
    holidays: Mapped[list[Holiday]] = relationship(back_populates="office")


class WorkingSession(Base):
    """A working session (sáng/chiều) of an office on one weekday, in minutes of the local day."""

    __tablename__ = "working_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]  # 0 = Monday
    start_minute: Mapped[int]
    end_minute: Mapped[int]
    name: Mapped[str] = mapped_column(String(32), default="")

    office: Mapped[Office] = relationship(back_populates="sessions")


class Holiday(Base):
    """A day the office does not issue tickets."""

    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("office_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    name: Mapped[str] = mapped_column(String(200), default="")

    office: Mapped[Office] = relationship(back_populates="holidays")
