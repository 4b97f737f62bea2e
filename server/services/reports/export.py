"""Reports as spreadsheets: CSV (one table) and XLSX (a sheet per view), with Vietnamese headers.

Names in a report are typed by admins of any office below the one exporting, so every text cell
is treated as hostile: characters XML cannot hold are dropped (openpyxl refuses them, and its own
pattern misses lone surrogates and U+FFFE/U+FFFF), XLSX text is written as a string cell, never
a formula, and a CSV cell that a spreadsheet would read as a formula gets a leading apostrophe
(OWASP's CSV-injection advice; no library for it among our dependencies).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from server.models import Office, utcnow
from server.rules.business_day import local_time
from server.rules.reports.views import MEDIA_TYPES, ExportFormat, ReportView
from server.schemas.reports import ExportArgs
from server.services.actor import Actor
from server.services.reports.summary import full_report, report_query

GROUPS = tuple(ReportView)
XLSX = MEDIA_TYPES[ExportFormat.XLSX]


@dataclass(frozen=True)
class Column:
    """A spreadsheet column: its Vietnamese header, how to read it from a row, its number format."""

    header: str
    value: Callable[[dict[str, Any]], Any]
    number_format: str | None = None
    width: int = 14


def _minutes(kind: str, statistic: str) -> Callable[[dict[str, Any]], float | None]:
    """A duration statistic of a row, in minutes with one decimal."""

    def read(row: dict[str, Any]) -> float | None:
        seconds = row[kind][statistic]
        return None if seconds is None else round(seconds / 60, 1)

    return read


def _field(name: str) -> Callable[[dict[str, Any]], Any]:
    """A plain field of a row."""
    return lambda row: row.get(name)


def _day(value: str | None) -> date | None:
    """A date from its ISO form (None stays None)."""
    return None if value is None else date.fromisoformat(value)


def _rating(level: str, percent: bool = False) -> Callable[[dict[str, Any]], Any]:
    """A rating count or share of a row."""
    if percent:
        return lambda row: row["ratings_percent"][level]
    return lambda row: row["ratings"][level]


INTEGER = "#,##0"
DECIMAL = "#,##0.0"

FIGURE_COLUMNS: tuple[Column, ...] = (
    Column("Số phiếu đã cấp", _field("issued"), INTEGER, 12),
    Column("Đã phục vụ", _field("served"), INTEGER, 12),
    Column("Vắng mặt", _field("no_show"), INTEGER, 10),
    Column("Đã hủy", _field("cancelled"), INTEGER, 10),
    Column("Chuyển đi", _field("transferred"), INTEGER, 10),
    Column("Tỷ lệ vắng mặt (%)", _field("no_show_rate"), DECIMAL, 12),
    Column("Thời gian chờ trung bình (phút)", _minutes("wait_seconds", "mean"), DECIMAL, 16),
    Column("Thời gian chờ trung vị (phút)", _minutes("wait_seconds", "median"), DECIMAL, 16),
    Column("Thời gian chờ P90 (phút)", _minutes("wait_seconds", "p90"), DECIMAL, 14),
    Column("Thời gian phục vụ trung bình (phút)", _minutes("service_seconds", "mean"), DECIMAL, 16),
    Column("Thời gian phục vụ trung vị (phút)", _minutes("service_seconds", "median"), DECIMAL, 16),
    Column("Thời gian phục vụ P90 (phút)", _minutes("service_seconds", "p90"), DECIMAL, 14),
    Column("Số lượt đánh giá", _field("rated"), INTEGER, 12),
    Column("Rất hài lòng", _rating("very_satisfied"), INTEGER, 12),
    Column("Hài lòng", _rating("satisfied"), INTEGER, 12),
    Column("Không hài lòng", _rating("dissatisfied"), INTEGER, 12),
    Column("Rất hài lòng (%)", _rating("very_satisfied", True), DECIMAL, 12),
    Column("Hài lòng (%)", _rating("satisfied", True), DECIMAL, 12),
    Column("Không hài lòng (%)", _rating("dissatisfied", True), DECIMAL, 12),
)

LABEL_COLUMNS: dict[ReportView, tuple[Column, ...]] = {
    ReportView.SERVICE: (
        Column("Đơn vị", _field("office_name"), width=30),
        Column("Ký hiệu", _field("prefix"), width=8),
        Column("Lĩnh vực", _field("name"), width=34),
    ),
    ReportView.COUNTER: (
        Column("Đơn vị", _field("office_name"), width=30),
        Column("Quầy", _field("name"), width=24),
    ),
    ReportView.CLERK: (
        Column("Đơn vị", _field("office_name"), width=30),
        Column("Cán bộ", _field("name"), width=26),
        Column("Tên đăng nhập", _field("username"), width=14),
    ),
    ReportView.OFFICE: (Column("Đơn vị", _field("name"), width=36),),
    ReportView.CHANNEL: (Column("Kênh", _field("name"), width=20),),
    ReportView.PERIOD: (
        Column("Kỳ", _field("label"), width=16),
        Column("Từ ngày", lambda row: _day(row.get("from")), "dd/mm/yyyy", 12),
        Column("Đến ngày", lambda row: _day(row.get("to")), "dd/mm/yyyy", 12),
    ),
}

SHEETS = (
    (ReportView.SERVICE, "by_service", "Theo lĩnh vực"),
    (ReportView.COUNTER, "by_counter", "Theo quầy"),
    (ReportView.CLERK, "by_clerk", "Theo cán bộ"),
    (ReportView.OFFICE, "by_office", "Theo đơn vị"),
    (ReportView.PERIOD, "periods", "Theo kỳ"),
    (ReportView.CHANNEL, "by_channel", "Theo kênh"),
)
APPROXIMATE_NOTE = (
    "Trung vị và P90 tính gần đúng từ số liệu tổng hợp theo ngày "
    "(chính xác đến 10 giây khi dưới 10 phút, đến 1 phút khi dưới 1 giờ)"
)
TITLE = "BÁO CÁO TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT VÀ MỨC ĐỘ HÀI LÒNG"


def columns_of(group: ReportView) -> tuple[Column, ...]:
    """The columns of a view: what its rows are about, then the figures."""
    return LABEL_COLUMNS[group] + FIGURE_COLUMNS


def _rows_of(report: dict[str, Any], group: ReportView) -> list[dict[str, Any]]:
    """The rows of one view of a report."""
    key = next(key for name, key, _ in SHEETS if name == group)
    rows: list[dict[str, Any]] = report[key]
    return rows


# Everything XML 1.0 leaves out of its Char production (tab, LF and CR are allowed).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A cell starting with one of these is a formula (or DDE call) to Excel, LibreOffice or Sheets;
# the full-width forms are included because some spreadsheets fold them to ASCII.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def clean_text(value: str) -> str:
    """A name without the characters an XLSX (XML) file cannot hold."""
    return XML_FORBIDDEN.sub("", value)


def csv_text(value: str) -> str:
    """A text cell a spreadsheet shows as typed: formula starts get a leading apostrophe."""
    value = clean_text(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def report_csv(report: dict[str, Any], group: ReportView) -> bytes:
    """One view of a report as CSV in UTF-8 with a BOM (so Excel reads the Vietnamese)."""
    columns = columns_of(group)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.header for column in columns)
    for row in [*_rows_of(report, group), {**report["totals"], **_total_labels(group)}]:
        writer.writerow(_csv_value(column.value(row)) for column in columns)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> Any:
    """Dates as dd/mm/yyyy, empty for missing figures, text made inert."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return csv_text(value)
    return value


