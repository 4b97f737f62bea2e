"""The admin API's offices on the wire: the office tree, and adding or changing an office.

A PATCH body (`Changes`) changes only the fields it sends: its services read
`model_dump(exclude_unset=True)`. A field sent as null where a value is due is refused, as when
creating.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from server.models.enums import Dialect
from server.rules.ids import MAX_ID
from server.schemas.fields import (
    OfficeCode,
    Timezone,
    clean_text,
    invalid,
    optional_text,
    text,
    whole_number,
)
from server.schemas.screens import Office

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
MAX_HEADER_LINES = 4
HEADER_LINE_LENGTH = 60


def _no_defaults(schema: dict[str, Any]) -> None:
    """A PATCH field left out is unchanged: the document shows no default for it."""
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class Changes(BaseModel):
    """A PATCH body: only the fields sent are changed."""

    model_config = ConfigDict(json_schema_extra=_no_defaults)


def _header_lines(value: Any) -> list[str]:
    """The name lines printed at the top of a ticket: a list, or one text with a line each."""
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise invalid("cần các dòng chữ")
    lines = [line for line in (clean_text(raw, 200) for raw in value) if line]
    if len(lines) > MAX_HEADER_LINES:
        raise invalid(f"tối đa {MAX_HEADER_LINES} dòng")
    if any(len(line) > HEADER_LINE_LENGTH for line in lines):
        raise invalid(f"mỗi dòng tối đa {HEADER_LINE_LENGTH} ký tự")
    return lines


HeaderLines = Annotated[
    list[str],
    BeforeValidator(_header_lines),
    WithJsonSchema(
        {
            "type": "array",
            "items": {"type": "string", "maxLength": HEADER_LINE_LENGTH},
            "maxItems": MAX_HEADER_LINES,
            "description": "blank lines are dropped; one text with a line each is taken too",
        }
    ),
]


def _default_timezone(value: Any) -> Any:
    """A timezone left empty (or null) is the one of Việt Nam."""
    blank = value is None or (isinstance(value, str) and not value.strip())
    return DEFAULT_TIMEZONE if blank else value


OfficeTimezone = Annotated[
    Timezone,
    BeforeValidator(_default_timezone),
    WithJsonSchema(
        {
            "type": ["string", "null"],
            "maxLength": 64,
            "description": f"an IANA timezone; empty: {DEFAULT_TIMEZONE}",
        }
    ),
]
OfficeName = text(200, required=True)
NoticeText = optional_text(1000)
ParentId = whole_number(1, MAX_ID)


class NewOffice(BaseModel):
    """POST /admin/offices: an office below one the admin manages."""

    parent_id: ParentId  # type: ignore[valid-type]
    code: OfficeCode
    name: OfficeName  # type: ignore[valid-type]
    header_lines: HeaderLines = Field(default_factory=list)
    timezone: OfficeTimezone = DEFAULT_TIMEZONE
    dialect: Dialect = Dialect.NORTH
    notice_text: NoticeText = Field("", description="runs along the hall screens")  # type: ignore[valid-type]


class OfficeChanges(Changes):
    """PATCH /admin/offices/<id>: names, ticket header, timezone, dialect or notice text."""

    code: OfficeCode = None
    name: OfficeName = None  # type: ignore[valid-type]
    header_lines: HeaderLines = None  # type: ignore[assignment]
    timezone: OfficeTimezone = None  # type: ignore[assignment]
    dialect: Dialect = None  # type: ignore[assignment]
    notice_text: NoticeText = None  # type: ignore[valid-type]


class AdminOffice(Office):
    """An office as the admin page edits it (the fields screens show)."""


class OfficeInTree(AdminOffice):
    """An office of the admin's tree, with how much it holds."""

    services: int
    counters: int
    users: int
    devices: int
    deletable: bool = Field(
        description="false: the delete would be refused (the admin's own office, or it holds "
        "offices, services, counters, people, devices or tickets)"
    )
