"""Failed sign-ins and sign-in locks, shared by every server process (login throttling)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base


class LoginFailure(Base):
    """One failed sign-in for a username and address; rows older than a minute are pruned."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))  # "username|address" or "@address"
    failed_at: Mapped[datetime] = mapped_column(index=True)


class LoginLock(Base):
    """A username and address locked out after repeated failures; each lock lasts longer."""

    __tablename__ = "login_locks"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "username|address"
    locks: Mapped[int] = mapped_column(default=0)  # locks so far, which sets the next length
    locked_until: Mapped[datetime] = mapped_column(index=True)
