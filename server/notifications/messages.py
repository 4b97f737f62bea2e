"""What a citizen is told (design §12): the message kinds and their Vietnamese texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class MessageKind(StrEnum):
    """Why a citizen hears from the office."""

    BOOKING_CONFIRMED = "booking_confirmed"
    REMINDER = "reminder"
    ALMOST_YOUR_TURN = "almost_your_turn"
    CALLED = "called"


@dataclass(frozen=True)
class Message:
    """One notification: to a phone number (SMS, Zalo) or a browser's push subscription.

    `params` are the template's values (a Zalo ZNS template or an SMS body template takes them
    by name); `text` is the whole Vietnamese sentence for channels that send free text.
    `tracking_id` lets a gateway's delivery report find it again and keeps retries idempotent.
    """

    kind: MessageKind
    office_id: int
    text: str
    tracking_id: str
    phone: str | None = None
    push_subscription: dict[str, Any] | None = None
    params: dict[str, str] = field(default_factory=dict)


def called_text(number: str, counter: str) -> str:
    """The call: the number and the counter to go to."""
    return f"Số {number}: mời đến quầy số {counter}."


def almost_your_turn_text(number: str, ahead: int) -> str:
    """The heads-up: how many people are still ahead."""
    if ahead <= 0:
        return f"Số {number}: sắp đến lượt bạn, xin mời đến văn phòng."
    return f"Số {number}: còn {ahead} người nữa đến lượt, xin mời đến văn phòng."


def booking_confirmed_text(service: str, start: datetime, code: str) -> str:
    """A booking's confirmation: service, local time and day, and the code to check in with."""
    return (
        f"Đã đặt lịch hẹn {service} lúc {_clock(start)} ngày {_day(start)}. "
        f"Mã hẹn: {code}. Vui lòng đến trước giờ hẹn."
    )


def reminder_text(service: str, start: datetime, code: str) -> str:
    """The reminder before the slot."""
    return (
        f"Nhắc lịch hẹn {service} lúc {_clock(start)} ngày {_day(start)}. "
        f"Mã hẹn: {code}. Quét mã tại ki-ốt khi đến."
    )


def called(
    office_id: int, ticket_id: int, number: str, counter: str, *, recall: int = 0, **to: Any
) -> Message:
    """The `called` message of a ticket (`to`: `phone=` and/or `push_subscription=`)."""
    return Message(
        MessageKind.CALLED,
        office_id,
        called_text(number, counter),
        f"called-{ticket_id}-{recall}",
        params={"number": number, "counter": counter},
        **to,
    )


def almost_your_turn(office_id: int, ticket_id: int, number: str, ahead: int, **to: Any) -> Message:
    """The `almost_your_turn` message of a ticket."""
    return Message(
        MessageKind.ALMOST_YOUR_TURN,
        office_id,
        almost_your_turn_text(number, ahead),
        f"ahead-{ticket_id}",
        params={"number": number, "ahead": str(ahead)},
        **to,
    )


def booking_confirmed(
    office_id: int, appointment_id: int, service: str, start: datetime, code: str, **to: Any
) -> Message:
    """The `booking_confirmed` message of a booking (`start` in the office's local time)."""
    return Message(
        MessageKind.BOOKING_CONFIRMED,
        office_id,
        booking_confirmed_text(service, start, code),
        f"booked-{appointment_id}",
        params=_booking_params(service, start, code),
        **to,
    )


def reminder(
    office_id: int, appointment_id: int, service: str, start: datetime, code: str, **to: Any
) -> Message:
    """The `reminder` message of a booking (`start` in the office's local time)."""
    return Message(
        MessageKind.REMINDER,
        office_id,
        reminder_text(service, start, code),
        f"reminder-{appointment_id}",
        params=_booking_params(service, start, code),
        **to,
    )


def _booking_params(service: str, start: datetime, code: str) -> dict[str, str]:
    return {"service": service, "time": _clock(start), "date": _day(start), "code": code}


def _clock(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _day(moment: datetime) -> str:
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year}"
