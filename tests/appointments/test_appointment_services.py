"""Booking, cancelling, checking in and remote numbers, through the services (design §12)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from server.models import Appointment, AppointmentStatus, Channel, Holiday, Ticket
from server.rules.appointments import citizen_id_digest
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.appointments.bookings import book, cancel, public_booking, service_slots
from server.services.appointments.check_in import check_in
from server.services.appointments.day_list import office_bookings
from server.services.appointments.remote import take_remote_number
from server.services.queue.tickets import issue_ticket
from server.services.settings import QueueSettings

SETTINGS = QueueSettings(public_url="http://xephang.test")
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 7, 9, 5, tzinfo=HANOI).astimezone(UTC)  # a Monday, 09:05
SLOT = datetime(2026, 12, 7, 10, 0, tzinfo=HANOI)
KEY = "test-secret"


@pytest.fixture
def office(world):
    world.land.appointments_enabled = True
    world.land.remote_enabled = True
    return world


class _Refusal:
    """`with refused("slot_full"):` expects that DomainError code."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, _trace) -> bool:
        assert isinstance(error, DomainError), f"expected {self.code}, got {error!r}"
        assert error.code == self.code, (error.code, error.message)
        return True


def refused(code: str) -> _Refusal:
    return _Refusal(code)


def kiosk(world) -> Actor:
    return Actor(device=world.kiosk[0])


def test_slots_show_free_places_and_skip_the_past(session, office):
    session.commit()
    book(session, office.land.id, SLOT, now=NOW)
    answer = service_slots(session, office.land.id, None, now=NOW)
    assert answer["date"] == "2026-12-07"
    first = answer["slots"][0]
    assert first["start"] == "2026-12-07T09:00:00+07:00"  # the current slot, not yet ended
    ten = next(slot for slot in answer["slots"] if slot["start"] == SLOT.isoformat())
    assert (ten["capacity"], ten["free"]) == (2, 1)


def test_no_slots_on_a_holiday_or_without_appointments(session, office):
    session.add(Holiday(office_id=office.office.id, day=SLOT.date(), name="Nghỉ"))
    session.commit()
    assert service_slots(session, office.land.id, None, now=NOW)["slots"] == []
    assert service_slots(session, office.justice.id, SLOT.date(), now=NOW)["slots"] == []


def test_a_booking_answers_code_and_token_and_keeps_no_raw_id(session, office):
    session.commit()
    body = book(
        session,
        office.land.id,
        SLOT,
        phone="0912345678",
        citizen_id_hmac=citizen_id_digest("001099012345", KEY),
        now=NOW,
    ).body
    assert body["status"] == "booked"
    assert body["start"] == "2026-12-07T10:00:00+07:00"
    assert body["end"] == "2026-12-07T10:15:00+07:00"
    assert len(body["code"]) == 6
    assert "phone" not in body
    stored = session.scalars(select(Appointment)).one()
    assert "001099012345" not in (stored.citizen_id_hmac or "")


def test_capacity_then_slot_full_and_cancel_frees_the_place(session, office):
    session.commit()
    first = book(session, office.land.id, SLOT, now=NOW).body
    book(session, office.land.id, SLOT, now=NOW)
    with refused("slot_full"):
        book(session, office.land.id, SLOT, now=NOW)
    token = first["public_token"]
    appointment = session.scalars(
        select(Appointment).where(Appointment.public_token == token)
    ).one()
    assert cancel(session, appointment, now=NOW).body["status"] == "cancelled"
    book(session, office.land.id, SLOT, now=NOW)


@pytest.mark.parametrize(
    "start",
    [
        SLOT + timedelta(minutes=5),  # not a slot start
        SLOT - timedelta(hours=2),  # past
        SLOT + timedelta(days=20),  # beyond the 14-day horizon
    ],
)
def test_invalid_slots(session, office, start):
    session.commit()
    with refused("invalid_slot"):
        book(session, office.land.id, start, now=NOW)


def test_a_service_without_appointments_refuses(session, office):
    session.commit()
    with refused("invalid_slot"):
        book(session, office.justice.id, SLOT, now=NOW)


def test_check_in_by_code_issues_an_appointment_ticket(session, office):
    session.commit()
    code = book(session, office.land.id, SLOT, phone="0912345678", now=NOW).body["code"]
    at = SLOT.astimezone(UTC) - timedelta(minutes=20)
    outcome = check_in(session, kiosk(office), SETTINGS, code=code.lower(), now=at)
    assert outcome.body["channel"] == "appointment"
    assert outcome.body["slot_start"] == SLOT.astimezone(UTC).isoformat()
    assert outcome.body["public_token"]
    assert [change.event for change in outcome.changes] == ["ticket_issued"]
    ticket = session.get(Ticket, outcome.body["id"])
    assert ticket.channel == Channel.APPOINTMENT and ticket.phone == "0912345678"
    appointment = session.scalars(select(Appointment)).one()
    assert appointment.status == AppointmentStatus.CHECKED_IN
    assert appointment.ticket_id == ticket.id
    with refused("already_checked_in"):
        check_in(session, kiosk(office), SETTINGS, code=code, now=at)
    with refused("already_checked_in"):
        cancel(session, appointment, now=at)
    booking = public_booking(session, appointment, SETTINGS, now=at)
    assert booking["status"] == "checked_in"
    assert booking["ticket"]["number"] == ticket.number


