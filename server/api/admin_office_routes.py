"""Administration API of offices: the tree, working sessions, holidays, priorities, audit log."""

from __future__ import annotations

from flask import Blueprint, Response, request

from server.api.parsing import json_body
from server.api.principal import current_actor
from server.api.query_args import int_arg
from server.api.responses import json_reply, reply
from server.models import Office
from server.request_context.current import db_session
from server.services.admin import offices as admin_offices
from server.services.admin.audit import audit_entries
from server.services.permissions import require_reader
from server.services.queries import get_or_404

bp = Blueprint("api_admin_offices", __name__, url_prefix="/api/v1")


@bp.get("/admin/offices")
def offices() -> Response:
    """The offices the admin manages, with what each holds."""
    return json_reply(admin_offices.office_tree(db_session(), current_actor()))


@bp.post("/admin/offices")
def create_office() -> Response:
    """Add an office below one the admin manages."""
    actor = current_actor()
    return reply(admin_offices.create_office(db_session(), actor, json_body()), 201)


@bp.patch("/admin/offices/<int:office_id>")
def update_office(office_id: int) -> Response:
    """Change an office's names, ticket header, timezone, dialect or notice text."""
    actor = current_actor()
    return reply(admin_offices.update_office(db_session(), actor, office_id, json_body()))


@bp.delete("/admin/offices/<int:office_id>")
def delete_office(office_id: int) -> Response:
    """Remove an empty office."""
    return reply(admin_offices.delete_office(db_session(), current_actor(), office_id))


@bp.get("/admin/offices/<int:office_id>/sessions")
def sessions(office_id: int) -> Response:
    """The office's working week."""
    return json_reply(admin_offices.working_sessions(db_session(), current_actor(), office_id))


@bp.put("/admin/offices/<int:office_id>/sessions")
def replace_sessions(office_id: int) -> Response:
    """Replace the office's working week."""
    actor = current_actor()
    return reply(admin_offices.replace_sessions(db_session(), actor, office_id, json_body()))


@bp.get("/admin/offices/<int:office_id>/holidays")
def holidays(office_id: int) -> Response:
    """The office's holidays."""
    return json_reply(admin_offices.holidays(db_session(), current_actor(), office_id))


@bp.post("/admin/offices/<int:office_id>/holidays")
def add_holiday(office_id: int) -> Response:
    """Add a holiday."""
    actor = current_actor()
    return reply(admin_offices.add_holiday(db_session(), actor, office_id, json_body()), 201)


@bp.delete("/admin/holidays/<int:holiday_id>")
def delete_holiday(holiday_id: int) -> Response:
    """Remove a holiday."""
    return reply(admin_offices.delete_holiday(db_session(), current_actor(), holiday_id))


@bp.get("/admin/offices/<int:office_id>/priority-categories")
def admin_priorities(office_id: int) -> Response:
    """The five priority codes with the office's labels, order and on/off."""
    actor = current_actor()
    return json_reply(admin_offices.admin_priority_categories(db_session(), actor, office_id))


@bp.put("/admin/offices/<int:office_id>/priority-categories")
def replace_priorities(office_id: int) -> Response:
    """Set the office's priority categories."""
    actor = current_actor()
    return reply(
        admin_offices.replace_priority_categories(db_session(), actor, office_id, json_body())
    )


@bp.get("/offices/<int:office_id>/priority-categories")
def priorities(office_id: int) -> Response:
    """The priority categories an office offers, for its kiosk and reception (any reader)."""
    session = db_session()
    office = get_or_404(session, Office, office_id, "office")
    require_reader(session, current_actor(), office.id)
    rows = admin_offices.priority_categories(session, office.id)
    return json_reply([row for row in rows if row["active"]])


@bp.get("/admin/offices/<int:office_id>/audit")
def audit(office_id: int) -> Response:
    """Who changed what, newest first (`before_id` pages back)."""
    entity = request.args.get("entity") or None
    return json_reply(
        audit_entries(
            db_session(),
            current_actor(),
            office_id,
            limit=int_arg("limit") or 50,
            before_id=int_arg("before_id"),
            entity=entity,
        )
    )