def _total_labels(group: ReportView) -> dict[str, Any]:
    """Label fields of the closing 'Tổng cộng' row."""
    if group == ReportView.PERIOD:
        return {"label": "Tổng cộng", "from": None, "to": None}
    return {"name": "Tổng cộng", "office_name": "", "prefix": "", "username": ""}


HEADER_FILL = PatternFill("solid", fgColor="0B3A75")
TOTAL_FILL = PatternFill("solid", fgColor="E8EEF7")


def report_xlsx(report: dict[str, Any], generated_at: datetime) -> bytes:
    """A workbook: a cover sheet with the totals, then a sheet per view (streamed, write-only)."""
    workbook = Workbook(write_only=True)
    _write_cover(workbook.create_sheet("Tổng hợp"), report, generated_at)
    for group, key, title in SHEETS:
        if not report.get(key) or (
            group == ReportView.OFFICE and report.get("office_count", 1) < 2
        ):
            continue
        totals = {**report["totals"], **_total_labels(group)}
        _write_table(workbook.create_sheet(title), columns_of(group), report[key], totals)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _cell(
    sheet: Any,
    value: Any,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    number_format: str | None = None,
    alignment: Alignment | None = None,
) -> WriteOnlyCell:
    """A styled cell of a write-only sheet; text is always a string cell, never a formula."""
    if isinstance(value, str):
        value = clean_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    if alignment is not None:
        cell.alignment = alignment
    return cell


