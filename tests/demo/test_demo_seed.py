"""The demo office (design §10): what `seed_demo` creates, that it issues at any hour, its tour."""

from __future__ import annotations

import stat
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.demo.seed import demo_exists, seed_demo
from server.demo.tour import DemoTour, load_tour, pairing_path, print_tour, save_tour
from server.models import (
    Audience,
    Counter,
    Device,
    Office,
    Service,
    User,
    WorkingSession,
)
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.appointments.bookings import book, service_slots
from server.services.appointments.check_in import check_in
from server.services.appointments.public_office import remote_offer
from server.services.queue.counters import CounterAction, call_next, set_counter_state
from server.services.queue.tickets import issue_ticket
from server.services.settings import QueueSettings

PASSWORD = "pw-demo"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2025, 3, 3, tzinfo=HANOI)  # an ordinary Monday, no holiday in the demo


def at(day: datetime, hour: int, minute: int = 0, days: int = 0) -> datetime:
    """A local wall-clock time in Yên Thế, `days` after `day`."""
    return (day + timedelta(days=days)).replace(hour=hour, minute=minute)


@pytest.fixture
def tour(session: Session) -> DemoTour:
    """The demo, seeded around the clock."""
    return seed_demo(session, password=PASSWORD)


def office(session: Session, code: str) -> Office:
    """A demo office by code."""
    return session.scalars(select(Office).where(Office.code == code)).one()


def services(session: Session, office_id: int) -> dict[str, Service]:
    """An office's services by prefix."""
    rows = session.scalars(select(Service).where(Service.office_id == office_id))
    return {service.prefix: service for service in rows}


def counters(session: Session, office_id: int) -> dict[str, Counter]:
    """An office's counters by number."""
    rows = session.scalars(select(Counter).where(Counter.office_id == office_id))
    return {counter.number: counter for counter in rows}


def kiosk_actor(session: Session, office_id: int) -> Actor:
    """The office's kiosk as the issuing actor."""
    query = select(Device).where(Device.office_id == office_id, Device.kind == "kiosk")
    return Actor(device=session.scalars(query).one())


def count(session: Session, model: Any, *where: Any) -> int:
    """Rows of a model."""
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_demo_exists_only_after_seeding(session: Session) -> None:
    assert not demo_exists(session)
    seed_demo(session, password=PASSWORD)
    assert demo_exists(session)


def test_seed_counts(session: Session, tour: DemoTour) -> None:
    district = office(session, "yen-the")
    communes = [office(session, "tan-hiep"), office(session, "dong-tam")]
    assert count(session, Office) == 3
    assert district.parent_id is None
    assert [commune.parent_id for commune in communes] == [district.id, district.id]
    assert sorted(services(session, district.id)) == ["A", "B", "C", "E", "G", "H", "T", "V"]
    assert [sorted(services(session, c.id)) for c in communes] == [["A", "B", "C", "T"]] * 2
    assert sorted(counters(session, district.id)) == [str(n) for n in range(1, 8)]
    assert [len(counters(session, c.id)) for c in communes] == [3, 2]
    assert count(session, User) == 11
    assert count(session, User, User.office_id == district.id) == 9
    # District: kiosk, lobby display, a counter display and a rating tablet per counter.
    assert count(session, Device, Device.office_id == district.id) == 2 + 2 * 7
    for commune in communes:
        kinds = session.scalars(select(Device.kind).where(Device.office_id == commune.id))
        assert sorted(kinds) == ["display", "kiosk"]
    assert count(session, Device) == len(tour.devices) == 20
    assert len(tour.users) == 11
    assert [o.code for o in tour.offices] == ["yen-the", "tan-hiep", "dong-tam"]


def test_district_office_fields(session: Session, tour: DemoTour) -> None:
    district = office(session, "yen-the")
    assert district.name == "Bộ phận Một cửa huyện Yên Thế"
    assert district.header_lines == ["UBND HUYỆN YÊN THẾ", "BỘ PHẬN MỘT CỬA"]
    assert district.timezone == "Asia/Ho_Chi_Minh"
    assert district.dialect == "north"
    assert district.notice_text
    kiosk = kiosk_actor(session, district.id).device
    assert kiosk is not None and kiosk.name == "Kiosk sảnh chính"
    assert kiosk.settings == {"printer": "dummy:", "paper_width": 576}


def test_electricity_is_an_agency_desk_for_customers(session: Session, tour: DemoTour) -> None:
    by_prefix = services(session, office(session, "yen-the").id)
    electricity = by_prefix.pop("V")
    assert electricity.name == "Điện lực Yên Thế"
    assert electricity.agency == "Điện lực Yên Thế"
    assert electricity.audience == Audience.CUSTOMER
    assert all(service.audience == Audience.CITIZEN for service in by_prefix.values())
    assert all(not service.agency for service in by_prefix.values())


