"""What every administration service needs: the admin check and snapshots of fields for the log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.models import Base, Office, Role
from server.services.actor import Actor
from server.services.permissions import forbidden, office_scope
from server.services.queries import get_or_404


def require_admin(session: Session, actor: Actor, office_id: int) -> None:
    """An admin of the office, or of an office above it."""
    user = actor.user
    if user is None or user.role != Role.ADMIN:
        raise forbidden("Chỉ quản trị viên được thực hiện thao tác này")
    if office_id not in office_scope(session, actor):
        raise forbidden("Đơn vị này nằm ngoài phạm vi quản trị của bạn")


def admin_office(session: Session, actor: Actor, office_id: int) -> Office:
    """Load an office the admin may manage."""
    office = get_or_404(session, Office, office_id, "office")
    require_admin(session, actor, office.id)
    return office


def snapshot(item: Base, names: tuple[str, ...]) -> dict[str, Any]:
    """Plain values of some fields of a row, for the audit log's before/after."""
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(item, name)
        values[name] = value if isinstance(value, int | float | bool | str | None) else str(value)
    return values


def assign(item: Base, values: dict[str, Any]) -> None:
    """Set fields of a row."""
    for name, value in values.items():
        setattr(item, name, value)
