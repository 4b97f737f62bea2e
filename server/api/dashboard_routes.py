"""The manager's dashboard data: one office, or an office with every office below it."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import operation, query_args
from server.api.principal import current_actor
from server.api.responses import json_reply
from server.request_context.current import db_session
from server.schemas.reports import Dashboard, DashboardArgs
from server.services.screens.dashboard import dashboard

bp = Blueprint("api_dashboard", __name__, url_prefix="/api/v1/dashboard")


@bp.get("")
@operation("reports", query=DashboardArgs, answers={200: Dashboard}, errors=("office_not_found",))
def dashboard_data() -> Response:
    """Waiting now, today's figures, counters, SLA breaches and chart data."""
    args = query_args(DashboardArgs)
    return json_reply(
        dashboard(db_session(), current_actor(), args.office_id, subtree=args.subtree)
    )
