"""Phone numbers are erased `PERSONAL_DATA_DAYS` after their business day (design §12)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import World, upcoming_slots
from sqlalchemy import select

from server.cli.privacy_commands import purge_personal_data
from server.models import Appointment, Ticket, utcnow
from server.services.personal_data import erase_phone_numbers

PHONE = "0912345678"


@pytest.fixture
def from_phones(client, session, world: World) -> datetime:
    """A remote number and a booking, both with a phone number; answers the booking's slot."""
    world.land.remote_enabled = True
    world.land.appointments_enabled = True
    session.commit()
    taken = client.post(
        "/api/v1/public/tickets", json={"service_id": world.land.id, "phone": PHONE}
    )
    assert taken.status_code == 201, taken.get_data(as_text=True)
    slot = upcoming_slots(client, world.land.id)[1]
    booked = client.post(
        "/api/v1/public/appointments",
        json={"service_id": world.land.id, "start": slot["start"], "phone": PHONE},
    )
    assert booked.status_code == 201, booked.get_data(as_text=True)
    return datetime.fromisoformat(slot["start"])


def phones(session) -> list[str | None]:
    """The stored phone numbers of tickets and bookings."""
    session.expire_all()
    return [
        *session.scalars(select(Ticket.phone).where(Ticket.phone.is_not(None))),
        *session.scalars(select(Appointment.phone).where(Appointment.phone.is_not(None))),
    ]


def test_phone_numbers_stay_until_their_day_is_old_enough(session, from_phones):
    erased = erase_phone_numbers(session, days=30, now=utcnow() + timedelta(days=29))
    assert (erased.tickets, erased.appointments) == (0, 0)
    assert len(phones(session)) == 2


def test_phone_numbers_are_erased_after_the_retention_days(session, from_phones):
    later = from_phones + timedelta(days=31)
    erased = erase_phone_numbers(session, days=30, now=later)
    assert (erased.tickets, erased.appointments) == (1, 1)
    assert phones(session) == []
    again = erase_phone_numbers(session, days=30, now=later)
    assert (again.tickets, again.appointments) == (0, 0)
    # What the phone numbers served stays: the ticket and the booking themselves.
    assert session.scalar(select(Appointment.status)) == "booked"


def test_today_is_kept_even_with_no_retention(session, from_phones):
    erased = erase_phone_numbers(session, days=0, now=utcnow())
    assert (erased.tickets, erased.appointments) == (0, 0)


def test_the_nightly_command_reads_the_setting(app, session, from_phones):
    ticket = session.scalars(select(Ticket)).one()
    ticket.business_date -= timedelta(days=31)
    session.commit()
    app.config["PERSONAL_DATA_DAYS"] = 31  # one day short
    assert "erased: 0 tickets" in app.test_cli_runner().invoke(purge_personal_data).output
    app.config["PERSONAL_DATA_DAYS"] = 30
    result = app.test_cli_runner().invoke(purge_personal_data)
    assert result.exit_code == 0, result.output
    assert "phone numbers erased: 1 tickets" in result.output
    assert session.scalar(select(Ticket.phone).where(Ticket.phone.is_not(None))) is None
