"""Which priority categories an office offers, and their labels, for issuing and printing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import PriorityCategory
from server.rules.errors import DomainError

# An office that never configured a code offers it, with this label.
DEFAULT_PRIORITY_LABELS = {
    "elderly": "Người cao tuổi",
    "disabled": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "merit": "Người có công",
    "other": "Đối tượng ưu tiên khác",
}


def _configured(session: Session, office_id: int, code: str) -> Any:
    """The office's (label, active) for one code, or None when it never configured it."""
    statement = select(PriorityCategory.label, PriorityCategory.active).where(
        PriorityCategory.office_id == office_id, PriorityCategory.code == code
    )
    return session.execute(statement).first()


def require_priority_offered(session: Session, office_id: int, priority: str | None) -> None:
    """Refuse a priority category the office has switched off (a code without a row is on)."""
    if priority is None:
        return
    row = _configured(session, office_id, priority)
    if row is not None and not row.active:
        raise DomainError(
            "priority_not_offered",
            f"Đơn vị không áp dụng đối tượng ưu tiên “{row.label}”; vui lòng chọn lại",
            422,
        )


def priority_label(session: Session, office_id: int, priority: str) -> str:
    """The office's label of a priority category, e.g. "Người cao tuổi", as printed on a ticket."""
    row = _configured(session, office_id, priority)
    return str(row.label) if row is not None else DEFAULT_PRIORITY_LABELS.get(priority, "")
