"""Reports for managers."""

from __future__ import annotations

from flask import Blueprint, Response, request

from server.api.context import db_session
from server.api.parsing import date_arg
from server.api.principal import current_actor
from server.api.responses import json_reply
from server.models import Office, utcnow
from server.rules.business_day import business_date
from server.rules.errors import DomainError
from server.services.queries import get_or_404
from server.services.reports import summary_report

bp = Blueprint("api_reports", __name__, url_prefix="/api/v1/reports")


@bp.get("/summary")
def summary() -> Response:
    """Counts, wait and service times and ratings over a date range (default: today)."""
    actor = current_actor()
    raw_office = request.args.get("office_id", "")
    if not (raw_office.isascii() and raw_office.isdigit()):  # "²".isdigit() is True too
        raise DomainError("invalid_field", "office_id: cần một số nguyên", 422)
    session = db_session()
    office = get_or_404(session, Office, int(raw_office), "office")
    today = business_date(utcnow(), office.timezone)
    start = date_arg("from", today)
    end = date_arg("to", today)
    return json_reply(summary_report(session, actor, office.id, start, end))