def test_check_in_window(session, office):
    session.commit()
    code = book(session, office.land.id, SLOT, now=NOW).body["code"]
    slot_utc = SLOT.astimezone(UTC)
    with refused("too_early"):
        check_in(session, kiosk(office), SETTINGS, code=code, now=slot_utc - timedelta(minutes=31))
    try:
        check_in(session, kiosk(office), SETTINGS, code=code, now=slot_utc - timedelta(minutes=31))
    except DomainError as error:
        assert "09:30" in error.message  # when to come back, local time
    with refused("appointment_expired"):
        check_in(session, kiosk(office), SETTINGS, code=code, now=slot_utc + timedelta(minutes=11))
    session.expire_all()
    assert session.scalars(select(Appointment)).one().status == AppointmentStatus.EXPIRED
    with refused("appointment_expired"):
        check_in(session, kiosk(office), SETTINGS, code=code, now=slot_utc)


def test_check_in_by_citizen_id(session, office):
    session.commit()
    digest = citizen_id_digest("001099012345", KEY)
    book(session, office.land.id, SLOT, citizen_id_hmac=digest, now=NOW)
    with refused("unknown_appointment"):
        check_in(session, kiosk(office), SETTINGS, citizen_id_hmac=citizen_id_digest("1", KEY))
    outcome = check_in(
        session, kiosk(office), SETTINGS, citizen_id_hmac=digest, now=SLOT.astimezone(UTC)
    )
    assert outcome.body["channel"] == "appointment"


def test_unknown_code_and_other_office(session, office):
    session.commit()
    code = book(session, office.land.id, SLOT, now=NOW).body["code"]
    with refused("unknown_appointment"):
        check_in(session, kiosk(office), SETTINGS, code="ZZZZZZ", now=NOW)
    with refused("unknown_appointment"):
        check_in(session, Actor(device=office.other_kiosk[0]), SETTINGS, code=code, now=NOW)


def test_check_in_by_the_booking_token(session, office):
    session.commit()
    token = book(session, office.land.id, SLOT, now=NOW).body["public_token"]
    at = SLOT.astimezone(UTC)
    with refused("unknown_appointment"):
        check_in(session, kiosk(office), SETTINGS, public_token="no-such-token", now=at)
    with refused("unknown_appointment"):
        check_in(session, kiosk(office), SETTINGS, public_token="bad\x00token", now=at)
    with refused("unknown_appointment"):  # a booking of another office is not found there
        check_in(session, Actor(device=office.other_kiosk[0]), SETTINGS, public_token=token, now=at)
    outcome = check_in(session, kiosk(office), SETTINGS, public_token=token, now=at)
    assert outcome.body["channel"] == "appointment"
    with refused("already_checked_in"):
        check_in(session, kiosk(office), SETTINGS, public_token=token, now=at)


def test_a_display_cannot_check_in(session, office):
    session.commit()
    code = book(session, office.land.id, SLOT, now=NOW).body["code"]
    with refused("forbidden"):
        check_in(session, Actor(device=office.display[0]), SETTINGS, code=code, now=NOW)


def test_the_day_list_shows_no_personal_data(session, office):
    session.commit()
    book(session, office.land.id, SLOT, phone="0912345678", now=NOW)
    clerk = Actor(user=office.clerk1[0])
    answer = office_bookings(session, clerk, office.office.id, SLOT.date(), now=NOW)
    (row,) = answer["appointments"]
    assert row["phone_last_digits"] == "•••678"
    assert "0912345678" not in str(answer)
    with refused("forbidden"):
        office_bookings(session, Actor(device=office.kiosk[0]), office.office.id, None, now=NOW)
    with refused("forbidden"):
        office_bookings(session, Actor(user=office.other_clerk[0]), office.office.id, None)


def test_a_remote_number_is_an_online_ticket_in_the_same_numbering(session, office):
    session.commit()
    issue_ticket(session, kiosk(office), office.land.id, SETTINGS, now=NOW)
    body = take_remote_number(session, office.land.id, SETTINGS, phone="0912345678", now=NOW).body
    assert body["channel"] == "online"
    assert body["number"] == "A002"
    assert body["public_token"]
    assert "clerk_id" not in body  # the citizen's view
    with refused("remote_unavailable"):  # one open remote number per phone and service
        take_remote_number(session, office.land.id, SETTINGS, phone="0912345678", now=NOW)
    take_remote_number(session, office.land.id, SETTINGS, phone="0987654321", now=NOW)


def test_remote_numbers_are_capped_by_their_share(session, office):
    office.land.daily_limit = 10
    office.land.remote_share = 20
    session.commit()
    take_remote_number(session, office.land.id, SETTINGS, now=NOW)
    take_remote_number(session, office.land.id, SETTINGS, now=NOW)
    with refused("remote_unavailable"):
        take_remote_number(session, office.land.id, SETTINGS, now=NOW)
    # The kiosk still gives numbers up to the daily limit, and the refusal left no gap.
    body = issue_ticket(session, kiosk(office), office.land.id, SETTINGS, now=NOW).body
    assert body["number"] == "A003"


def test_remote_numbers_off_or_service_closed(session, office, make_office, make_service):
    session.commit()
    with refused("remote_unavailable"):
        take_remote_number(session, office.justice.id, SETTINGS, now=NOW)
    closed = make_office(sessions=[])
    service = make_service(closed, "C", remote_enabled=True)
    with refused("service_unavailable"):
        take_remote_number(session, service.id, SETTINGS, now=NOW)
