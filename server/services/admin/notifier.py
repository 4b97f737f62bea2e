"""An office's notifier (design §12): read with its credentials masked, set with an audit entry."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.db import write
from server.models import Office
from server.notifications.notifiers import NotifierKind
from server.rules.errors import DomainError
from server.schemas.admin_notifier import NotifierSettingsSent, mask
from server.services.actor import Actor
from server.services.admin.audit import differences, record
from server.services.admin.common import admin_office
from server.services.changes import Outcome

SECRETS = ("auth_header", "access_token")
KIND_NAMES = {
    NotifierKind.LOG: "chỉ ghi nhật ký",
    NotifierKind.HTTP_SMS: "SMS qua cổng HTTP",
    NotifierKind.ZALO_ZNS: "Zalo ZNS",
    NotifierKind.WEB_PUSH: "thông báo đẩy trên trình duyệt",
}


def notifier_dict(office: Office) -> dict[str, Any]:
    """The office's notifier as admins see it: every credential masked."""
    stored = dict(office.notifier_settings or {})
    return {
        "office_id": office.id,
        "kind": office.notifier_kind,
        "url": stored.get("url", ""),
        "method": stored.get("method", "POST"),
        "auth_header": mask(stored.get("auth_header")),
        "body_template": stored.get("body_template", ""),
        "content_type": stored.get("content_type", ""),
        "access_token": mask(stored.get("access_token")),
        "templates": dict(stored.get("templates") or {}),
        "base_url": stored.get("base_url", ""),
    }


def notifier_settings(session: Session, actor: Actor, office_id: int) -> dict[str, Any]:
    """GET: the office's notifier."""
    return notifier_dict(admin_office(session, actor, office_id))


def set_notifier(
    session: Session, actor: Actor, office_id: int, sent: NotifierSettingsSent
) -> Outcome:
    """PUT: choose the office's notifier; credentials left out keep their stored value."""
    with write(session):
        office = admin_office(session, actor, office_id)
        stored = dict(office.notifier_settings or {})
        values = sent.model_dump(mode="json", exclude={"kind"})
        for name in SECRETS:
            if values[name] is None:
                values[name] = stored.get(name, "")
        _check_complete(sent.kind, values)
        before = {"notifier": office.notifier_kind, **stored}
        office.notifier_kind = sent.kind
        office.notifier_settings = values
        changes = differences(before, {"notifier": office.notifier_kind, **values})
        if changes:
            record(
                session,
                actor,
                "update",
                "office",
                office.id,
                office.id,
                f"Sửa cách nhắn tin cho người dân của {office.name}: {KIND_NAMES[sent.kind]}",
                changes,
            )
    return Outcome(notifier_dict(office))


def _check_complete(kind: NotifierKind, values: dict[str, Any]) -> None:
    """What each notifier cannot work without."""
    if kind == NotifierKind.HTTP_SMS and not values["url"]:
        raise _invalid("url", "cần địa chỉ của cổng SMS")
    if kind == NotifierKind.ZALO_ZNS:
        if not values["access_token"]:
            raise _invalid("access_token", "cần access token của Zalo OA")
        if not values["templates"]:
            raise _invalid("templates", "cần ít nhất một mẫu tin ZNS đã được duyệt")


def _invalid(field: str, reason: str) -> DomainError:
    return DomainError("invalid_field", f"{field}: {reason}", 422)