def test_counters_serve_their_services_in_order(session: Session, tour: DemoTour) -> None:
    district = office(session, "yen-the")
    prefix_of = {service.id: prefix for prefix, service in services(session, district.id).items()}
    served = {
        number: [prefix_of[service_id] for service_id in counter.service_ids]
        for number, counter in counters(session, district.id).items()
    }
    assert served["7"] == ["V"]
    assert served["1"] == ["A"]
    assert served["2"] == ["A", "H"]
    assert served["3"] == ["B", "C"] and served["4"] == ["C", "B"]
    assert served["6"][0] == "T"
    assert sorted(served["6"]) == ["A", "B", "C", "E", "G", "H", "T"]
    # Every service has at least one counter, so none is refused for "no counter".
    assert set().union(*served.values()) == set(prefix_of.values())


def test_clerks_have_their_counters_in_the_tour(tour: DemoTour) -> None:
    clerks = {user.username: user for user in tour.users if user.role == "clerk"}
    for number in range(1, 8):
        assert clerks[f"canbo{number}"].counter_number == str(number)
    assert {"tanhiep1", "dongtam1"} <= set(clerks)
    roles = {user.username: user.role for user in tour.users}
    assert roles["admin"] == "admin" and roles["quanly"] == "manager"


def test_canbo3_logs_in_with_the_demo_password(client: Any, tour: DemoTour) -> None:
    response = client.post("/api/v1/auth/token", json={"username": "canbo3", "password": PASSWORD})
    assert response.status_code == 200, response.json
    assert response.json["user"]["full_name"] == "Lê Minh Tuấn"
    assert response.json["user"]["role"] == "clerk"
    wrong = client.post("/api/v1/auth/token", json={"username": "canbo3", "password": "demo"})
    assert wrong.status_code == 401


