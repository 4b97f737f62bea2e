"""Counter numbers: a strict pattern on input, one natural order that no stored number can break."""

from __future__ import annotations

import pytest
from conftest import World, bearer
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import func, select

from server.models import AuditEntry, Counter
from server.rules.natural_order import natural_key
from server.schemas.fields import CounterNumber

ADMIN_COUNTERS = "/api/v1/admin/offices/{}/counters"


def counter_count(session, office_id: int) -> int:
    """How many counters the office has in the database."""
    session.expire_all()
    return session.scalar(select(func.count(Counter.id)).where(Counter.office_id == office_id))


@pytest.mark.parametrize(
    "number",
    [
        "²",  # str.isdigit() is True, int() fails: it broke every screen of the office
        "3²",
        "١٢",  # Arabic-Indic digits
        "１２",  # full-width digits
        "quầy 3",
        "3 A",
        "A-1",
        "03",  # would be a second "quầy số ba"
        "123456789",
        "\u200b",
        "ß",  # upper-cases to the ASCII "SS"
    ],
)
def test_a_bad_counter_number_is_refused_and_nothing_is_written(
    client, session, world: World, number
):
    before = counter_count(session, world.office.id)
    audit_before = session.scalar(select(func.count(AuditEntry.id)))
    response = client.post(
        ADMIN_COUNTERS.format(world.office.id),
        json={"number": number, "name": "Quầy mới", "service_ids": [world.land.id]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.json["error"]["message"].startswith("number: ")
    assert counter_count(session, world.office.id) == before
    assert session.scalar(select(func.count(AuditEntry.id))) == audit_before
    renumbered = client.patch(
        f"/api/v1/admin/counters/{world.counter2.id}",
        json={"number": number},
        headers=world.headers("admin"),
    )
    assert renumbered.status_code == 422
    session.expire_all()
    assert session.get(Counter, world.counter2.id).number == "2"


@pytest.mark.parametrize(("sent", "stored"), [("12", "12"), ("3a", "3A"), ("B2", "B2"), ("0", "0")])
def test_plain_counter_numbers_are_accepted(client, world: World, sent, stored):
    response = client.post(
        ADMIN_COUNTERS.format(world.office.id),
        json={"number": sent, "service_ids": [world.land.id]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 201, response.json
    assert response.json["number"] == stored


@pytest.mark.parametrize("prefix", ["ß", "ſ", "ﬀ"])  # upper-case to "SS", "S", "FF"
def test_a_prefix_refuses_letters_that_upper_case_into_ascii(client, world: World, prefix):
    response = client.post(
        f"/api/v1/admin/offices/{world.office.id}/services",
        json={"prefix": prefix, "name": "Dịch vụ", "target_wait_minutes": 20},
        headers=world.headers("admin"),
    )
    assert response.status_code == 422
    assert response.json["error"]["message"].startswith("prefix: ")


def test_numbers_stored_before_the_check_break_no_screen(
    client, session, world: World, make_office, make_counter, make_user
):
    """Rows written by an older version: every view of the office and its parent still answers."""
    for number in ("²", "١٢", "10", "3A", "x" * 16):
        make_counter(world.office, number, [world.land])
    parent = make_office(name="UBND tỉnh Thử")
    world.office.parent_id = parent.id
    session.commit()
    _, province_token = make_user(parent, "manager", "lanhdao_tinh")
    office = world.office.id
    checks = [
        (f"/api/v1/offices/{office}/state", "clerk1"),
        (f"/api/v1/offices/{office}/services", "kiosk"),
        (f"/api/v1/counters/{world.counter1.id}/queue", "clerk1"),
        (f"/api/v1/dashboard?office_id={office}", "manager"),
        (f"/api/v1/reports?office_id={office}", "manager"),
        (f"/api/v1/reports/summary?office_id={office}", "manager"),
        (f"/api/v1/admin/offices/{office}/counters", "admin"),
        (f"/api/v1/admin/offices/{office}/services", "admin"),
    ]
    for path, who in checks:
        response = client.get(path, headers=world.headers(who))
        assert response.status_code == 200, (path, response.get_data(as_text=True))
    numbers = [
        row["number"]
        for row in client.get(checks[0][0], headers=world.headers("clerk1")).json["counters"]
    ]
    assert numbers == ["1", "2", "3A", "10", "x" * 16, "²", "١٢"]
    subtree = client.get(
        f"/api/v1/dashboard?office_id={parent.id}&subtree=1", headers=bearer(province_token)
    )
    assert subtree.status_code == 200, subtree.get_data(as_text=True)


def test_a_committed_change_is_answered_even_when_the_screens_snapshot_fails(
    client, session, world: World, monkeypatch
):
    """The snapshot for screens is built after commit; its failure must not report a 500."""
    import server.services.screens.config_changes as config_changes

    def broken(*_args, **_kwargs):
        raise ValueError("a snapshot that cannot be built")

    monkeypatch.setattr(config_changes, "build_state", broken)
    response = client.post(
        ADMIN_COUNTERS.format(world.office.id),
        json={"number": "9", "service_ids": [world.land.id]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Counter, response.json["id"]).number == "9"


def test_natural_order_of_counter_numbers():
    numbers = ["10", "2", "1", "3A", "3", "B2", "B10", "a1", "²", "", "0", "007"]
    assert sorted(numbers, key=natural_key) == [
        "",
        "0",
        "1",
        "2",
        "3",
        "3A",
        "007",
        "10",
        "a1",
        "B2",
        "B10",
        "²",
    ]


@given(st.lists(st.text()))
def test_any_stored_text_has_a_natural_key(labels):
    ordered = sorted(labels, key=natural_key)
    assert sorted(ordered, key=natural_key) == ordered


def test_natural_key_survives_a_digit_run_int_would_refuse():
    huge = "9" * 5000
    assert sorted([huge, "8" + huge], key=natural_key) == [huge, "8" + huge]


@given(st.text(max_size=10))
def test_an_accepted_counter_number_is_ascii_digits_and_capitals(raw):
    try:
        number = TypeAdapter(CounterNumber).validate_python(raw)
    except ValidationError:
        return
    assert number.isascii() and number.isalnum() and number == number.upper()
    assert natural_key(number)  # and it sorts
