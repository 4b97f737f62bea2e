"""What a printed ticket says, built from the database in one place, and which printer prints it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import World

from server.models import Device, Ticket
from server.services.presenters import staff_ticket_dict
from server.services.printing.ticket_print import (
    PRIORITY_NOTE,
    paper_width,
    printer_url,
    ticket_content,
)
from server.services.settings import QueueSettings

SETTINGS = QueueSettings(public_url="https://xephang.yenthe.gov.vn/")


def issued(client, session, world: World, service, **fields) -> Ticket:  # type: ignore[no-untyped-def]
    """Issue from the kiosk and load the ticket."""
    body = {"service_id": service.id, **fields}
    response = client.post("/api/v1/tickets", json=body, headers=world.headers("kiosk"))
    assert response.status_code == 201
    return session.get(Ticket, response.json["id"])


def content_of(session, ticket: Ticket):  # type: ignore[no-untyped-def]
    return ticket_content(session, ticket, staff_ticket_dict(session, ticket, SETTINGS), SETTINGS)


def test_content_of_a_plain_ticket(client, session, world: World):
    issued(client, session, world, world.land)
    ticket = issued(client, session, world, world.land)
    content = content_of(session, ticket)
    assert content.office_lines == ("UBND HUYỆN THỬ", "BỘ PHẬN MỘT CỬA")
    assert content.number == "A002"
    assert content.service_name == "Đất đai"
    assert content.priority_label is None
    assert content.counters_line == "Quầy 1"
    assert content.people_ahead == 1
    assert content.estimated_wait_minutes is not None
    assert content.qr_url == f"https://xephang.yenthe.gov.vn/t/{ticket.public_token}"
    assert content.note == "Vui lòng giữ phiếu và chờ gọi số"
    assert content.agency is None


def test_content_of_a_priority_ticket_and_shared_counters(client, session, world: World):
    ticket = issued(client, session, world, world.justice, priority="pregnant")
    content = content_of(session, ticket)
    assert content.priority_label == "Phụ nữ mang thai"
    assert content.note.startswith(PRIORITY_NOTE)
    assert content.counters_line == "Quầy 1, 2"


def test_issue_time_is_local_with_its_session(client, session, world: World):
    ticket = issued(client, session, world, world.land)
    ticket.issued_at = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)  # 14:30 in Hà Nội
    content = content_of(session, ticket)
    assert (content.issued_local.hour, content.issued_local.minute) == (14, 30)
    assert content.session_name == "chiều"


def test_office_without_header_lines_prints_its_name(client, session, world: World):
    world.office.header_lines = []
    session.commit()
    content = content_of(session, issued(client, session, world, world.land))
    assert content.office_lines == ("Bộ phận Một cửa huyện Thử",)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, None),
        ({"printer": "agent"}, None),
        ({"printer": "usb://04b8:0202"}, None),
        ({"printer": "serial:///dev/ttyUSB0"}, None),
        ({"printer": "not a url"}, None),
        ({"printer": "tcp://10.0.0.5:9100"}, "tcp://10.0.0.5:9100"),
        ({"printer": "dummy:"}, "dummy:"),
    ],
)
def test_who_prints(settings, expected):
    assert printer_url(Device(settings=settings)) == expected


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, 576),
        ({"paper_width": 384}, 384),
        ({"paper_width": 512}, 512),
        ({"paper_width": 300}, 576),
    ],
)
def test_paper_width(settings, expected):
    assert paper_width(Device(settings=settings)) == expected


def test_a_priority_ticket_prints_the_office_s_own_label(client, session, world: World):
    response = client.put(
        f"/api/v1/admin/offices/{world.office.id}/priority-categories",
        json={"categories": [{"code": "elderly", "label": "Người từ 75 tuổi", "active": True}]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 200
    ticket = issued(client, session, world, world.land, priority="elderly")
    assert content_of(session, ticket).priority_label == "Người từ 75 tuổi"
