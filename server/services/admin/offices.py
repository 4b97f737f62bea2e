"""Administration of the office tree: offices, their working sessions, holidays and priorities."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.db import write
from server.models import (
    Counter,
    Device,
    Holiday,
    Office,
    Priority,
    PriorityCategory,
    Service,
    Ticket,
    User,
    WorkingSession,
)
from server.rules.errors import DomainError
from server.schemas.admin_calendar import WEEKDAY_NAMES, NewHoliday, WorkingSessionSent
from server.schemas.admin_offices import NewOffice, OfficeChanges
from server.schemas.admin_priorities import PriorityCategorySent
from server.schemas.fields import clock_text
from server.services.actor import Actor
from server.services.admin.audit import differences, record
from server.services.admin.common import admin_office, assign, require_admin, snapshot
from server.services.changes import Outcome, setup_outcome
from server.services.permissions import forbidden, office_scope
from server.services.presenters import office_dict
from server.services.queries import get_or_404
from server.services.queue.priorities import DEFAULT_PRIORITY_LABELS

OFFICE_FIELDS = ("code", "name", "header_lines", "timezone", "dialect", "notice_text")


def office_tree(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Offices the admin manages, parents first, with how much each holds."""
    if actor.user is None:  # devices (and anyone else) never see the admin tree
        raise forbidden("Chỉ quản trị viên được thực hiện thao tác này")
    require_admin(session, actor, actor.user.office_id)
    scope = office_scope(session, actor)
    offices = list(session.scalars(select(Office).where(Office.id.in_(scope)).order_by(Office.id)))
    counts: dict[str, dict[int, int]] = {}
    for name, model in (
        ("services", Service),
        ("counters", Counter),
        ("users", User),
        ("devices", Device),
    ):
        rows = session.execute(
            select(model.office_id, func.count())
            .where(model.office_id.in_(scope))
            .group_by(model.office_id)
        )
        counts[name] = {office_id: count for office_id, count in rows}
    own = actor.user.office_id
    parents = {office.parent_id for office in offices}
    with_tickets = set(
        session.scalars(select(Ticket.office_id).where(Ticket.office_id.in_(scope)).distinct())
    )
    return [
        {
            **office_dict(office),
            **{name: counts[name].get(office.id, 0) for name in counts},
            # What delete_office refuses, said beforehand: the page offers no delete then.
            "deletable": office.id != own
            and office.id not in parents
            and office.id not in with_tickets
            and not any(counts[name].get(office.id, 0) for name in counts),
        }
        for office in offices
    ]


def _check_code_free(session: Session, code: str, office_id: int | None) -> None:
    """Office codes are unique."""
    other = session.scalars(select(Office.id).where(Office.code == code)).first()
    if other is not None and other != office_id:
        raise DomainError("invalid_field", f"code: mã {code} đã được dùng cho đơn vị khác", 422)


def create_office(session: Session, actor: Actor, sent: NewOffice) -> Outcome:
    """Add an office below one the admin manages; it starts with its parent's working sessions."""
    with write(session):
        parent = admin_office(session, actor, sent.parent_id)
        _check_code_free(session, sent.code, None)
        office = Office(parent_id=parent.id, **sent.model_dump(exclude={"parent_id"}))
        session.add(office)
        session.flush()
        for working in _sessions_of(session, parent.id):
            session.add(
                WorkingSession(
                    office_id=office.id,
                    weekday=working.weekday,
                    start_minute=working.start_minute,
                    end_minute=working.end_minute,
                    name=working.name,
                )
            )
        record(
            session,
            actor,
            "create",
            "office",
            office.id,
            office.id,
            f"Thêm đơn vị {office.name} thuộc {parent.name}",
            differences({}, snapshot(office, OFFICE_FIELDS)),
        )
    return Outcome(office_dict(office))


def update_office(session: Session, actor: Actor, office_id: int, sent: OfficeChanges) -> Outcome:
    """Change an office's names, ticket header, timezone, dialect or display notice."""
    values = sent.model_dump(exclude_unset=True)
    with write(session):
        office = admin_office(session, actor, office_id)
        if "code" in values:
            _check_code_free(session, values["code"], office.id)
        before = snapshot(office, OFFICE_FIELDS)
        assign(office, values)
        changes = differences(before, snapshot(office, OFFICE_FIELDS))
        if changes:
            what = "thông báo trên màn hình" if set(changes) == {"notice_text"} else "thông tin"
            record(
                session,
                actor,
                "update",
                "office",
                office.id,
                office.id,
                f"Sửa {what} {office.name}",
                changes,
            )
    return setup_outcome(office_dict(office), office.id)


