"""The print agent's answers about print jobs."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import operation, request_body
from server.api.principal import current_actor
from server.api.responses import reply
from server.request_context.current import db_session
from server.schemas.printing import PrintJob, PrintResultSent
from server.services.printing.print_jobs import record_print_result

bp = Blueprint("api_print_jobs", __name__, url_prefix="/api/v1/print-jobs")


@bp.post("/<int:job_id>/result")
@operation(
    "printing", body=PrintResultSent, answers={200: PrintJob}, errors=("print_job_not_found",)
)
def print_result(job_id: int) -> Response:
    """Record that a job printed, or failed and why."""
    sent = request_body(PrintResultSent)
    outcome = record_print_result(db_session(), current_actor(), job_id, sent.status, sent.reason)
    return reply(outcome)