def _strings(value: Any) -> list[str]:
    """Every string inside a column value (plain, list or dict)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        return [text for item in [*value, *value.values()] for text in _strings(item)]
    return []


def test_every_string_is_nfc(session: Session, tour: DemoTour) -> None:
    texts: list[str] = []
    for model in (Office, Service, Counter, User, Device, WorkingSession):
        for row in session.scalars(select(model)):
            for column in model.__table__.columns:
                texts += _strings(getattr(row, column.key))
    for user in tour.users:
        texts += [user.full_name]
    vietnamese = [text for text in texts if not text.isascii()]
    assert len(vietnamese) > 50  # the check below looked at the Vietnamese text
    for text in texts:
        assert unicodedata.normalize("NFC", text) == text, text


@pytest.mark.parametrize(
    "local_now",
    [at(MONDAY, 20), at(MONDAY, 3, days=1), at(MONDAY, 23, 59, days=5), at(MONDAY, 0, days=6)],
    ids=["monday-20h", "tuesday-03h", "saturday-23h59", "sunday-00h"],
)
def test_the_demo_issues_at_any_hour(session: Session, tour: DemoTour, local_now: datetime) -> None:
    for code in ("yen-the", "tan-hiep", "dong-tam"):
        demo_office = office(session, code)
        kiosk = kiosk_actor(session, demo_office.id)
        for prefix, service in services(session, demo_office.id).items():
            ticket = issue_ticket(session, kiosk, service.id, QueueSettings(), now=local_now).body
            assert ticket is not None
            assert (ticket["number"], ticket["status"]) == (f"{prefix}001", "waiting")


@pytest.mark.parametrize(
    ("code", "local_now", "open_"),
    [
        ("yen-the", at(MONDAY, 9), True),
        ("yen-the", at(MONDAY, 14), True),
        ("yen-the", at(MONDAY, 20), False),
        ("yen-the", at(MONDAY, 12), False),  # lunch break
        ("yen-the", at(MONDAY, 11, 20), False),  # cut off 15 minutes before 11:30
        ("yen-the", at(MONDAY, 9, days=5), True),  # Saturday morning at the district
        ("yen-the", at(MONDAY, 14, days=5), False),
        ("yen-the", at(MONDAY, 9, days=6), False),  # Sunday
        ("tan-hiep", at(MONDAY, 9), True),
        ("tan-hiep", at(MONDAY, 9, days=5), False),  # communes rest on Saturday
    ],
)
def test_real_hours(session: Session, code: str, local_now: datetime, open_: bool) -> None:
    seed_demo(session, password=PASSWORD, real_hours=True)
    demo_office = office(session, code)
    land = services(session, demo_office.id)["A"]
    kiosk = kiosk_actor(session, demo_office.id)
    if open_:
        issue_ticket(session, kiosk, land.id, QueueSettings(), now=local_now)
        return
    with pytest.raises(DomainError) as refused:
        issue_ticket(session, kiosk, land.id, QueueSettings(), now=local_now)
    assert (refused.value.code, refused.value.status) == ("service_unavailable", 409)


def test_kiosk_token_sees_every_service_available(client: Any, tour: DemoTour) -> None:
    for demo_office in tour.offices:
        kiosk = next(d for d in tour.devices if d.office_id == demo_office.id and d.kind == "kiosk")
        response = client.get(
            f"/api/v1/offices/{demo_office.id}/services",
            headers={"Authorization": f"Bearer {kiosk.token}"},
        )
        assert response.status_code == 200, response.json
        assert len(response.json) in (4, 8)
        assert {service["status"] for service in response.json} == {"available"}


def test_every_device_token_authenticates_its_device(client: Any, tour: DemoTour) -> None:
    for device in tour.devices:
        response = client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {device.token}"}
        )
        assert response.status_code == 200, response.json
        body = response.json["device"]
        assert (body["name"], body["kind"], body["office_id"], body["counter_id"]) == (
            device.name,
            device.kind,
            device.office_id,
            device.counter_id,
        )


def test_seeding_twice_fails_and_leaves_the_first_demo(session: Session, tour: DemoTour) -> None:
    with pytest.raises(IntegrityError):
        seed_demo(session, password="other")
    assert count(session, Office) == 3
    assert count(session, Device) == 20


def test_print_tour_lists_screens_links_and_users(
    tour: DemoTour, capsys: pytest.CaptureFixture[str]
) -> None:
    print_tour(tour, base_url="http://yenthe.test/")
    out = capsys.readouterr().out
    for path in ("/counter", "/dashboard", "/api/v1/openapi.json"):
        assert f"http://yenthe.test{path}\n" in out
    for device in tour.devices:
        assert f"http://yenthe.test{pairing_path(device)}\n" in out
    for demo_office in tour.offices:  # the office's public page and its poster's QR code
        assert f"http://yenthe.test/o/{demo_office.id}\n" in out
        assert f"http://yenthe.test/o/{demo_office.id}/qr.svg\n" in out
    for user in tour.users:
        assert user.username in out and user.full_name in out
    assert PASSWORD in out
    assert "Bộ phận Một cửa huyện Yên Thế" in out


def test_pairing_paths(tour: DemoTour) -> None:
    by_kind = {device.kind: device for device in tour.devices}
    counter_display, rating = by_kind["counter_display"], by_kind["rating"]
    assert pairing_path(by_kind["kiosk"]) == f"/kiosk?token={by_kind['kiosk'].token}"
    assert pairing_path(by_kind["display"]) == f"/display?token={by_kind['display'].token}"
    assert pairing_path(counter_display) == (
        f"/display/counter/{counter_display.counter_id}?token={counter_display.token}"
    )
    assert pairing_path(rating) == f"/counter/{rating.counter_id}/rating?token={rating.token}"


def test_save_and_load_tour(tour: DemoTour, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    assert load_tour(str(instance)) is None
    save_tour(tour, str(instance))
    saved = instance / "demo-tour.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "Yên Thế" in saved.read_text(encoding="utf-8")
    assert load_tour(str(instance)) == tour
    saved.write_text("{not json", encoding="utf-8")
    assert load_tour(str(instance)) is None


def test_the_district_offers_remote_numbers_everywhere_and_bookings_for_land_and_power(
    session: Session, tour: DemoTour
) -> None:
    district = services(session, office(session, "yen-the").id)
    assert all(service.remote_enabled for service in district.values())
    booked = {prefix for prefix, service in district.items() if service.appointments_enabled}
    assert booked == {"A", "V"}
    for prefix in booked:
        assert (district[prefix].slot_minutes, district[prefix].slot_capacity) == (15, 2)
    for code in ("tan-hiep", "dong-tam"):
        commune = services(session, office(session, code).id).values()
        assert not any(s.remote_enabled or s.appointments_enabled for s in commune)


@pytest.mark.parametrize(
    "local_now",
    [at(MONDAY, 20), at(MONDAY, 3, days=1), at(MONDAY, 23, 59, days=5), at(MONDAY, 0, days=6)],
    ids=["monday-20h", "tuesday-03h", "saturday-23h59", "sunday-00h"],
)
def test_a_newcomer_books_checks_in_and_is_called_at_any_hour(
    session: Session, tour: DemoTour, local_now: datetime
) -> None:
    district = office(session, "yen-the")
    land = services(session, district.id)["A"]
    now = local_now.astimezone(UTC)
    assert remote_offer(session, district, land, now)["available"] is True
    today = service_slots(session, land.id, None, now=now)["slots"]
    tomorrow = service_slots(session, land.id, local_now.date() + timedelta(days=1), now=now)
    # The first slot that starts from now on: its check-in window (30 minutes before) is open.
    slot = next(
        s for s in today + tomorrow["slots"] if datetime.fromisoformat(s["start"]) >= local_now
    )
    booking = book(session, land.id, datetime.fromisoformat(slot["start"]), now=now).body
    assert booking is not None
    kiosk = kiosk_actor(session, district.id)
    ticket = check_in(session, kiosk, QueueSettings(), code=booking["code"], now=now).body
    assert ticket is not None and ticket["channel"] == "appointment"
    clerk = session.scalars(select(User).where(User.username == "canbo1")).one()
    counter = counters(session, district.id)["1"]
    set_counter_state(session, Actor(user=clerk), counter.id, CounterAction.OPEN, QueueSettings())
    called = call_next(session, Actor(user=clerk), counter.id, QueueSettings(), now=now).body
    assert called is not None
    assert (called["number"], called["status"]) == (ticket["number"], "called")
