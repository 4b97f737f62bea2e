"""Print jobs: the kiosk agent's report of a printed or failed ticket."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from server.db import begin_write
from server.models import Device, PrintJob, PrintJobStatus, utcnow
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.queries import get_or_404

REASON_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def print_job_dict(job: PrintJob) -> dict[str, Any]:
    """A print job as the API returns it."""
    return {
        "id": job.id,
        "ticket_id": job.ticket_id,
        "device_id": job.device_id,
        "status": str(job.status),
        "reason": job.reason,
        "attempts": job.attempts,
        "updated_at": job.updated_at.isoformat(),
    }


def record_print_result(
    session: Session,
    actor: Actor,
    job_id: int,
    status: Any,
    reason: Any = None,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Store the agent's answer; the kiosk's printer state follows it."""
    now = now or utcnow()
    if status not in (PrintJobStatus.PRINTED, PrintJobStatus.FAILED):
        raise DomainError("invalid_field", "status: phải là printed hoặc failed", 422)
    if reason is not None and (not isinstance(reason, str) or not REASON_PATTERN.match(reason)):
        raise DomainError("invalid_field", "reason: mã lỗi dạng snake_case, ví dụ paper_out", 422)
    if status == PrintJobStatus.FAILED and reason is None:
        reason = "error"
    job = get_or_404(session, PrintJob, job_id, "print_job")
    if actor.device is None or actor.device.id != job.device_id:
        raise DomainError("forbidden", "Lệnh in này thuộc máy cấp số khác", 403)
    begin_write(session)
    session.refresh(job)
    job.status = PrintJobStatus(status)
    job.reason = reason if status == PrintJobStatus.FAILED else None
    job.attempts += 1
    job.updated_at = now
    device = session.get(Device, job.device_id)
    assert device is not None
    device.printer_status = "ok" if status == PrintJobStatus.PRINTED else reason
    device.printer_status_at = now
    session.commit()
    return print_job_dict(job)
