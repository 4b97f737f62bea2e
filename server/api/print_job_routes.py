"""The print agent's answers about print jobs."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.parsing import json_body
from server.api.principal import current_actor
from server.api.responses import reply
from server.request_context.current import db_session
from server.services.printing.print_jobs import record_print_result

bp = Blueprint("api_print_jobs", __name__, url_prefix="/api/v1/print-jobs")


@bp.post("/<int:job_id>/result")
def print_result(job_id: int) -> Response:
    """Record that a job printed, or failed and why."""
    actor = current_actor()
    body = json_body()
    outcome = record_print_result(
        db_session(), actor, job_id, body.get("status"), body.get("reason")
    )
    return reply(outcome)