def delete_office(session: Session, actor: Actor, office_id: int) -> Outcome:
    """Remove an office that holds nothing yet (no sub-offices, services, counters, people)."""
    with write(session):
        office = admin_office(session, actor, office_id)
        if actor.user is not None and office.id == actor.user.office_id:
            raise DomainError("office_in_use", "Không thể xóa đơn vị của chính mình", 409)
        for column, what in (
            (Office.parent_id, "đơn vị trực thuộc"),
            (Service.office_id, "lĩnh vực"),
            (Counter.office_id, "quầy"),
            (User.office_id, "người dùng"),
            (Device.office_id, "thiết bị"),
            (Ticket.office_id, "phiếu"),
        ):
            if (
                session.scalars(select(column).where(column == office.id).limit(1)).first()
                is not None
            ):
                raise DomainError(
                    "office_in_use",
                    f"Đơn vị còn {what}; hãy chuyển hoặc xóa trước khi xóa đơn vị",
                    409,
                )
        record(
            session,
            actor,
            "delete",
            "office",
            office.id,
            office.parent_id,
            f"Xóa đơn vị {office.name}",
            differences(snapshot(office, OFFICE_FIELDS), {}),
        )
        for item in [*_holidays_of(session, office.id), *_sessions_of(session, office.id)]:
            session.delete(item)
        session.delete(office)
    return setup_outcome(None, office_id)


def _sessions_of(session: Session, office_id: int) -> list[WorkingSession]:
    """An office's working sessions, read from the database."""
    statement = (
        select(WorkingSession)
        .where(WorkingSession.office_id == office_id)
        .order_by(WorkingSession.weekday, WorkingSession.start_minute)
    )
    return list(session.scalars(statement))


def sessions_dict(session: Session, office_id: int) -> list[dict[str, Any]]:
    """An office's working sessions as the admin page edits them."""
    return [
        {
            "weekday": working.weekday,
            "start": clock_text(working.start_minute),
            "end": clock_text(working.end_minute),
            "name": working.name,
        }
        for working in _sessions_of(session, office_id)
    ]


def working_sessions(session: Session, actor: Actor, office_id: int) -> list[dict[str, Any]]:
    """The office's week."""
    return sessions_dict(session, admin_office(session, actor, office_id).id)


def replace_sessions(
    session: Session, actor: Actor, office_id: int, week: list[WorkingSessionSent]
) -> Outcome:
    """Set the office's whole week of working sessions at once."""
    with write(session):
        office = admin_office(session, actor, office_id)
        before = sessions_dict(session, office.id)
        for stored in _sessions_of(session, office.id):
            session.delete(stored)
        session.flush()
        for sent in week:
            session.add(
                WorkingSession(
                    office_id=office.id,
                    weekday=sent.weekday,
                    start_minute=sent.start,
                    end_minute=sent.end,
                    name=sent.name,
                )
            )
        session.flush()
        session.expire(office, ["sessions"])
        after = sessions_dict(session, office.id)
        if after != before:
            record(
                session,
                actor,
                "update",
                "sessions",
                office.id,
                office.id,
                f"Sửa lịch làm việc của {office.name}",
                {"sessions": [_week_text(before), _week_text(after)]},
            )
    return setup_outcome(after, office.id)


def _week_text(week: list[dict[str, Any]]) -> str:
    """A short text of a week for the audit log."""
    return "; ".join(
        f"{WEEKDAY_NAMES[item['weekday']]} {item['start']}–{item['end']}" for item in week
    )


def holiday_dict(holiday: Holiday) -> dict[str, Any]:
    """A holiday."""
    return {
        "id": holiday.id,
        "office_id": holiday.office_id,
        "day": holiday.day.isoformat(),
        "name": holiday.name,
    }


def _holidays_of(session: Session, office_id: int) -> list[Holiday]:
    """An office's holidays by date, read from the database (not a cached collection)."""
    statement = select(Holiday).where(Holiday.office_id == office_id).order_by(Holiday.day)
    return list(session.scalars(statement))


