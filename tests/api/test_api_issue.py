"""POST /api/v1/tickets: who may issue, numbering, priority, channel, availability."""

from __future__ import annotations

import pytest
from conftest import ISSUED_TICKET_FIELDS, World, assert_error, bearer

from server.models import PrintJob, Ticket, TicketEvent
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.queue.tickets import issue_ticket
from server.services.settings import QueueSettings


def issue(client, world: World, service_id: int, who: str = "kiosk", **fields):
    """POST /tickets as a named participant."""
    return client.post(
        "/api/v1/tickets", json={"service_id": service_id, **fields}, headers=world.headers(who)
    )


def test_kiosk_issues_201_with_the_ticket_object(client, world: World):
    response = issue(client, world, world.land.id)
    assert response.status_code == 201
    ticket = response.json
    assert set(ticket) >= ISSUED_TICKET_FIELDS  # the issuer prints or shows the QR code
    assert ticket["number"] == "A001"
    assert ticket["office_id"] == world.office.id
    assert ticket["service_id"] == world.land.id
    assert ticket["service_name"] == "Đất đai"
    assert ticket["priority"] is None
    assert ticket["status"] == "waiting"
    assert ticket["counter_id"] is None
    assert ticket["called_at"] is None
    assert ticket["issued_at"]
    assert ticket["people_ahead"] == 0
    assert ticket["estimated_wait_minutes"] == 0
    assert ticket["channel"] == "kiosk"
    assert len(ticket["public_token"]) >= 20
    assert ticket["public_url"] == f"http://xephang.test/t/{ticket['public_token']}"


def test_numbers_count_up_per_service(client, world: World):
    numbers = [issue(client, world, world.land.id).json["number"] for _ in range(3)]
    numbers += [issue(client, world, world.justice.id).json["number"] for _ in range(2)]
    numbers.append(issue(client, world, world.land.id).json["number"])
    assert numbers == ["A001", "A002", "A003", "B001", "B002", "A004"]


def test_people_ahead_and_estimate_grow(client, world: World):
    tickets = [issue(client, world, world.land.id).json for _ in range(3)]
    assert [t["people_ahead"] for t in tickets] == [0, 1, 2]
    assert [t["estimated_wait_minutes"] for t in tickets] == [0, 5, 10]


def test_public_tokens_are_unique(client, world: World):
    tokens = {issue(client, world, world.land.id).json["public_token"] for _ in range(5)}
    assert len(tokens) == 5


def test_numbering_start_and_width_of_the_service(client, world: World, make_service, make_counter):
    service = make_service(world.office, "V", number_start=100, number_width=4)
    make_counter(world.office, "3", [service])
    assert [issue(client, world, service.id).json["number"] for _ in range(2)] == ["V0100", "V0101"]


def test_other_office_numbers_independently(client, world: World):
    issue(client, world, world.land.id)
    services = client.get(
        f"/api/v1/offices/{world.other_office.id}/services", headers=world.headers("other_kiosk")
    ).json
    response = client.post(
        "/api/v1/tickets",
        json={"service_id": services[0]["id"]},
        headers=world.headers("other_kiosk"),
    )
    assert response.status_code == 201
    assert response.json["number"] == "A001"


@pytest.mark.parametrize("priority", ["elderly", "disabled", "pregnant", "merit", "other"])
def test_priority_categories(client, world: World, priority):
    response = issue(client, world, world.land.id, priority=priority)
    assert response.status_code == 201
    assert response.json["priority"] == priority


def test_null_priority_is_none(client, world: World):
    response = issue(client, world, world.land.id, priority=None)
    assert response.status_code == 201 and response.json["priority"] is None


@pytest.mark.parametrize(
    "priority", ["vip", "", "ELDERLY", 1, True, ["elderly"], {"code": "elderly"}]
)
def test_invalid_priority_is_422(client, world: World, priority):
    assert_error(issue(client, world, world.land.id, priority=priority), 422, "invalid_field")
    assert issue(client, world, world.land.id).json["number"] == "A001"  # nothing was issued


def test_unknown_service_is_404(client, world: World):
    assert_error(issue(client, world, 99999), 404, "service_not_found")


def test_missing_service_id_is_422(client, world: World):
    response = client.post(
        "/api/v1/tickets", json={"priority": "elderly"}, headers=world.headers("kiosk")
    )
    assert_error(response, 422, "missing_field")


@pytest.mark.parametrize("service_id", ["1", True, False, 1.5, 1.0, [1], {"id": 1}])
def test_wrongly_typed_service_id_is_422(client, world: World, service_id):
    response = client.post(
        "/api/v1/tickets", json={"service_id": service_id}, headers=world.headers("kiosk")
    )
    assert_error(response, 422, "invalid_field")


def test_kiosk_of_another_office_is_403(client, world: World):
    assert_error(issue(client, world, world.land.id, "other_kiosk"), 403, "forbidden")


