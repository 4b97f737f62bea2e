"""Bookings of a service's time slot (design §12)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow
from server.models.enums import AppointmentStatus


class Appointment(Base):
    """One citizen's booking of a slot; checking in issues a ticket of channel `appointment`."""

    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("office_id", "code"),
        # Counting a slot's bookings under the office lock, and the day's list for staff.
        Index("ix_appointments_service_slot", "service_id", "slot_start"),
        Index("ix_appointments_office_slot", "office_id", "slot_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    slot_start: Mapped[datetime]
    slot_end: Mapped[datetime]
    code: Mapped[str] = mapped_column(String(8))
    public_token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[AppointmentStatus] = mapped_column(String(16), default=AppointmentStatus.BOOKED)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    phone: Mapped[str | None] = mapped_column(String(20))  # erased after the retention days
    citizen_id_hmac: Mapped[str | None] = mapped_column(String(64), index=True)  # never the ID
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_in_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]  # when the reminder before the slot was queued
