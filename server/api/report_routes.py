"""Reports for managers: the summary of design §5, the reports page's data and its exports."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, request

from server.api.parsing import date_arg
from server.api.principal import current_actor
from server.api.query_args import bool_arg, int_arg, required_int_arg
from server.api.responses import json_reply
from server.models import Office, utcnow
from server.request_context.current import db_session
from server.rules.business_day import business_date, local_time
from server.rules.errors import DomainError
from server.rules.reports.periods import PeriodKind
from server.services.queries import get_or_404
from server.services.reports.facts import Filters
from server.services.reports.summary import ReportQuery, full_report, summary_report

bp = Blueprint("api_reports", __name__, url_prefix="/api/v1/reports")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _office_and_range() -> tuple[Office, date, date]:
    """The office_id, from and to arguments (dates default to the office's today)."""
    office = get_or_404(db_session(), Office, required_int_arg("office_id"), "office")
    today = business_date(utcnow(), office.timezone)
    return office, date_arg("from", today), date_arg("to", today)


def _report_query() -> tuple[Office, ReportQuery]:
    """A full report's office and arguments."""
    office, start, end = _office_and_range()
    raw_period = request.args.get("period", "")
    if raw_period and raw_period not in set(PeriodKind):
        raise DomainError("invalid_field", "period: phải là day, month, quarter hoặc year", 422)
    return office, ReportQuery(
        office_id=office.id,
        start=start,
        end=end,
        subtree=bool_arg("subtree"),
        filters=Filters(int_arg("service_id"), int_arg("counter_id"), int_arg("clerk_id")),
        period=PeriodKind(raw_period) if raw_period else None,
    )


@bp.get("/summary")
def summary() -> Response:
    """Counts, wait and service times and ratings over a date range (default: today)."""
    actor = current_actor()
    office, start, end = _office_and_range()
    subtree = bool_arg("subtree")
    return json_reply(summary_report(db_session(), actor, office.id, start, end, subtree=subtree))


@bp.get("")
def report() -> Response:
    """The summary's figures with filters, rates, rows per office and per day/month/quarter."""
    actor = current_actor()
    _, query = _report_query()
    return json_reply(full_report(db_session(), actor, query))


@bp.get("/export")
def export() -> Response:
    """The report as CSV (one view, `group`) or XLSX (every view), with Vietnamese headers."""
    # Here, not at the top: openpyxl (~9 MB) then loads on the first export, not in every process.
    from server.services.reports.export import GROUPS, report_csv, report_xlsx

    actor = current_actor()
    office, query = _report_query()
    kind = request.args.get("format", "xlsx")
    if kind not in {"csv", "xlsx"}:
        raise DomainError("invalid_field", "format: phải là csv hoặc xlsx", 422)
    group = request.args.get("group", "service")
    if group not in GROUPS:
        raise DomainError("invalid_field", f"group: phải là một trong {', '.join(GROUPS)}", 422)
    body = full_report(db_session(), actor, query)
    name = f"bao-cao-{query.start.isoformat()}-{query.end.isoformat()}"
    if kind == "csv":
        data, mimetype = report_csv(body, group), "text/csv"  # Flask adds "; charset=utf-8"
    else:
        data, mimetype = report_xlsx(body, local_time(utcnow(), office.timezone)), XLSX
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response.headers["Cache-Control"] = "no-store"
    return response