def holidays(session: Session, actor: Actor, office_id: int) -> list[dict[str, Any]]:
    """The office's holidays, by date."""
    office = admin_office(session, actor, office_id)
    return [holiday_dict(holiday) for holiday in _holidays_of(session, office.id)]


def add_holiday(session: Session, actor: Actor, office_id: int, sent: NewHoliday) -> Outcome:
    """Add a day the office issues no tickets."""
    day, name = sent.day, sent.name
    with write(session):
        office = admin_office(session, actor, office_id)
        if any(holiday.day == day for holiday in _holidays_of(session, office.id)):
            raise DomainError(
                "invalid_field", f"day: ngày {day:%d/%m/%Y} đã có trong danh sách", 422
            )
        holiday = Holiday(office_id=office.id, day=day, name=name)
        session.add(holiday)
        session.flush()
        session.expire(office, ["holidays"])  # availability reads the collection
        record(
            session,
            actor,
            "create",
            "holiday",
            holiday.id,
            office.id,
            f"Thêm ngày nghỉ {day:%d/%m/%Y} {name}".strip() + f" – {office.name}",
        )
    return setup_outcome(holiday_dict(holiday), office.id)


def delete_holiday(session: Session, actor: Actor, holiday_id: int) -> Outcome:
    """Remove a holiday."""
    with write(session):
        holiday = get_or_404(session, Holiday, holiday_id, "holiday")
        office = admin_office(session, actor, holiday.office_id)
        record(
            session,
            actor,
            "delete",
            "holiday",
            holiday.id,
            office.id,
            f"Xóa ngày nghỉ {holiday.day:%d/%m/%Y} – {office.name}",
        )
        session.delete(holiday)
        session.flush()
        session.expire(office, ["holidays"])
    return setup_outcome(None, office.id)


def priority_categories(session: Session, office_id: int) -> list[dict[str, Any]]:
    """The five priority codes as the office offers them (defaults when never configured)."""
    stored = {
        row.code: row
        for row in session.scalars(
            select(PriorityCategory).where(PriorityCategory.office_id == office_id)
        )
    }
    rows = []
    for order, code in enumerate(Priority):
        row = stored.get(str(code))
        rows.append(
            {
                "code": str(code),
                "label": row.label if row else DEFAULT_PRIORITY_LABELS[str(code)],
                "active": row.active if row else True,
                "sort_order": row.sort_order if row else order,
            }
        )
    return sorted(rows, key=lambda row: (row["sort_order"], row["code"]))


def admin_priority_categories(
    session: Session, actor: Actor, office_id: int
) -> list[dict[str, Any]]:
    """The office's priority categories, for the admin page."""
    admin_office(session, actor, office_id)
    return priority_categories(session, office_id)


def replace_priority_categories(
    session: Session, actor: Actor, office_id: int, categories: list[PriorityCategorySent]
) -> Outcome:
    """Set labels, order (the list's) and which of the five codes the office offers."""
    wanted = {
        str(item.code): (item.label, item.active, order) for order, item in enumerate(categories)
    }
    with write(session):
        office = admin_office(session, actor, office_id)
        before = priority_categories(session, office.id)
        stored = {
            row.code: row
            for row in session.scalars(
                select(PriorityCategory).where(PriorityCategory.office_id == office.id)
            )
        }
        for code in Priority:
            label, active, order = wanted.get(
                str(code),
                (
                    DEFAULT_PRIORITY_LABELS[str(code)],
                    True,
                    len(wanted) + list(Priority).index(code),
                ),
            )
            row = stored.get(str(code))
            if row is None:
                row = PriorityCategory(office_id=office.id, code=str(code))
                session.add(row)
            row.label, row.active, row.sort_order = label, active, order
        session.flush()
        after = priority_categories(session, office.id)
        if after != before:
            record(
                session,
                actor,
                "update",
                "priority_categories",
                office.id,
                office.id,
                f"Sửa đối tượng ưu tiên của {office.name}",
                {"categories": [_categories_text(before), _categories_text(after)]},
            )
    return setup_outcome(after, office.id)


def _categories_text(rows: list[dict[str, Any]]) -> str:
    """A short text of the categories for the audit log."""
    return "; ".join(f"{row['label']}{'' if row['active'] else ' (tắt)'}" for row in rows)
