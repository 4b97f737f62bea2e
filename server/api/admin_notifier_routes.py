"""Administration API of an office's notifier: how citizens are told when to come (design §12)."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import operation, request_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.request_context.current import db_session
from server.schemas.admin_notifier import NotifierSettings, NotifierSettingsSent
from server.services.admin import notifier as admin_notifier

bp = Blueprint("api_admin_notifier", __name__, url_prefix="/api/v1")

NO_OFFICE = "office_not_found"


@bp.get("/admin/offices/<int:office_id>/notifier")
@operation("admin", answers={200: NotifierSettings}, errors=(NO_OFFICE,))
def notifier(office_id: int) -> Response:
    """The office's notifier and its settings, credentials masked."""
    return json_reply(admin_notifier.notifier_settings(db_session(), current_actor(), office_id))


@bp.put("/admin/offices/<int:office_id>/notifier")
@operation("admin", body=NotifierSettingsSent, answers={200: NotifierSettings}, errors=(NO_OFFICE,))
def set_notifier(office_id: int) -> Response:
    """Choose the office's notifier; a credential left out keeps its stored value."""
    sent = request_body(NotifierSettingsSent)
    return reply(admin_notifier.set_notifier(db_session(), current_actor(), office_id, sent))
