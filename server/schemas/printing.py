"""Print jobs and printer states on the wire (design §6)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from server.models.enums import PrintJobStatus


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
