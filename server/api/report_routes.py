"""Reports for managers: the summary of design §5, the reports page's data and its exports."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import FileAnswer, operation, query_args
from server.api.principal import current_actor
from server.api.responses import json_reply
from server.request_context.current import db_session
from server.rules.reports.views import MEDIA_TYPES
from server.schemas.reports import ExportArgs, Report, ReportArgs, Summary, SummaryArgs
from server.services.reports.summary import full_report, report_query, summary_report

bp = Blueprint("api_reports", __name__, url_prefix="/api/v1/reports")

EXPORT_FILE = FileAnswer(
    tuple(MEDIA_TYPES.values()),
    "the report as a file to download (Content-Disposition: attachment): "
    "`format=csv` is one view (`group`) as UTF-8 CSV with a BOM, "
    "`format=xlsx` a workbook with a sheet per view",
)


@bp.get("/summary")
@operation("reports", query=SummaryArgs, answers={200: Summary}, errors=("office_not_found",))
def summary() -> Response:
    """Counts, wait and service times and ratings over a date range (default: today)."""
    args = query_args(SummaryArgs)
    return json_reply(summary_report(db_session(), current_actor(), args))


@bp.get("")
@operation("reports", query=ReportArgs, answers={200: Report}, errors=("office_not_found",))
def report() -> Response:
    """The summary's figures with filters, rates, rows per office and per day/month/quarter."""
    session = db_session()
    query = report_query(session, query_args(ReportArgs))
    return json_reply(full_report(session, current_actor(), query))


@bp.get("/export")
@operation("reports", query=ExportArgs, answers={200: EXPORT_FILE}, errors=("office_not_found",))
def export() -> Response:
    """The report as CSV (one view, `group`) or XLSX (every view), with Vietnamese headers."""
    # Here, not at the top: openpyxl (~9 MB) then loads on the first export, not in every process.
    from server.services.reports.export import export_report

    exported = export_report(db_session(), current_actor(), query_args(ExportArgs))
    # Flask adds "; charset=utf-8" to text/csv.
    response = Response(exported.data, mimetype=exported.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
