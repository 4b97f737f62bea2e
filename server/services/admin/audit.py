"""The audit log of administrative changes: written beside each change, read on the admin pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.models import AuditEntry, Office, utcnow
from server.models.enums import AuditEntity
from server.rules.ids import MAX_ID
from server.schemas.admin_audit import AuditQuery
from server.services.actor import Actor
from server.services.admin.common import require_admin
from server.services.presenters import iso
from server.services.queries import descendant_office_ids

# A notifier's credentials (`auth_header`, `access_token`) are secrets too.
SECRET_FIELDS = frozenset(
    {"password", "password_hash", "token", "token_hash", "auth_header", "access_token"}
)

ENTITY_NAMES: dict[str, str] = {
    AuditEntity.OFFICE: "Đơn vị",
    AuditEntity.SERVICE: "Lĩnh vực",
    AuditEntity.COUNTER: "Quầy",
    AuditEntity.USER: "Người dùng",
    AuditEntity.DEVICE: "Thiết bị",
    AuditEntity.HOLIDAY: "Ngày nghỉ",
    AuditEntity.SESSIONS: "Lịch làm việc",
    AuditEntity.PRIORITY_CATEGORIES: "Đối tượng ưu tiên",
}
ACTION_NAMES = {
    "create": "Thêm",
    "update": "Sửa",
    "delete": "Xóa",
    "revoke": "Thu hồi",
    "reset_password": "Đặt lại mật khẩu",
    "disable": "Khóa",
    "enable": "Mở khóa",
}


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}; secrets only say that they changed."""
    changed: dict[str, list[Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old in (None, "") and new in (None, ""):
            continue  # nothing worth a line: blank before and after
        if old != new:
            changed[name] = ["***", "***"] if name in SECRET_FIELDS else [old, new]
    return changed


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    office_id: int | None,
    summary: str,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry in the caller's transaction (committed together with the change)."""
    entry = AuditEntry(
        at=utcnow(),
        user_id=actor.user_id,
        username=actor.user.username if actor.user else "",
        office_id=office_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=summary[:500],
        changes=dict(changes or {}),
    )
    session.add(entry)
    return entry


def audit_entries(
    session: Session, actor: Actor, office_id: int, page: AuditQuery
) -> dict[str, Any]:
    """Entries about an office and the offices below it, newest first, a page at a time."""
    require_admin(session, actor, office_id)
    limit, before_id, entity = page.limit, page.before_id, page.entity
    scope = descendant_office_ids(session, office_id)
    statement = select(AuditEntry).where(
        or_(AuditEntry.office_id.in_(scope), AuditEntry.office_id.is_(None))
        if office_id in _roots(session, actor)
        else AuditEntry.office_id.in_(scope)
    )
    if before_id is not None:
        statement = statement.where(AuditEntry.id < min(before_id, MAX_ID))
    if entity is not None:
        statement = statement.where(AuditEntry.entity == entity)
    entries = list(session.scalars(statement.order_by(AuditEntry.id.desc()).limit(limit + 1)))
    names = dict(session.execute(select(Office.id, Office.name).where(Office.id.in_(scope))).all())
    return {
        "entries": [entry_dict(entry, names) for entry in entries[:limit]],
        "next_before_id": entries[limit - 1].id if len(entries) > limit else None,
    }


def _roots(session: Session, actor: Actor) -> set[int]:
    """The admin's own office: entries about deleted offices (office_id null) show there."""
    return {actor.user.office_id} if actor.user is not None else set()


def entry_dict(entry: AuditEntry, office_names: Mapping[int, str]) -> dict[str, Any]:
    """An audit entry for the admin page."""
    return {
        "id": entry.id,
        "at": iso(entry.at),
        "user_id": entry.user_id,
        "username": entry.username,
        "office_id": entry.office_id,
        "office_name": office_names.get(entry.office_id, "") if entry.office_id else "",
        "action": entry.action,
        "action_name": ACTION_NAMES.get(entry.action, entry.action),
        "entity": entry.entity,
        "entity_name": ENTITY_NAMES.get(entry.entity, entry.entity),
        "entity_id": entry.entity_id,
        "summary": entry.summary,
        "changes": entry.changes or {},
    }
