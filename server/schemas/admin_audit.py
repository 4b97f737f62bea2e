"""The audit log on the wire: a page of entries, newest first, and the query that asks for it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, field_validator

from server.models.enums import AuditEntity
from server.schemas.fields import QueryId

AUDIT_PAGE = 50
MAX_AUDIT_PAGE = 200


def _blank_as_absent(value: Any) -> Any:
    """An empty query argument (`entity=`) is as if left out."""
    return None if value == "" else value


def _default_page(value: Any) -> Any:
    """`limit=` left empty is the usual page."""
    return str(AUDIT_PAGE) if value == "" else value


class AuditQuery(BaseModel):
    """GET /admin/offices/<id>/audit: a page of entries, newest first."""

    limit: Annotated[QueryId, BeforeValidator(_default_page)] = Field(
        AUDIT_PAGE, description=f"entries per page; more than {MAX_AUDIT_PAGE} is cut to it"
    )
    before_id: Annotated[QueryId | None, BeforeValidator(_blank_as_absent)] = Field(
        None, description="the previous page's `next_before_id`"
    )
    entity: Annotated[AuditEntity | None, BeforeValidator(_blank_as_absent)] = None

    @field_validator("limit")
    @classmethod
    def _page(cls, limit: int) -> int:
        """A larger page is cut to MAX_AUDIT_PAGE entries."""
        return min(limit, MAX_AUDIT_PAGE)


class AuditEntryRow(BaseModel):
    """Who changed what: an entry of the audit log; `changes` is {field: [old, new]}."""

    id: int
    at: datetime
    user_id: int | None
    username: str
    office_id: int | None
    office_name: str
    action: str
    action_name: str
    entity: str
    entity_name: str
    entity_id: int | None
    summary: str
    changes: dict[str, Any]


class AuditPage(BaseModel):
    """A page of the audit log; `next_before_id` asks for the next (null: no more)."""

    entries: list[AuditEntryRow]
    next_before_id: int | None
