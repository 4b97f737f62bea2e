"""Print jobs and printer states on the wire (design §6)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema

from server.models.enums import PrintJobStatus
from server.schemas.fields import absent_as_null, invalid

# What a print agent may report of a job: it printed, or it failed.
REPORTED = (PrintJobStatus.PRINTED, PrintJobStatus.FAILED)
REASON = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _reported(value: Any) -> Any:
    """printed or failed (anything else, null included, is an invalid value)."""
    if not isinstance(value, str) or value not in REPORTED:
        raise invalid(f"phải là {' hoặc '.join(REPORTED)}")
    return value


def _reason(value: Any) -> Any:
    """A failure's cause as a snake_case code, e.g. paper_out."""
    if value is not None and (not isinstance(value, str) or not REASON.fullmatch(value)):
        raise invalid("mã lỗi dạng snake_case, ví dụ paper_out")
    return value


ReportedStatus = Annotated[
    PrintJobStatus,
    BeforeValidator(_reported),
    WithJsonSchema({"type": "string", "enum": [str(status) for status in REPORTED]}),
]
FailureReason = Annotated[
    str | None,
    BeforeValidator(_reason),
    WithJsonSchema({"type": ["string", "null"], "pattern": f"^{REASON.pattern}$"}),
]


class PrintResultSent(BaseModel):
    """POST /print-jobs/<id>/result: the print agent says whether the job printed."""

    status: ReportedStatus
    reason: FailureReason = Field(
        default=None,
        description="why it failed: offline, paper_out, cover_open, error … (default `error`)",
    )

    fill_absent = absent_as_null("status")  # left out: 422 invalid_field, as ever


class PrintJob(BaseModel):
    """One ticket's print job on one kiosk, and how it went."""

    id: int
    ticket_id: int
    device_id: int
    status: PrintJobStatus
    reason: str | None
    message: str | None
    attempts: int
    updated_at: datetime
