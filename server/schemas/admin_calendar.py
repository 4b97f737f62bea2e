"""An office's calendar on the wire: its working week (a service's own hours too) and holidays."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from server.schemas.fields import ClockEnd, ClockStart, Day, invalid, optional_text, whole_number

MAX_SESSIONS = 50
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


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
