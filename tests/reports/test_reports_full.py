"""GET /reports: filters, rates, per-office and per-period rows, against the hand-computed day."""

from __future__ import annotations

import pytest
from conftest import World, bearer
from report_day import DAY, play_day, stats


@pytest.fixture
def day(client, world: World, session, app) -> dict[str, int]:
    """The hand-computed day of report_day.py."""
    return play_day(client, world, session, app)


def report(client, world: World, query: str, who: str = "manager"):
    """GET /api/v1/reports for the world's office."""
    return client.get(
        f"/api/v1/reports?office_id={world.office.id}&{query}", headers=world.headers(who)
    )


def test_totals_carry_rates_and_equal_the_summary(client, world: World, day):
    body = report(client, world, f"from={DAY}&to={DAY}").json
    summary = client.get(
        f"/api/v1/reports/summary?office_id={world.office.id}&from={DAY}&to={DAY}",
        headers=world.headers("manager"),
    ).json
    totals = body["totals"]
    for name, value in summary["totals"].items():
        if name != "appointments":  # bookings are the summary's alone (design §12)
            assert totals[name] == value, name
    # 1 no-show among 5 called (4 served + 1 no-show); three ratings, one of each level.
    assert totals["no_show_rate"] == 20.0
    assert totals["rated"] == 3
    assert totals["ratings_percent"] == {
        "very_satisfied": 33.3,
        "satisfied": 33.3,
        "dissatisfied": 33.3,
    }
    assert body["exact"] is True
    assert body["office_name"] == "Bộ phận Một cửa huyện Thử"
    for key in ("by_service", "by_counter", "by_clerk", "by_channel"):
        assert [row["name"] for row in body[key]] == [row["name"] for row in summary[key]]


def test_service_rows_answer_who_waited_longest_and_how_satisfied(client, world: World, day):
    rows = report(client, world, f"from={DAY}&to={DAY}").json["by_service"]
    longest = max(rows, key=lambda row: row["wait_seconds"]["mean"])
    assert longest["name"] == "Tư pháp – Hộ tịch"
    assert longest["prefix"] == "B"
    assert longest["wait_seconds"] == stats(280.0, 240.0, 384.0)
    assert longest["ratings"] == {"very_satisfied": 0, "satisfied": 0, "dissatisfied": 1}
    assert longest["ratings_percent"]["dissatisfied"] == 100.0
    assert longest["no_show_rate"] == pytest.approx(33.3)  # 1 of 3 called


def test_filter_by_service_counts_transfers_out_of_it(client, world: World, day):
    land = report(client, world, f"from={DAY}&to={DAY}&service_id={world.land.id}").json
    assert land["totals"]["issued"] == 2
    assert land["totals"]["transferred"] == 1
    assert land["totals"]["wait_seconds"] == stats(270.0, 270.0, 390.0)
    assert [row["service_id"] for row in land["by_service"]] == [world.land.id]


def test_filter_by_counter_and_by_clerk(client, world: World, day):
    counter = report(client, world, f"from={DAY}&to={DAY}&counter_id={world.counter2.id}").json
    assert (counter["totals"]["issued"], counter["totals"]["served"]) == (3, 2)
    assert counter["totals"]["no_show"] == 1
    clerk = report(client, world, f"from={DAY}&to={DAY}&clerk_id={world.clerk1[0].id}").json
    assert (clerk["totals"]["issued"], clerk["totals"]["served"]) == (2, 2)
    # Clerk 1 transferred T6 out of Đất đai.
    assert clerk["totals"]["transferred"] == 1
    assert clerk["totals"]["service_seconds"] == stats(450.0, 450.0, 570.0)


def test_filters_outside_the_office_are_422(client, world: World, day, make_service):
    other = make_service(world.other_office, "Z")
    response = report(client, world, f"service_id={other.id}")
    assert response.status_code == 422
    assert response.json["error"]["message"].startswith("service_id:")


def test_daily_and_monthly_views(client, world: World, day):
    daily = report(client, world, "from=2024-06-01&to=2024-06-30&period=day").json
    assert [(row["period"], row["issued"]) for row in daily["periods"]] == [
        ("2024-06-03", 6),
        ("2024-06-04", 1),
    ]
    assert daily["periods"][0]["label"] == "03/06/2024"
    monthly = report(client, world, "from=2024-06-01&to=2024-06-30&period=month").json
    assert [(row["label"], row["issued"], row["served"]) for row in monthly["periods"]] == [
        ("Tháng 6/2024", 7, 4)
    ]
    quarterly = report(client, world, "from=2024-04-01&to=2024-09-30&period=quarter").json
    assert [(row["label"], row["from"], row["to"]) for row in quarterly["periods"]] == [
        ("Quý II/2024", "2024-04-01", "2024-06-30")
    ]


def test_subtree_aggregates_child_offices(client, world: World, day, make_office, make_user):
    child = make_office(name="Điểm tiếp nhận xã", parent_id=world.office.id)
    own = report(client, world, f"from={DAY}&to={DAY}&subtree=1").json
    assert own["subtree"] is True and own["office_count"] == 2
    assert [(row["office_id"], row["issued"]) for row in own["by_office"]] == [(world.office.id, 6)]
    assert child.id != world.office.id


@pytest.mark.parametrize(
    "query",
    ["period=week", "subtree=maybe", "service_id=abc", "counter_id=-3", "clerk_id=0"],
)
def test_bad_arguments_are_422(client, world: World, query):
    response = report(client, world, query)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_field"


@pytest.mark.parametrize("who", ["clerk1", "kiosk", "display"])
def test_only_managers_and_admins(client, world: World, who):
    assert report(client, world, "", who).status_code == 403
    assert report(client, world, "", "admin").status_code == 200


def test_manager_of_another_office_is_403(client, world: World, make_user):
    _, token = make_user(world.other_office, "manager", "quanly_xa")
    response = client.get(f"/api/v1/reports?office_id={world.office.id}", headers=bearer(token))
    assert response.status_code == 403


def test_clerks_are_listed_by_given_name(client, world: World, day):
    """Rows, exports and the clerk filter find "Lê Văn Hai" under H, before "Trần Thị Một"."""
    body = report(client, world, f"from={DAY}&to={DAY}").json
    assert [row["name"] for row in body["by_clerk"]] == ["Lê Văn Hai", "Trần Thị Một"]
    assert [clerk["name"] for clerk in body["choices"]["clerks"]] == ["Lê Văn Hai", "Trần Thị Một"]
    summary = client.get(
        f"/api/v1/reports/summary?office_id={world.office.id}&from={DAY}&to={DAY}",
        headers=world.headers("manager"),
    ).json
    assert [row["name"] for row in summary["by_clerk"]] == ["Lê Văn Hai", "Trần Thị Một"]
