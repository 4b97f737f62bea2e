"""Counters (quầy) and the services each serves, in order of preference."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.models.base import Base
from server.models.enums import CounterStatus


class Counter(Base):
    """A desk where one clerk calls and serves tickets."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("office_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    number: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[CounterStatus] = mapped_column(String(16), default=CounterStatus.CLOSED)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    priority_streak: Mapped[int] = mapped_column(default=0)

    service_links: Mapped[list[CounterService]] = relationship(
        order_by="CounterService.position", cascade="all, delete-orphan"
    )

    @property
    def service_ids(self) -> list[int]:
        """The services this counter serves, most preferred first."""
        return [link.service_id for link in self.service_links]


class CounterService(Base):
    """One service served by a counter, at a preference position (0 = first)."""

    __tablename__ = "counter_services"

    counter_id: Mapped[int] = mapped_column(
        ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)
