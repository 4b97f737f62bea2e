"""The manager's dashboard data: one office, or an office with every office below it."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.principal import current_actor
from server.api.query_args import bool_arg, required_int_arg
from server.api.responses import json_reply
from server.request_context.current import db_session
from server.services.screens.dashboard import dashboard

bp = Blueprint("api_dashboard", __name__, url_prefix="/api/v1/dashboard")


@bp.get("")
def dashboard_data() -> Response:
    """Waiting now, today's figures, counters, SLA breaches and chart data."""
    actor = current_actor()
    office_id = required_int_arg("office_id")
    return json_reply(dashboard(db_session(), actor, office_id, subtree=bool_arg("subtree")))
