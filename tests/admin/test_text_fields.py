"""Admin text fields: nothing invisible passes for a name; bidi controls never reach a screen."""

from __future__ import annotations

import pytest
from conftest import World
from pydantic_core import PydanticCustomError

from server.schemas.fields import clean_text

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200b\u200b\u200b",
    " \u200b ",
    "\u202e",  # right-to-left override
    "\u202e\u200b\u2066",
    "\u200d",  # zero-width joiner
    "\u3164",  # Hangul filler: a "letter" that draws nothing
    "\u2800",  # braille blank
    "\u0301",  # a combining accent with nothing to sit on
    "\ufeff",
]


def admin_writes(world: World, value: str) -> list[tuple[str, str, dict, str]]:
    """(method, path, body, field) of admin writes of a name-like text."""
    office = world.office.id
    return [
        (
            "POST",
            f"/api/v1/admin/offices/{office}/services",
            {"prefix": "G", "name": value, "target_wait_minutes": 20},
            "name",
        ),
        ("PATCH", f"/api/v1/admin/services/{world.land.id}", {"name": value}, "name"),
        ("PATCH", f"/api/v1/admin/counters/{world.counter1.id}", {"name": value}, "name"),
        ("PATCH", f"/api/v1/admin/offices/{office}", {"name": value}, "name"),
        (
            "POST",
            f"/api/v1/admin/offices/{office}/users",
            {"username": "canbo9", "full_name": value, "password": "mat-khau-du-dai"},
            "full_name",
        ),
        ("PATCH", f"/api/v1/admin/users/{world.clerk1[0].id}", {"full_name": value}, "full_name"),
        (
            "POST",
            f"/api/v1/admin/offices/{office}/devices",
            {"kind": "display", "name": value},
            "name",
        ),
    ]


@pytest.mark.parametrize("value", INVISIBLE)
def test_a_name_of_only_invisible_characters_is_refused(client, world: World, value):
    for method, path, body, field in admin_writes(world, value):
        response = client.open(path, method=method, json=body, headers=world.headers("admin"))
        assert response.status_code == 422, (path, response.get_data(as_text=True))
        assert response.json["error"]["message"].startswith(f"{field}: "), response.json


def test_an_invisible_ticket_header_line_is_refused_under_its_field(client, world: World):
    response = client.patch(
        f"/api/v1/admin/offices/{world.office.id}",
        json={"header_lines": ["UBND HUYỆN THỬ", "\u202e\u200b"]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 422
    assert response.json["error"]["message"].startswith("header_lines: "), response.json


@pytest.mark.parametrize("value", ["Tư\x01 pháp", "Tư pháp\x1b[31m", "\x7f"])
def test_control_characters_are_refused(client, world: World, value):
    response = client.patch(
        f"/api/v1/admin/services/{world.land.id}",
        json={"name": value},
        headers=world.headers("admin"),
    )
    assert response.status_code == 422
    assert response.json["error"]["message"].startswith("name: ")


def test_bidi_controls_are_stripped_from_names(client, world: World):
    admin = world.headers("admin")
    service = client.patch(
        f"/api/v1/admin/services/{world.land.id}",
        json={"name": "\u202eĐất\u200b đai\u202c"},
        headers=admin,
    )
    assert service.status_code == 200 and service.json["name"] == "Đất đai"
    counter = client.patch(
        f"/api/v1/admin/counters/{world.counter1.id}",
        json={"name": "Quầy \u20671\u2069"},
        headers=admin,
    )
    assert counter.status_code == 200 and counter.json["name"] == "Quầy 1"
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    ).json
    text = str(state)
    assert not any(char in text for char in "\u202e\u202c\u2067\u2069\u200b")


def test_ordinary_vietnamese_text_is_kept_as_typed():
    for value in ("Tư pháp – Hộ tịch", "Điện lực Yên Thế", "Quầy 7 (ưu tiên)", "Dòng 1\nDòng 2"):
        assert clean_text(value, 200) == value
    assert clean_text("  ", 200) == ""  # blank, not required: nothing
    assert clean_text("Hoa\u0300", 200) == "Hoà"  # NFC


def test_a_required_invisible_name_says_why():
    with pytest.raises(PydanticCustomError, match="không nhìn thấy"):
        clean_text("\u200b", 200, required=True)
    with pytest.raises(PydanticCustomError, match="để trống"):
        clean_text("  ", 200, required=True)
