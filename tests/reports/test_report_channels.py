"""Rows per channel (design §12): where the day's tickets were issued, in reports and exports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from conftest import World
from openpyxl import load_workbook
from report_day import DAY, play_day
from sqlalchemy import update

import server.services.reports.summary as reports
from server.models import Ticket
from server.services.actor import Actor
from server.services.reports.summary import ReportQuery, full_report

CHANNELS = ["kiosk", "reception", "online", "appointment"]
NAMES = ["Kiosk lấy số", "Quầy tiếp nhận", "Lấy số từ xa", "Đặt lịch hẹn"]


@pytest.fixture
def day(client, world: World, session, app) -> dict[str, int]:
    """The day of report_day.py with T2 taken from a phone, T3 booked, T5 issued at reception."""
    tickets = play_day(client, world, session, app)
    for name, channel in (("t2", "online"), ("t3", "appointment"), ("t5", "reception")):
        session.execute(update(Ticket).where(Ticket.id == tickets[name]).values(channel=channel))
    session.commit()
    return tickets


def counts(rows: list[dict]) -> dict[str, tuple[int, ...]]:
    """Issued, served, no-show, cancelled and transferred per channel."""
    return {
        row["channel"]: tuple(
            row[name] for name in ("issued", "served", "no_show", "cancelled", "transferred")
        )
        for row in rows
    }


EXPECTED = {
    "kiosk": (3, 2, 1, 0, 1),  # T1, T4 (no-show), T6 (transferred)
    "reception": (1, 0, 0, 1, 0),  # T5, cancelled
    "online": (1, 1, 0, 0, 0),  # T2
    "appointment": (1, 1, 0, 0, 0),  # T3
}


def test_the_summary_and_the_report_have_a_row_per_channel(client, world: World, day):
    query = f"office_id={world.office.id}&from={DAY}&to={DAY}"
    headers = world.headers("manager")
    summary = client.get(f"/api/v1/reports/summary?{query}", headers=headers).json
    report = client.get(f"/api/v1/reports?{query}", headers=headers).json
    for rows in (summary["by_channel"], report["by_channel"]):
        assert [row["channel"] for row in rows] == CHANNELS
        assert [row["name"] for row in rows] == NAMES
        assert counts(rows) == EXPECTED
    online = report["by_channel"][2]
    assert online["wait_seconds"]["mean"] == 420.0
    assert online["ratings"]["satisfied"] == 1
    assert report["by_channel"][3]["ratings_percent"]["dissatisfied"] == 100.0


def test_an_empty_day_still_names_every_channel(client, world: World):
    summary = client.get(
        f"/api/v1/reports/summary?office_id={world.office.id}&from={DAY}&to={DAY}",
        headers=world.headers("manager"),
    ).json
    assert [row["channel"] for row in summary["by_channel"]] == CHANNELS
    assert all(row["issued"] == 0 for row in summary["by_channel"])


def test_rolled_up_days_keep_their_channels(session, world: World, day, monkeypatch):
    query = ReportQuery(world.office.id, date(2024, 6, 1), date(2024, 6, 30))
    exact = full_report(session, Actor(user=world.manager[0]), query)
    monkeypatch.setattr(reports, "EXACT_LIMIT", 0)
    rolled = full_report(session, Actor(user=world.manager[0]), query)
    assert rolled["exact"] is False
    assert counts(rolled["by_channel"]) == counts(exact["by_channel"])
    assert counts(rolled["by_channel"])["online"] == EXPECTED["online"]


def test_exports_have_the_channel_view(client, world: World, day):
    base = f"/api/v1/reports/export?office_id={world.office.id}&from={DAY}&to={DAY}"
    headers = world.headers("manager")
    workbook = load_workbook(io.BytesIO(client.get(f"{base}&format=xlsx", headers=headers).data))
    sheet = [list(row) for row in workbook["Theo kênh"].iter_rows(values_only=True)]
    assert sheet[0][:3] == ["Kênh", "Số phiếu đã cấp", "Đã phục vụ"]
    assert [row[0] for row in sheet[1:]] == [*NAMES, "Tổng cộng"]
    assert [row[1] for row in sheet[1:]] == [3, 1, 1, 1, 6]
    answer = client.get(f"{base}&format=csv&group=channel", headers=headers)
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Kênh" and rows[4][:2] == ["Đặt lịch hẹn", "1"]
