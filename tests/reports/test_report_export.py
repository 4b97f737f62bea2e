"""Exports: the XLSX opened with openpyxl and the CSV read back, headers in Vietnamese."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from conftest import World
from openpyxl import load_workbook
from report_day import DAY, play_day


@pytest.fixture
def day(client, world: World, session, app) -> dict[str, int]:
    """The hand-computed day of report_day.py."""
    return play_day(client, world, session, app)


def export(client, world: World, query: str, who: str = "manager"):
    """GET /reports/export for the world's office over the day."""
    return client.get(
        f"/api/v1/reports/export?office_id={world.office.id}&from={DAY}&to={DAY}&{query}",
        headers=world.headers(who),
    )


def rows_of(sheet) -> list[list]:
    """All cell values of a sheet, row by row."""
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_a_sheet_per_view_with_vietnamese_headers_and_numbers(client, world, day):
    response = export(client, world, "format=xlsx&period=day")
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        'filename="bao-cao-2024-06-03-2024-06-03.xlsx"' in response.headers["Content-Disposition"]
    )
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Theo dịch vụ",
        "Theo quầy",
        "Theo cán bộ",
        "Theo kỳ",
    ]

    services = rows_of(workbook["Theo dịch vụ"])
    header = services[0]
    assert header[:6] == [
        "Đơn vị",
        "Ký hiệu",
        "Dịch vụ",
        "Số phiếu đã cấp",
        "Đã phục vụ",
        "Vắng mặt",
    ]
    for name in (
        "Thời gian chờ trung bình (phút)",
        "Thời gian chờ P90 (phút)",
        "Thời gian phục vụ trung vị (phút)",
        "Rất hài lòng",
        "Không hài lòng (%)",
        "Tỷ lệ vắng mặt (%)",
    ):
        assert name in header, name
    column = {name: index for index, name in enumerate(header)}
    justice = next(row for row in services if row[2] == "Tư pháp – Hộ tịch")
    assert justice[column["Ký hiệu"]] == "B"
    assert justice[column["Số phiếu đã cấp"]] == 4
    assert justice[column["Vắng mặt"]] == 1
    assert justice[column["Thời gian chờ trung bình (phút)"]] == pytest.approx(4.7)  # 280 s
    assert justice[column["Thời gian chờ P90 (phút)"]] == pytest.approx(6.4)  # 384 s
    assert justice[column["Thời gian phục vụ trung bình (phút)"]] == pytest.approx(2.5)  # 150 s
    assert justice[column["Không hài lòng"]] == 1
    assert justice[column["Không hài lòng (%)"]] == 100.0
    land = next(row for row in services if row[2] == "Đất đai")
    assert land[column["Chuyển đi"]] == 1
    assert land[column["Rất hài lòng (%)"]] == 50.0
    totals = services[-1]
    assert totals[2] == "Tổng cộng"
    assert totals[column["Số phiếu đã cấp"]] == 6
    assert totals[column["Tỷ lệ vắng mặt (%)"]] == 20.0

    clerks = rows_of(workbook["Theo cán bộ"])
    assert clerks[0][:3] == ["Đơn vị", "Cán bộ", "Tên đăng nhập"]
    assert {row[1] for row in clerks[1:-1]} == {"Trần Thị Một", "Lê Văn Hai"}
    periods = rows_of(workbook["Theo kỳ"])
    assert periods[0][:3] == ["Kỳ", "Từ ngày", "Đến ngày"]
    assert periods[1][0] == "03/06/2024" and periods[1][1].date() == date(2024, 6, 3)

    cover = rows_of(workbook["Tổng hợp"])
    assert cover[0][0].startswith("BÁO CÁO TÌNH HÌNH TIẾP NHẬN")
    facts = {row[0]: row[1] for row in cover if row and row[0]}
    assert facts["Đơn vị"] == "Bộ phận Một cửa huyện Thử"
    assert facts["Số phiếu đã cấp"] == 6
    assert facts["Thời gian chờ trung bình (phút)"] == pytest.approx(4.6)  # 276 s


def test_csv_is_one_view_in_utf8_with_a_bom(client, world, day):
    response = export(client, world, "format=csv&group=counter")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # charset once
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Đơn vị", "Quầy", "Số phiếu đã cấp"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Quầy 2"][2] == "3"
    assert by_name["Tổng cộng"][2] == "6"


def test_export_follows_the_filters(client, world, day):
    response = export(client, world, f"format=csv&service_id={world.land.id}")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["Đất đai", "Tổng cộng"]


@pytest.mark.parametrize("query", ["format=pdf", "format=csv&group=week"])
def test_bad_export_arguments_are_422(client, world, query):
    response = export(client, world, query)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_field"


def test_clerks_cannot_export(client, world):
    assert export(client, world, "format=xlsx", "clerk1").status_code == 403
    assert client.get(f"/api/v1/reports/export?office_id={world.office.id}").status_code == 401
