"""A booking's confirmation and reminder: built from the booking, sent once its command commits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import World
from notify_support import fake_gateway
from sqlalchemy.orm import Session
from support_server import fresh_postgres_database, seed_office
from waiting import wait_until

from server.after_commit import after_commit
from server.db import make_engine
from server.models import Appointment, AppointmentStatus, utcnow
from server.notifications.messages import MessageKind
from server.realtime.notify_dispatch import remind_round
from server.services.changes import Outcome
from server.services.notifications import (
    booking_confirmed_notices,
    due_reminders,
    reminder_notices,
)

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


HOUR = timedelta(hours=1)


def test_a_reminder_once_within_the_hour_before_the_slot(session, world: World) -> None:
    appointment = booking(session, world)
    appointment.created_at = SLOT - 24 * HOUR
    session.commit()
    assert due_reminders(session, SLOT - 2 * HOUR, HOUR) == []  # too early
    [reminder] = due_reminders(session, SLOT - HOUR / 2, HOUR)
    assert reminder.kind is MessageKind.REMINDER
    assert "Nhắc lịch hẹn Đất đai lúc 08:30 ngày 07/12/2026" in reminder.text
    assert due_reminders(session, SLOT - HOUR / 4, HOUR) == []  # only once


def test_no_reminder_for_a_booking_made_within_the_hour(session, world: World) -> None:
    appointment = booking(session, world)
    appointment.created_at = SLOT - HOUR / 2
    session.commit()
    assert due_reminders(session, SLOT - HOUR / 4, HOUR) == []
    session.expire_all()
    assert session.get(Appointment, appointment.id).reminded_at is not None


def test_no_reminder_once_the_slot_started_or_the_booking_was_cancelled(
    session, world: World
) -> None:
    started = booking(session, world)
    started.created_at = SLOT - 24 * HOUR
    session.commit()
    assert due_reminders(session, SLOT + timedelta(minutes=1), HOUR) == []
    started.slot_start = SLOT + HOUR / 2
    started.status = AppointmentStatus.CANCELLED
    session.commit()
    assert due_reminders(session, SLOT, HOUR) == []


def test_a_reminder_round_sends_through_the_office_notifier(app, session, world: World) -> None:
    with fake_gateway() as gateway:
        world.office.notifier_kind = "http_sms"
        world.office.notifier_settings = {"url": gateway.url, "body_template": "{phone}|{text}"}
        appointment = booking(session, world)
        appointment.slot_start = utcnow() + HOUR / 2
        appointment.created_at = utcnow() - 24 * HOUR
        session.commit()
        assert remind_round(app) == 1
        wait_until(lambda: gateway.answered >= 1, what="the reminder sent")
        assert remind_round(app) == 0
    assert gateway.received[0].body.decode().startswith("0912345678|Nhắc lịch hẹn Đất đai")


@pytest.mark.postgres
def test_reminders_on_postgresql_skip_locked_and_once() -> None:
    with fresh_postgres_database() as url:
        office = seed_office(url)
        engine = make_engine(url)
        try:
            with Session(engine) as session:
                session.add(
                    Appointment(
                        office_id=office.office_id,
                        service_id=office.service_ids[0],
                        slot_start=SLOT,
                        slot_end=SLOT + HOUR / 4,
                        code="K7M2QX",
                        public_token="booking-token",
                        phone="0912345678",
                        created_at=SLOT - 24 * HOUR,
                    )
                )
                session.commit()
            with Session(engine) as first, Session(engine) as second:
                found = due_reminders(first, SLOT - HOUR / 2, HOUR)
                assert due_reminders(second, SLOT - HOUR / 2, HOUR) == []
            assert [notice.kind for notice in found] == [MessageKind.REMINDER]
        finally:
            engine.dispose()


def test_booking_through_the_api_confirms_by_sms(client, session, world: World) -> None:
    """POST /public/appointments with a phone: the confirmation reaches the office's gateway."""
    from conftest import upcoming_slots

    world.land.appointments_enabled = True
    with fake_gateway() as gateway:
        world.office.notifier_kind = "http_sms"
        world.office.notifier_settings = {"url": gateway.url, "body_template": "{phone}|{text}"}
        session.commit()
        slot = upcoming_slots(client, world.land.id)[1]
        sent = {"service_id": world.land.id, "start": slot["start"], "phone": "0912345678"}
        answer = client.post("/api/v1/public/appointments", json=sent)
        assert answer.status_code == 201, answer.get_data(as_text=True)
        wait_until(lambda: gateway.answered >= 1, what="the confirmation sent")
    phone, text = gateway.received[0].body.decode().split("|")
    assert phone == "0912345678"
    assert f"Mã hẹn: {answer.json['code']}" in text
