"""Large reports read roll-ups of closed days: same counts and means, percentiles within a bin."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import World
from report_day import play_day
from sqlalchemy import func, select

import server.services.reports.summary as reports
from server.cli.report_commands import reports_group
from server.models import ReportPeriod, ReportRollup, Ticket
from server.rules.reports.periods import PeriodKind
from server.schemas.reports import SummaryArgs
from server.services.actor import Actor
from server.services.reports.facts import Filters
from server.services.reports.rollups import prebuild_rollups
from server.services.reports.summary import ReportQuery, cover, full_report

JUNE_3 = date(2024, 6, 3)
JUNE = (date(2024, 6, 1), date(2024, 6, 30))


@pytest.fixture
def day(client, world: World, session, app) -> dict[str, int]:
    """The hand-computed day of report_day.py."""
    return play_day(client, world, session, app)


def run(session, world: World, start: date, end: date, **options) -> dict:
    """The full report as the manager, at an optional `now`."""
    now = options.pop("now", None)
    query = ReportQuery(world.office.id, start, end, **options)
    return full_report(session, Actor(user=world.manager[0]), query, now=now)


def markers(session) -> set[tuple[str, date]]:
    """Which periods are rolled up."""
    return set(session.execute(select(ReportPeriod.period, ReportPeriod.period_start)).all())


# Values are spread evenly across their histogram bin, so a percentile is off by at most the
# widest bin among the values it lies between: waits here are under 10 minutes (10-second
# bins); one service took exactly 10 minutes, the first of the 1-minute bins.
TOLERANCE = {"wait_seconds": 10.0, "service_seconds": 60.0}


def assert_close(rolled: dict, exact: dict) -> None:
    """Counts and means equal; medians and p90 within a histogram bin."""
    for name in ("issued", "served", "no_show", "cancelled", "transferred", "ratings"):
        assert rolled[name] == exact[name], name
    for kind, tolerance in TOLERANCE.items():
        assert rolled[kind]["mean"] == exact[kind]["mean"]
        for statistic in ("median", "p90"):
            value = exact[kind][statistic]
            assert rolled[kind][statistic] == pytest.approx(value, abs=tolerance), statistic


@pytest.fixture
def rolled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every report takes the roll-up path."""
    monkeypatch.setattr(reports, "EXACT_LIMIT", 0)


def test_rolled_up_figures_match_the_exact_ones(session, world: World, day, monkeypatch):
    exact = run(session, world, *JUNE, period=PeriodKind.DAY)
    monkeypatch.setattr(reports, "EXACT_LIMIT", 0)
    rolled = run(session, world, *JUNE, period=PeriodKind.DAY)
    assert exact["exact"] is True and rolled["exact"] is False
    assert_close(rolled["totals"], exact["totals"])
    for key, id_field in (
        ("by_service", "service_id"),
        ("by_counter", "counter_id"),
        ("by_clerk", "user_id"),
    ):
        assert [row[id_field] for row in rolled[key]] == [row[id_field] for row in exact[key]]
        for mine, theirs in zip(rolled[key], exact[key], strict=True):
            assert_close(mine, theirs)
    assert [row["issued"] for row in rolled["periods"]] == [6, 1]
    assert {("day", JUNE_3), ("day", date(2024, 6, 4))} <= markers(session)


def test_whole_closed_months_come_from_month_rows(session, world: World, day, rolled):
    first = run(session, world, *JUNE)
    assert ("month", date(2024, 6, 1)) in markers(session)
    month_rows = session.execute(
        select(func.count()).where(ReportRollup.period == "month")
    ).scalar_one()
    assert month_rows > 0
    again = run(session, world, *JUNE)
    assert again["totals"] == first["totals"]
    assert first["totals"]["issued"] == 7 and first["totals"]["served"] == 4


def test_filters_apply_to_roll_ups(session, world: World, day, rolled):
    land = run(session, world, *JUNE, filters=Filters(service_id=world.land.id))
    assert (land["totals"]["issued"], land["totals"]["transferred"]) == (3, 1)
    counter = run(session, world, *JUNE, filters=Filters(counter_id=world.counter2.id))
    assert (counter["totals"]["issued"], counter["totals"]["no_show"]) == (3, 1)


def test_days_not_yet_closed_are_read_from_tickets(session, world: World, day, rolled):
    soon_after = datetime(2024, 6, 4, 10, 0, tzinfo=UTC)  # June 3 is not closed yet
    body = run(session, world, JUNE_3, JUNE_3, now=soon_after)
    assert body["exact"] is True
    assert body["totals"]["wait_seconds"] == {"mean": 276.0, "median": 240.0, "p90": 420.0}
    assert markers(session) == set()


def test_a_late_rating_drops_the_days_roll_up(client, session, world: World, day, rolled):
    before = run(session, world, *JUNE)
    assert ("day", JUNE_3) in markers(session)
    token = session.get(Ticket, day["t6"]).public_token  # the citizen's printed QR code
    response = client.post(f"/api/v1/public/tickets/{token}/rating", json={"level": "satisfied"})
    assert response.status_code == 201
    assert ("day", JUNE_3) not in markers(session)
    assert ("month", date(2024, 6, 1)) not in markers(session)
    after = run(session, world, *JUNE)
    assert after["totals"]["ratings"]["satisfied"] == before["totals"]["ratings"]["satisfied"] + 1
    assert ("day", JUNE_3) in markers(session)


def test_todays_changes_do_not_touch_roll_ups(client, session, world: World, day, rolled):
    run(session, world, *JUNE)
    built = markers(session)
    response = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert response.status_code == 201
    assert markers(session) == built


