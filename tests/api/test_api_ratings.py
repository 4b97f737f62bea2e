"""Ratings: from the rating tablet of the ticket's counter, and from the citizen's phone."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, World, assert_error, bearer

from server.models import Rating


def served_ticket(
    client, world: World, *, finish: bool = True, service_id: int | None = None
) -> dict:
    """A ticket served at counter 1 by clerk 1 (completed unless `finish` is False)."""
    ticket = client.post(
        "/api/v1/tickets",
        json={"service_id": service_id or world.land.id},
        headers=world.headers("kiosk"),
    ).json
    called = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    )
    assert called.json["id"] == ticket["id"]
    if finish:
        client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world.headers("clerk1"))
        done = client.post(
            f"/api/v1/tickets/{ticket['id']}/complete", headers=world.headers("clerk1")
        )
        assert done.json["status"] == "done"
    return ticket


def rate(client, world: World, ticket_id: int, body, who: str = "rating1"):
    """POST /tickets/<id>/rating as a device."""
    return client.post(f"/api/v1/tickets/{ticket_id}/rating", json=body, headers=world.headers(who))


def rate_public(client, token: str, body):
    """POST /public/tickets/<token>/rating without credentials."""
    return client.post(f"/api/v1/public/tickets/{token}/rating", json=body)


def test_tablet_of_the_counter_rates(client, world: World, session):
    ticket = served_ticket(client, world)
    response = rate(
        client, world, ticket["id"], {"level": "very_satisfied", "comment": "  Cán bộ nhiệt tình  "}
    )
    assert response.status_code == 201
    body = response.json
    assert body["ticket_id"] == ticket["id"]
    assert body["level"] == "very_satisfied"
    assert body["channel"] == "tablet"
    assert body["comment"] == "Cán bộ nhiệt tình"
    stored = session.query(Rating).filter_by(ticket_id=ticket["id"]).one()
    assert stored.counter_id == world.counter1.id
    assert stored.clerk_id == world.clerk1[0].id
    assert stored.service_id == world.land.id
    assert stored.device_id == world.rating1[0].id


def test_dissatisfied_with_reasons(client, world: World):
    ticket = served_ticket(client, world)
    response = rate(
        client,
        world,
        ticket["id"],
        {"level": "dissatisfied", "reasons": ["waiting_time", "staff_attitude", "waiting_time"]},
    )
    assert response.status_code == 201
    assert response.json["reasons"] == ["staff_attitude", "waiting_time"]


def test_reasons_only_count_when_dissatisfied(client, world: World):
    ticket = served_ticket(client, world)
    response = rate(client, world, ticket["id"], {"level": "satisfied", "reasons": ["other"]})
    assert response.status_code == 201
    assert response.json["reasons"] == []


def test_rating_device_of_another_counter_is_403(client, world: World, make_device):
    ticket = served_ticket(client, world)
    _, token = make_device(world.office, "rating", world.counter2)
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/rating", json={"level": "satisfied"}, headers=bearer(token)
    )
    assert_error(response, 403, "forbidden")
    # The right tablet can still rate afterwards.
    assert rate(client, world, ticket["id"], {"level": "satisfied"}).status_code == 201


@pytest.mark.parametrize("who", ["kiosk", "display", "clerk1", "manager", "admin"])
def test_only_rating_devices_rate(client, world: World, who):
    ticket = served_ticket(client, world)
    assert_error(rate(client, world, ticket["id"], {"level": "satisfied"}, who), 403, "forbidden")


def test_rating_device_of_another_office_is_403(client, world: World, make_counter, make_device):
    ticket = served_ticket(client, world)
    other_counter = make_counter(world.other_office, "9", [])
    _, token = make_device(world.other_office, "rating", other_counter)
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/rating", json={"level": "satisfied"}, headers=bearer(token)
    )
    assert_error(response, 403, "forbidden")


def test_anonymous_tablet_rating_is_401(client, world: World):
    ticket = served_ticket(client, world)
    assert_error(
        client.post(f"/api/v1/tickets/{ticket['id']}/rating", json={"level": "satisfied"}),
        401,
        "unauthorized",
    )


def test_ticket_not_done_is_409_not_rateable(client, world: World):
    ticket = served_ticket(client, world, finish=False)
    assert_error(rate(client, world, ticket["id"], {"level": "satisfied"}), 409, "not_rateable")
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world.headers("clerk1"))
    assert_error(rate(client, world, ticket["id"], {"level": "satisfied"}), 409, "not_rateable")


def test_second_rating_is_409_already_rated(client, world: World):
    ticket = served_ticket(client, world)
    assert rate(client, world, ticket["id"], {"level": "satisfied"}).status_code == 201
    assert_error(rate(client, world, ticket["id"], {"level": "dissatisfied"}), 409, "already_rated")
    assert_error(
        rate_public(client, ticket["public_token"], {"level": "dissatisfied"}), 409, "already_rated"
    )


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"level": None},
        {"level": "happy"},
        {"level": "SATISFIED"},
        {"level": 1},
        {"level": ["satisfied"]},
        {"level": {"satisfied": True}},
        {"level": "dissatisfied", "reasons": "waiting_time"},
        {"level": "dissatisfied", "reasons": ["rude"]},
        {"level": "dissatisfied", "reasons": [["waiting_time"]]},
        {"level": "dissatisfied", "reasons": [{"code": "other"}]},
        {"level": "dissatisfied", "reasons": {"waiting_time": 1}},
        {"level": "satisfied", "comment": 5},
        {"level": "satisfied", "comment": "x" * 1001},
    ],
)
def test_invalid_rating_values_are_422(client, world: World, body, session):
    # One rule for every body: a required field absent or null is `missing_field`.
    code = "invalid_field" if body.get("level") is not None else "missing_field"
    ticket = served_ticket(client, world)
    assert_error(rate(client, world, ticket["id"], body), 422, code)
    assert_error(rate_public(client, ticket["public_token"], body), 422, code)
    assert session.query(Rating).count() == 0


def test_rating_body_must_be_a_json_object(client, world: World):
    ticket = served_ticket(client, world)
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/rating",
        data='"satisfied"',
        content_type="application/json",
        headers=world.headers("rating1"),
    )
    assert_error(response, 400, "malformed_json")


def test_unknown_ticket_is_404(client, world: World):
    assert_error(rate(client, world, 99999, {"level": "satisfied"}), 404, "ticket_not_found")


# --- from the phone ----------------------------------------------------------------------


def test_public_rating_by_token(client, world: World, session):
    ticket = served_ticket(client, world)
    response = rate_public(
        client,
        ticket["public_token"],
        {
            "level": "dissatisfied",
            "reasons": ["extra_documents"],
            "comment": "Yêu cầu thêm giấy tờ",
        },
    )
    assert response.status_code == 201
    assert response.json["channel"] == "phone"
    assert response.json["reasons"] == ["extra_documents"]
    stored = session.query(Rating).filter_by(ticket_id=ticket["id"]).one()
    assert stored.device_id is None and stored.counter_id == world.counter1.id
    assert_error(
        rate_public(client, ticket["public_token"], {"level": "satisfied"}), 409, "already_rated"
    )
    assert_error(rate(client, world, ticket["id"], {"level": "satisfied"}), 409, "already_rated")


def test_public_rating_before_done_is_409(client, world: World):
    ticket = served_ticket(client, world, finish=False)
    assert_error(
        rate_public(client, ticket["public_token"], {"level": "satisfied"}), 409, "not_rateable"
    )


def test_public_rating_unknown_token_is_404(client):
    assert_error(
        rate_public(client, "no-such-token", {"level": "satisfied"}), 404, "ticket_not_found"
    )


def test_public_rating_needs_a_body(client, world: World):
    ticket = served_ticket(client, world)
    assert_error(
        client.post(f"/api/v1/public/tickets/{ticket['public_token']}/rating"),
        400,
        "malformed_json",
    )


# --- staff never rate in the citizen's place ---------------------------------------------


@pytest.mark.parametrize("who", ["clerk1", "manager", "admin", "kiosk", "display", "rating1"])
def test_public_rating_with_a_bearer_token_is_403(client, world: World, who, session):
    ticket = served_ticket(client, world)
    response = client.post(
        f"/api/v1/public/tickets/{ticket['public_token']}/rating",
        json={"level": "very_satisfied"},
        headers=world.headers(who),
    )
    assert_error(response, 403, "staff_cannot_rate")
    assert session.query(Rating).filter_by(ticket_id=ticket["id"]).count() == 0
    # The citizen's phone, without credentials, still can.
    assert rate_public(client, ticket["public_token"], {"level": "satisfied"}).status_code == 201


def test_public_rating_with_an_unknown_bearer_token_is_403(client, world: World):
    ticket = served_ticket(client, world)
    response = client.post(
        f"/api/v1/public/tickets/{ticket['public_token']}/rating",
        json={"level": "satisfied"},
        headers=bearer("not-a-token"),
    )
    assert_error(response, 403, "staff_cannot_rate")


def test_public_rating_with_a_login_session_is_403(client, world: World, session):
    ticket = served_ticket(client, world)
    login = client.post("/api/v1/auth/login", json={"username": "canbo1", "password": PASSWORD})
    assert login.status_code == 200, login.json
    csrf = {"X-CSRF-Token": login.json["csrf_token"]}
    url = f"/api/v1/public/tickets/{ticket['public_token']}/rating"
    assert_error(
        client.post(url, json={"level": "satisfied"}, headers=csrf), 403, "staff_cannot_rate"
    )
    assert session.query(Rating).filter_by(ticket_id=ticket["id"]).count() == 0
    assert client.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    response = client.post(url, json={"level": "satisfied"})  # the same browser, logged out
    assert response.status_code == 201, response.json
    assert response.json["channel"] == "phone"


def test_the_tablet_still_rates_with_its_device_token(client, world: World):
    ticket = served_ticket(client, world)
    assert rate(client, world, ticket["id"], {"level": "satisfied"}).status_code == 201
