"""The admin API's offices on the wire: the tree, the working week, holidays, priority categories
and the audit log (design §5).

A PATCH body (`Changes`) changes only the fields it sends: its services read
`model_dump(exclude_unset=True)`. A field sent as null where a value is due is refused, as when
creating.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from server.models.enums import AuditEntity, Dialect
from server.rules.ids import MAX_ID
from server.rules.next_ticket import Priority
from server.schemas.fields import (
    ClockEnd,
    ClockStart,
    Day,
    Flag,
    OfficeCode,
    QueryId,
    Timezone,
    clean_text,
    invalid,
    optional_text,
    text,
    whole_number,
)

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
MAX_HEADER_LINES = 4
HEADER_LINE_LENGTH = 60
MAX_SESSIONS = 50
AUDIT_PAGE = 50
MAX_AUDIT_PAGE = 200
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def _no_defaults(schema: dict[str, Any]) -> None:
    """A PATCH field left out is unchanged: the document shows no default for it."""
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class Changes(BaseModel):
    """A PATCH body: only the fields sent are changed."""

    model_config = ConfigDict(json_schema_extra=_no_defaults)


# -- Offices -----------------------------------------------------------------------------------


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


class AdminOffice(BaseModel):
    """An office as the admin page edits it."""

    id: int
    parent_id: int | None
    code: str
    name: str
    header_lines: list[str]
    timezone: str
    dialect: Dialect
    notice_text: str


class OfficeInTree(AdminOffice):
    """An office of the admin's tree, with how much it holds."""

    services: int
    counters: int
    users: int
    devices: int


# -- The working week --------------------------------------------------------------------------


class WorkingSessionSent(BaseModel):
    """One session of a week: a weekday (0 = Monday), 'HH:MM' start and end (24:00 allowed)."""

    weekday: whole_number(0, 6)  # type: ignore[valid-type]
    start: ClockStart
    end: ClockEnd
    name: optional_text(32) = ""  # type: ignore[valid-type]

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        """Each session is an object with its fields."""
        if not isinstance(value, dict | BaseModel):
            raise invalid("cần {weekday, start, end, name}")
        return value

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: int, info: ValidationInfo) -> int:
        """A session ends after it starts."""
        start = info.data.get("start")
        if start is not None and end <= start:
            raise invalid("giờ kết thúc phải sau giờ bắt đầu")
        return end


def _a_list_of_sessions(value: Any) -> Any:
    """A week is a list of at most MAX_SESSIONS sessions."""
    if not isinstance(value, list):
        raise invalid("cần một danh sách các buổi làm việc")
    if len(value) > MAX_SESSIONS:
        raise invalid(f"tối đa {MAX_SESSIONS} buổi")
    return value


def _no_overlap(week: list[WorkingSessionSent]) -> list[WorkingSessionSent]:
    """The sessions by weekday and start; two of one day may not overlap."""
    ordered = sorted(week, key=lambda item: (item.weekday, item.start, item.end, item.name))
    for previous, current in pairwise(ordered):
        if previous.weekday == current.weekday and current.start < previous.end:
            raise invalid(f"hai buổi trùng giờ vào {WEEKDAY_NAMES[current.weekday]}")
    return ordered


WorkingWeek = Annotated[
    list[WorkingSessionSent],
    Field(max_length=MAX_SESSIONS),
    BeforeValidator(_a_list_of_sessions),
    AfterValidator(_no_overlap),
]


class WeekSent(BaseModel):
    """PUT /admin/offices/<id>/sessions: the whole week at once."""

    sessions: WorkingWeek


class WorkingSessionRow(BaseModel):
    """A stored session, as the admin page edits it."""

    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    start: str = Field(examples=["07:30"])
    end: str = Field(examples=["11:30"], description="24:00 for midnight")
    name: str


# -- Holidays ----------------------------------------------------------------------------------


class NewHoliday(BaseModel):
    """POST /admin/offices/<id>/holidays: a day the office issues no tickets."""

    day: Day
    name: optional_text(200) = ""  # type: ignore[valid-type]


class HolidayRow(BaseModel):
    """A holiday of an office."""

    id: int
    office_id: int
    day: date
    name: str


# -- Priority categories -----------------------------------------------------------------------


class PriorityCategorySent(BaseModel):
    """One of the five codes with the office's label and whether it is offered."""

    code: Priority
    label: text(100, required=True)  # type: ignore[valid-type]
    active: Flag = True


def _some_categories(value: Any) -> Any:
    """At least one category, each an object."""
    if not isinstance(value, list) or not value:
        raise invalid("cần danh sách các đối tượng ưu tiên")
    if not all(isinstance(item, dict | BaseModel) for item in value):
        raise invalid("mỗi mục cần {code, label, active}")
    return value


class PriorityCategoriesSent(BaseModel):
    """PUT /admin/offices/<id>/priority-categories: the order is the list's; a code left out
    keeps its default label, is offered, and goes after the listed ones."""

    categories: Annotated[list[PriorityCategorySent], BeforeValidator(_some_categories)]

    @model_validator(mode="wrap")
    @classmethod
    def _named_bare(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """An entry's field is named bare ("code: …"), as the admin page's table rows have no
        numbers; and no code twice."""
        try:
            sent = handler(data)
        except ValidationError as error:
            raise _relocated(error, "categories") from None
        seen: set[str] = set()
        for category in sent.categories:
            if category.code in seen:
                problem = invalid(f"{category.code} bị lặp")
                detail = InitErrorDetails(type=problem, loc=("code",), input=str(category.code))
                raise ValidationError.from_exception_data(cls.__name__, [detail])
            seen.add(category.code)
        return sent


def _relocated(error: ValidationError, field: str) -> ValidationError:
    """The same errors, those inside an entry of `field` named by the entry's own field."""
    return ValidationError.from_exception_data(
        error.title, [_bare(detail, field) for detail in error.errors()]
    )


def _bare(detail: ErrorDetails, field: str) -> InitErrorDetails:
    """One error, at `code` rather than at `categories[2].code`."""
    location = tuple(detail["loc"])
    if len(location) > 2 and location[0] == field and isinstance(location[1], int):
        location = location[2:]
    kind, context = detail["type"], detail.get("ctx") or {}
    custom = kind in ("invalid_field", "missing_field")
    relocated = InitErrorDetails(
        type=PydanticCustomError(kind, "{reason}", context) if custom else kind,
        loc=location,
        input=detail.get("input"),
    )
    if context and not custom:
        relocated["ctx"] = context
    return relocated


class PriorityCategoryRow(BaseModel):
    """A priority code as an office offers it (its defaults when it never configured it)."""

    code: Priority
    label: str
    active: bool
    sort_order: int


# -- The audit log -----------------------------------------------------------------------------


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
