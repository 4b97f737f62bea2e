"""Working hours of one service, when they differ from its office's."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base


class ServiceSession(Base):
    """A period on one weekday, in minutes of the local day, when a service issues tickets.

    A service with no rows follows its office's working sessions.
    """

    __tablename__ = "service_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]  # 0 = Monday
    start_minute: Mapped[int]
    end_minute: Mapped[int]
    name: Mapped[str] = mapped_column(String(32), default="")
