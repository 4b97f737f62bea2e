"""Device administration: revoking a paired device."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from server.db import begin_write
from server.models import Device, Role, utcnow
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.permissions import office_scope
from server.services.presenters import device_dict
from server.services.queries import get_or_404


def revoke_device(
    session: Session, actor: Actor | None, device_id: int, *, now: datetime | None = None
) -> dict[str, Any]:
    """Revoke a device's token (admin of its office, or the command line when actor is None)."""
    device = get_or_404(session, Device, device_id, "device")
    if actor is not None:
        if actor.user is None or actor.user.role != Role.ADMIN:
            raise DomainError("forbidden", "Chỉ quản trị viên được thu hồi thiết bị", 403)
        if device.office_id not in office_scope(session, actor):
            raise DomainError("forbidden", "Thiết bị thuộc đơn vị khác", 403)
    begin_write(session)
    session.refresh(device)
    if device.revoked_at is None:
        device.revoked_at = now or utcnow()
    session.commit()
    return device_dict(device)