def test_a_closed_year_is_read_from_year_rows(session, world: World, day, rolled):
    exact_totals = {"issued": 7, "served": 4, "no_show": 1, "cancelled": 1, "transferred": 1}
    body = run(session, world, date(2024, 1, 1), date(2024, 12, 31))
    assert {name: body["totals"][name] for name in exact_totals} == exact_totals
    built = markers(session)
    assert {("month", date(2024, 6, 1)), ("quarter", date(2024, 4, 1))} <= built
    assert ("year", date(2024, 1, 1)) in built
    quarters = run(session, world, date(2024, 1, 1), date(2024, 12, 31), period=PeriodKind.QUARTER)
    assert [(row["label"], row["issued"]) for row in quarters["periods"]] == [("Quý II/2024", 7)]
    years = run(session, world, date(2024, 1, 1), date(2024, 12, 31), period=PeriodKind.YEAR)
    assert [(row["label"], row["served"]) for row in years["periods"]] == [("Năm 2024", 4)]


def test_a_late_change_drops_every_level_around_the_day(client, session, world, day, rolled):
    run(session, world, date(2024, 1, 1), date(2024, 12, 31))
    token = session.get(Ticket, day["t6"]).public_token  # the citizen's printed QR code
    client.post(f"/api/v1/public/tickets/{token}/rating", json={"level": "dissatisfied"})
    left = markers(session)
    for kind, first in (
        ("day", JUNE_3),
        ("month", date(2024, 6, 1)),
        ("quarter", date(2024, 4, 1)),
        ("year", date(2024, 1, 1)),
    ):
        assert (kind, first) not in left, kind
    assert ("day", date(2024, 6, 4)) in left  # the other days stay
    again = run(session, world, date(2024, 1, 1), date(2024, 12, 31))
    assert again["totals"]["ratings"]["dissatisfied"] == 2


def test_ranges_are_covered_by_the_longest_whole_periods():
    assert cover(date(2024, 1, 1), date(2024, 12, 31), PeriodKind.YEAR) == [
        (PeriodKind.YEAR, date(2024, 1, 1), date(2024, 1, 1))
    ]
    assert cover(date(2024, 2, 15), date(2024, 11, 20), PeriodKind.YEAR) == [
        (PeriodKind.DAY, date(2024, 2, 15), date(2024, 2, 29)),
        (PeriodKind.MONTH, date(2024, 3, 1), date(2024, 3, 1)),
        (PeriodKind.QUARTER, date(2024, 4, 1), date(2024, 7, 1)),
        (PeriodKind.MONTH, date(2024, 10, 1), date(2024, 10, 1)),
        (PeriodKind.DAY, date(2024, 11, 1), date(2024, 11, 20)),
    ]
    assert cover(date(2024, 1, 1), date(2024, 3, 31), PeriodKind.MONTH) == [
        (PeriodKind.MONTH, date(2024, 1, 1), date(2024, 3, 1))
    ]
    assert cover(date(2024, 1, 5), date(2024, 1, 9), PeriodKind.QUARTER) == [
        (PeriodKind.DAY, date(2024, 1, 5), date(2024, 1, 9))
    ]
    assert cover(date(2024, 1, 9), date(2024, 1, 5), PeriodKind.YEAR) == []


def test_prebuilding_rolls_up_every_closed_day_once(session, world: World, day):
    july_15 = datetime(2024, 7, 15, 3, 0, tzinfo=UTC)
    built = prebuild_rollups(session, [world.office.id], now=july_15)
    # From the month of the oldest ticket (3 June) to the last closed day (13 July).
    assert built == (date(2024, 7, 13) - date(2024, 6, 1)).days + 1
    assert {("day", JUNE_3), ("day", date(2024, 7, 13)), ("month", date(2024, 6, 1))} <= markers(
        session
    )
    assert ("day", date(2024, 7, 14)) not in markers(session)
    assert prebuild_rollups(session, [world.office.id], now=july_15) == 0  # nightly re-runs
    assert prebuild_rollups(session, now=july_15) == built  # the other office, from June too


def test_build_rollups_command_reports_what_it_built(app, session, world: World, day):
    result = app.test_cli_runner().invoke(
        reports_group,
        ["build-rollups", "--office-id", str(world.office.id), "--since", "2024-06-03"],
    )
    assert result.exit_code == 0, result.output
    built = int(result.output.split()[0])
    assert built > 0 and "office-days rolled up" in result.output
    again = app.test_cli_runner().invoke(
        reports_group, ["build-rollups", "--office-id", str(world.office.id)]
    )
    assert again.output.startswith("0 office-days"), again.output


def test_roll_ups_keep_the_channel(session, world: World, day, monkeypatch):
    phone_ticket = session.scalars(select(Ticket).order_by(Ticket.id)).first()
    phone_ticket.channel = "online"
    session.commit()
    args = SummaryArgs.model_validate(
        {"office_id": world.office.id, "from": JUNE[0], "to": JUNE[1]}
    )
    manager = Actor(user=world.manager[0])
    exact = reports.summary_report(session, manager, args)["by_channel"]
    monkeypatch.setattr(reports, "EXACT_LIMIT", 0)
    rolled = reports.summary_report(session, manager, args)["by_channel"]
    assert [row["issued"] for row in rolled] == [row["issued"] for row in exact] == [6, 0, 1, 0]
    stored = set(session.scalars(select(ReportRollup.channel)))
    assert stored == {"kiosk", "online"}