@pytest.mark.parametrize("who", ["display", "rating1"])
def test_screens_cannot_issue(client, world: World, who):
    assert_error(issue(client, world, world.land.id, who), 403, "forbidden")


def test_counter_display_cannot_issue(client, world: World, make_device):
    _, token = make_device(world.office, "counter_display", world.counter1)
    response = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
    )
    assert_error(response, 403, "forbidden")


def test_manager_cannot_issue(client, world: World):
    assert_error(issue(client, world, world.land.id, "manager"), 403, "forbidden")


def test_clerk_of_another_office_cannot_issue(client, world: World):
    assert_error(issue(client, world, world.land.id, "other_clerk"), 403, "forbidden")


def test_clerk_issues_at_reception(client, world: World, session):
    response = issue(client, world, world.land.id, "clerk1")
    assert response.status_code == 201
    assert response.json["channel"] == "reception"
    ticket = session.get(Ticket, response.json["id"])
    assert ticket.issued_by_user_id == world.clerk1[0].id
    assert ticket.issued_by_device_id is None
    # A reception ticket is not printed by a kiosk.
    assert session.query(PrintJob).filter_by(ticket_id=ticket.id).count() == 0


def test_clerk_may_say_online(client, world: World):
    response = issue(
        client, world, world.land.id, "clerk1", channel="online", dossier_code="H12.34-240603-0001"
    )
    assert response.status_code == 201
    assert response.json["channel"] == "online"
    assert response.json["dossier_code"] == "H12.34-240603-0001"


@pytest.mark.parametrize("dossier_code", ["x" * 65, 12345, ["H12"]])
def test_invalid_dossier_code_is_422(client, world: World, dossier_code):
    assert_error(
        issue(client, world, world.land.id, "clerk1", dossier_code=dossier_code),
        422,
        "invalid_field",
    )


def test_kiosk_channel_is_always_kiosk(client, world: World):
    response = issue(client, world, world.land.id, channel="online")
    assert response.status_code == 201 and response.json["channel"] == "kiosk"


@pytest.mark.parametrize("channel", ["phone", 3, ""])
def test_invalid_channel_is_422(client, world: World, channel):
    assert_error(
        issue(client, world, world.land.id, "clerk1", channel=channel), 422, "invalid_field"
    )


def test_anonymous_is_401(client, world: World):
    response = client.post("/api/v1/tickets", json={"service_id": world.land.id})
    assert_error(response, 401, "unauthorized")


def test_inactive_service_is_409_service_unavailable(client, world: World, session):
    world.land.active = False
    session.commit()
    assert_error(issue(client, world, world.land.id), 409, "service_unavailable")


def test_service_without_counter_is_409(client, world: World, make_service):
    service = make_service(world.office, "C")
    assert_error(issue(client, world, service.id), 409, "service_unavailable")


def test_daily_limit_is_409_daily_limit_reached(client, world: World, make_service, make_counter):
    service = make_service(world.office, "D", daily_limit=2)
    make_counter(world.office, "3", [service])
    assert issue(client, world, service.id).json["number"] == "D001"
    assert issue(client, world, service.id).json["number"] == "D002"
    assert_error(issue(client, world, service.id), 409, "daily_limit_reached")
    assert_error(issue(client, world, service.id, "clerk1"), 409, "daily_limit_reached")


def test_a_refused_ticket_leaves_no_gap_in_the_numbers(
    client, world: World, session, make_service, make_counter
):
    service = make_service(world.office, "D", daily_limit=1)
    make_counter(world.office, "3", [service])
    assert issue(client, world, service.id).json["number"] == "D001"
    assert_error(issue(client, world, service.id), 409, "daily_limit_reached")
    service.daily_limit = 2
    session.commit()
    assert issue(client, world, service.id).json["number"] == "D002"


def test_a_refusal_gives_its_number_back_whatever_the_caller_does_next(
    world: World, session, make_service, make_counter
):
    service = make_service(world.office, "D", daily_limit=1)
    make_counter(world.office, "3", [service])
    kiosk = Actor(device=world.kiosk[0])
    issue_ticket(session, kiosk, service.id, QueueSettings())
    with pytest.raises(DomainError):
        issue_ticket(session, kiosk, service.id, QueueSettings())
    session.commit()  # a caller that carries on must not commit the refused number
    service.daily_limit = 2
    session.commit()
    assert issue_ticket(session, kiosk, service.id, QueueSettings()).body["number"] == "D002"


def test_issue_writes_an_issue_event(client, world: World, session):
    ticket = issue(client, world, world.land.id).json
    events = session.query(TicketEvent).filter_by(ticket_id=ticket["id"]).all()
    assert [(event.action, event.from_status, event.to_status) for event in events] == [
        ("issue", None, "waiting")
    ]
    assert events[0].actor_device_id == world.kiosk[0].id
    assert events[0].actor_user_id is None
