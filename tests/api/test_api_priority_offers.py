"""POST /api/v1/tickets offers only the priority categories the office has enabled."""

from __future__ import annotations

import pytest
from conftest import World

from server.models import PriorityCategory
from server.rules.errors import DomainError
from server.services.admin.offices import priority_categories
from server.services.queue.priorities import priority_label, require_priority_offered

ALL = ["elderly", "disabled", "pregnant", "merit", "other"]


def configure(client, world: World, categories: list[dict]) -> None:
    """The admin sets the office's categories."""
    response = client.put(
        f"/api/v1/admin/offices/{world.office.id}/priority-categories",
        json={"categories": categories},
        headers=world.headers("admin"),
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def issue(client, world: World, priority: str | None, who: str = "kiosk"):
    """POST /tickets for Đất đai with that priority."""
    body = {"service_id": world.land.id, "priority": priority}
    return client.post("/api/v1/tickets", json=body, headers=world.headers(who))


def offered(client, world: World) -> list[str]:
    """The codes the kiosk is offered."""
    response = client.get(
        f"/api/v1/offices/{world.office.id}/priority-categories", headers=world.headers("kiosk")
    )
    assert response.status_code == 200
    return [row["code"] for row in response.json]


def test_an_office_that_never_configured_offers_all_five(client, world: World):
    assert offered(client, world) == ALL
    for code in ALL:
        assert issue(client, world, code).status_code == 201


def test_a_switched_off_category_is_refused_with_a_stable_code(client, world: World):
    configure(
        client,
        world,
        [
            {"code": "elderly", "label": "Người từ 75 tuổi", "active": True},
            {"code": "pregnant", "label": "Phụ nữ có thai", "active": False},
            {"code": "other", "label": "Khác", "active": False},
        ],
    )
    assert offered(client, world) == ["elderly", "disabled", "merit"]
    for who in ("kiosk", "clerk1"):  # the kiosk and the reception desk alike
        response = issue(client, world, "pregnant", who)
        assert response.status_code == 422
        assert response.mimetype == "application/json"
        error = response.json["error"]
        assert error["code"] == "priority_not_offered"
        assert "Phụ nữ có thai" in error["message"]
    assert issue(client, world, "other").json["error"]["code"] == "priority_not_offered"
    first = issue(client, world, "elderly")
    assert first.status_code == 201
    assert first.json["number"] == "A001"  # the refusals took no number
    assert issue(client, world, None).status_code == 201
    assert issue(client, world, "disabled").status_code == 201  # not listed: stays on


def test_switching_a_category_back_on_offers_it_again(client, world: World):
    configure(client, world, [{"code": "merit", "label": "Người có công", "active": False}])
    assert issue(client, world, "merit").status_code == 422
    configure(client, world, [{"code": "merit", "label": "Người có công", "active": True}])
    assert issue(client, world, "merit").status_code == 201


def test_all_switched_off_still_issues_without_priority(client, world: World):
    configure(client, world, [{"code": code, "label": code, "active": False} for code in ALL])
    assert offered(client, world) == []
    assert all(issue(client, world, code).status_code == 422 for code in ALL)
    assert issue(client, world, None).status_code == 201


def test_an_unknown_code_is_still_an_invalid_field(client, world: World):
    response = issue(client, world, "vip")
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_field"


def test_the_check_agrees_with_the_categories_the_office_lists(session, world: World):
    # Rows for only some codes (e.g. written by an older version): a missing code is on.
    session.add_all(
        [
            PriorityCategory(office_id=world.office.id, code="elderly", label="Cao tuổi"),
            PriorityCategory(
                office_id=world.office.id, code="merit", label="Có công", active=False
            ),
        ]
    )
    session.commit()
    listed = {row["code"]: row["active"] for row in priority_categories(session, world.office.id)}
    assert listed == {code: code != "merit" for code in ALL}
    for code, active in listed.items():
        if active:
            require_priority_offered(session, world.office.id, code)
        else:
            with pytest.raises(DomainError) as refused:
                require_priority_offered(session, world.office.id, code)
            assert (refused.value.code, refused.value.status) == ("priority_not_offered", 422)
    require_priority_offered(session, world.office.id, None)
    assert priority_label(session, world.office.id, "elderly") == "Cao tuổi"
    assert priority_label(session, world.office.id, "pregnant") == "Phụ nữ mang thai"
    assert priority_label(session, world.other_office.id, "elderly") == "Người cao tuổi"


def test_the_refusal_is_documented(client):
    document = client.get("/api/v1/openapi.json").json
    refused = document["paths"]["/api/v1/tickets"]["post"]["responses"]["422"]
    assert "priority_not_offered" in refused["description"]
    schemas = document["components"]["schemas"]
    error = schemas[refused["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    detail = schemas[error["properties"]["error"]["$ref"].split("/")[-1]]
    assert "priority_not_offered" in detail["properties"]["code"]["enum"]
