"""Administration API of offices: the tree, working sessions, holidays, priorities, audit log."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import operation, query_args, request_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.models import Office
from server.request_context.current import db_session
from server.schemas.admin_audit import AuditPage, AuditQuery
from server.schemas.admin_calendar import HolidayRow, NewHoliday, WeekSent, WorkingSessionRow
from server.schemas.admin_offices import AdminOffice, NewOffice, OfficeChanges, OfficeInTree
from server.schemas.admin_priorities import PriorityCategoriesSent, PriorityCategoryRow
from server.services.admin import offices as admin_offices
from server.services.admin.audit import audit_entries
from server.services.permissions import require_reader
from server.services.queries import get_or_404

bp = Blueprint("api_admin_offices", __name__, url_prefix="/api/v1")

IN_USE = "office_in_use"
NO_OFFICE = "office_not_found"


@bp.get("/admin/offices")
@operation("admin", answers={200: list[OfficeInTree]})
def offices() -> Response:
    """The offices the admin manages, with what each holds."""
    return json_reply(admin_offices.office_tree(db_session(), current_actor()))


@bp.post("/admin/offices")
@operation("admin", body=NewOffice, answers={201: AdminOffice}, errors=(NO_OFFICE,))
def create_office() -> Response:
    """Add an office below one the admin manages (it starts with its parent's working week)."""
    sent = request_body(NewOffice)
    return reply(admin_offices.create_office(db_session(), current_actor(), sent), 201)


@bp.patch("/admin/offices/<int:office_id>")
@operation("admin", body=OfficeChanges, answers={200: AdminOffice}, errors=(NO_OFFICE,))
def update_office(office_id: int) -> Response:
    """Change an office's names, ticket header, timezone, dialect or notice text."""
    sent = request_body(OfficeChanges)
    return reply(admin_offices.update_office(db_session(), current_actor(), office_id, sent))


@bp.delete("/admin/offices/<int:office_id>")
@operation("admin", unsafe=True, answers={204: None}, errors=(NO_OFFICE, IN_USE))
def delete_office(office_id: int) -> Response:
    """Remove an empty office."""
    return reply(admin_offices.delete_office(db_session(), current_actor(), office_id))


@bp.get("/admin/offices/<int:office_id>/sessions")
@operation("admin", answers={200: list[WorkingSessionRow]}, errors=(NO_OFFICE,))
def sessions(office_id: int) -> Response:
    """The office's working week."""
    return json_reply(admin_offices.working_sessions(db_session(), current_actor(), office_id))


@bp.put("/admin/offices/<int:office_id>/sessions")
@operation("admin", body=WeekSent, answers={200: list[WorkingSessionRow]}, errors=(NO_OFFICE,))
def replace_sessions(office_id: int) -> Response:
    """Replace the office's working week."""
    week = request_body(WeekSent).sessions
    return reply(admin_offices.replace_sessions(db_session(), current_actor(), office_id, week))


@bp.get("/admin/offices/<int:office_id>/holidays")
@operation("admin", answers={200: list[HolidayRow]}, errors=(NO_OFFICE,))
def holidays(office_id: int) -> Response:
    """The office's holidays, by date."""
    return json_reply(admin_offices.holidays(db_session(), current_actor(), office_id))


@bp.post("/admin/offices/<int:office_id>/holidays")
@operation("admin", body=NewHoliday, answers={201: HolidayRow}, errors=(NO_OFFICE,))
def add_holiday(office_id: int) -> Response:
    """Add a holiday."""
    sent = request_body(NewHoliday)
    return reply(admin_offices.add_holiday(db_session(), current_actor(), office_id, sent), 201)


@bp.delete("/admin/holidays/<int:holiday_id>")
@operation("admin", unsafe=True, answers={204: None}, errors=("holiday_not_found",))
def delete_holiday(holiday_id: int) -> Response:
    """Remove a holiday."""
    return reply(admin_offices.delete_holiday(db_session(), current_actor(), holiday_id))


@bp.get("/admin/offices/<int:office_id>/priority-categories")
@operation("admin", answers={200: list[PriorityCategoryRow]}, errors=(NO_OFFICE,))
def admin_priorities(office_id: int) -> Response:
    """The five priority codes with the office's labels, order and on/off."""
    actor = current_actor()
    return json_reply(admin_offices.admin_priority_categories(db_session(), actor, office_id))


@bp.put("/admin/offices/<int:office_id>/priority-categories")
@operation(
    "admin",
    body=PriorityCategoriesSent,
    answers={200: list[PriorityCategoryRow]},
    errors=(NO_OFFICE,),
)
def replace_priorities(office_id: int) -> Response:
    """Set labels, order (the list's) and which codes the office offers."""
    categories = request_body(PriorityCategoriesSent).categories
    return reply(
        admin_offices.replace_priority_categories(
            db_session(), current_actor(), office_id, categories
        )
    )


@bp.get("/offices/<int:office_id>/priority-categories")
@operation("queue", answers={200: list[PriorityCategoryRow]}, errors=(NO_OFFICE,))
def priorities(office_id: int) -> Response:
    """The priority categories an office offers, in order, for its kiosk and reception."""
    session = db_session()
    office = get_or_404(session, Office, office_id, "office")
    require_reader(session, current_actor(), office.id)
    rows = admin_offices.priority_categories(session, office.id)
    return json_reply([row for row in rows if row["active"]])


@bp.get("/admin/offices/<int:office_id>/audit")
@operation("admin", query=AuditQuery, answers={200: AuditPage})
def audit(office_id: int) -> Response:
    """Who changed what in the office and those below it, newest first (`before_id` pages)."""
    page = query_args(AuditQuery)
    return json_reply(audit_entries(db_session(), current_actor(), office_id, page))
