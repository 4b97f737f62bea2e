"""A booking's confirmation and reminder: built from the booking, sent once its command commits."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import World
from notify_support import fake_gateway
from waiting import wait_until

from server.after_commit import after_commit
from server.models import Appointment
from server.notifications.messages import MessageKind
from server.services.changes import Outcome
from server.services.notifications import booking_confirmed_notices, reminder_notices

SLOT = datetime(2026, 12, 7, 1, 30, tzinfo=UTC)  # 08:30 in Hà Nội


def booking(session, world: World, phone: str | None = "0912345678") -> Appointment:  # type: ignore[no-untyped-def]
    appointment = Appointment(
        office_id=world.office.id,
        service_id=world.land.id,
        slot_start=SLOT,
        slot_end=SLOT.replace(minute=45),
        code="K7M2QX",
        public_token="booking-token",
        phone=phone,
    )
    session.add(appointment)
    session.commit()
    return appointment


def test_the_confirmation_names_service_local_time_and_code(session, world: World) -> None:
    [notice] = booking_confirmed_notices(booking(session, world), world.land, world.office)
    assert notice.kind is MessageKind.BOOKING_CONFIRMED
    assert notice.phone == "0912345678"
    assert notice.text.startswith(
        "Đã đặt lịch hẹn Đất đai lúc 08:30 ngày 07/12/2026. Mã hẹn: K7M2QX."
    )


def test_no_phone_no_message(session, world: World) -> None:
    appointment = booking(session, world, phone=None)
    assert booking_confirmed_notices(appointment, world.land, world.office) == []
    assert reminder_notices(appointment, world.land, world.office) == []


def test_a_committed_outcome_s_notices_are_sent(app, session, world: World) -> None:
    with fake_gateway() as gateway:
        world.office.notifier_kind = "http_sms"
        world.office.notifier_settings = {"url": gateway.url, "body_template": "{phone}|{text}"}
        session.commit()
        appointment = booking(session, world)
        notices = booking_confirmed_notices(appointment, world.land, world.office)
        after_commit(app).dispatch(Outcome({"code": appointment.code}, notices=notices))
        wait_until(lambda: gateway.answered >= 1, what="the confirmation sent")
    phone, text = gateway.received[0].body.decode().split("|")
    assert phone == "0912345678"
    assert "Mã hẹn: K7M2QX" in text