BOLD = Font(bold=True)
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="0B3A75")
LEFT = Alignment(horizontal="left")
WRAP = Alignment(wrap_text=True, vertical="center")


def _write_cover(sheet: Any, report: dict[str, Any], generated_at: datetime) -> None:
    """Title, scope and the totals as label–value pairs."""
    sheet.column_dimensions["A"].width = 38
    sheet.column_dimensions["B"].width = 44
    scope = report["office_name"]
    if report.get("subtree") and report.get("office_count", 1) > 1:
        scope += f" (gồm {report['office_count'] - 1} đơn vị trực thuộc)"
    facts: list[tuple[str, Any, str | None]] = [
        ("Đơn vị", scope, None),
        ("Từ ngày", date.fromisoformat(report["from"]), "dd/mm/yyyy"),
        ("Đến ngày", date.fromisoformat(report["to"]), "dd/mm/yyyy"),
        ("Lập lúc", generated_at.replace(tzinfo=None), "dd/mm/yyyy hh:mm"),
    ]
    if not report.get("exact", True):
        facts.append(("Ghi chú", APPROXIMATE_NOTE, None))
    sheet.append([_cell(sheet, TITLE, font=TITLE_FONT)])
    sheet.append([])
    for label, value, number_format in facts:
        sheet.append(
            [
                _cell(sheet, label, font=BOLD),
                _cell(sheet, value, number_format=number_format, alignment=LEFT),
            ]
        )
    sheet.append([])
    sheet.append(
        [
            _cell(sheet, "Chỉ tiêu", font=HEADER_FONT, fill=HEADER_FILL),
            _cell(sheet, "Giá trị", font=HEADER_FONT, fill=HEADER_FILL),
        ]
    )
    for column in FIGURE_COLUMNS:
        value = column.value(report["totals"])
        sheet.append(
            [_cell(sheet, column.header), _cell(sheet, value, number_format=column.number_format)]
        )


def _body_value(sheet: Any, value: Any) -> Any:
    """A body value as is, except text, which becomes an unstyled string cell."""
    return _cell(sheet, value) if isinstance(value, str) else value


def _write_table(
    sheet: Any, columns: Sequence[Column], rows: list[dict[str, Any]], totals: dict[str, Any]
) -> None:
    """A header row, the rows, and a totals row; frozen header, sized columns."""
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 48
    sheet.append(
        [
            _cell(sheet, c.header, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP)
            for c in columns
        ]
    )
    # Unstyled body cells: figures are already rounded, dates get Excel's date format by
    # themselves, and styling tens of thousands of cells would triple the time.
    for row in rows:
        sheet.append([_body_value(sheet, column.value(row)) for column in columns])
    sheet.append(
        [
            _cell(
                sheet,
                column.value(totals),
                font=BOLD,
                fill=TOTAL_FILL,
                number_format=column.number_format,
            )
            for column in columns
        ]
    )


@dataclass(frozen=True)
class ExportFile:
    """A report file: its bytes, media type and download name."""

    data: bytes
    mimetype: str
    filename: str


def export_report(
    session: Session, actor: Actor, args: ExportArgs, *, now: datetime | None = None
) -> ExportFile:
    """The report as a CSV of one view or an XLSX of every view, named after its days."""
    now = now or utcnow()
    query = report_query(session, args, now=now)
    report = full_report(session, actor, query, now=now)
    name = f"bao-cao-{query.start.isoformat()}-{query.end.isoformat()}.{args.format}"
    if args.format == ExportFormat.CSV:
        return ExportFile(report_csv(report, args.group), MEDIA_TYPES[ExportFormat.CSV], name)
    office = session.get(Office, query.office_id)
    assert office is not None  # report_query found it
    return ExportFile(report_xlsx(report, local_time(now, office.timezone)), XLSX, name)
