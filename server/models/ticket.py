"""Tickets, their append-only event log, and the per-day number sequence."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.models.base import Base, utcnow
from server.models.enums import Channel, TicketStatus


class TicketSequence(Base):
    """The last number given out for a service on a business day; locked while issuing."""

    __tablename__ = "ticket_sequences"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    business_date: Mapped[date] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class Ticket(Base):
    """One citizen's place in a line, from issue to done."""

    __tablename__ = "tickets"
    __table_args__ = (
        # No number twice in an office's day; a transferred ticket keeps its number.
        UniqueConstraint("office_id", "business_date", "number"),
        Index("ix_tickets_office_status", "office_id", "status"),
        Index("ix_tickets_office_date", "office_id", "business_date"),
        Index("ix_tickets_counter_status", "counter_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    business_date: Mapped[date]
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str | None] = mapped_column(String(16))
    channel: Mapped[Channel] = mapped_column(String(16), default=Channel.KIOSK)
    status: Mapped[TicketStatus] = mapped_column(String(16), default=TicketStatus.WAITING)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)  # place in line (transfers keep it)
    front_of_line: Mapped[bool] = mapped_column(default=False)
    called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recall_count: Mapped[int] = mapped_column(default=0)
    transferred_from_service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    issued_by_device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    issued_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    public_token: Mapped[str] = mapped_column(String(64), unique=True)
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    # An appointment ticket's slot start: it is called before walk-ins once the slot began.
    slot_start: Mapped[datetime | None]
    phone: Mapped[str | None] = mapped_column(String(20))  # for notifications only (§12)
    # The phone page's Web Push subscription ({endpoint, keys}); erased with the phone.
    push_subscription: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    events: Mapped[list[TicketEvent]] = relationship(order_by="TicketEvent.id")


class TicketEvent(Base):
    """One transition of a ticket: who did what, where and when. Never updated."""

    __tablename__ = "ticket_events"
    __table_args__ = (
        Index("ix_ticket_events_office_at", "office_id", "at"),
        # The wait estimate reads the latest completions of a service.
        Index("ix_ticket_events_service_action", "service_id", "action", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
