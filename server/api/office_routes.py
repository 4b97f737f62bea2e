"""Offices, their services and the screen snapshot."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import operation
from server.api.principal import current_actor
from server.api.responses import json_reply
from server.request_context.current import db_session, queue_settings
from server.schemas.screens import Office, Service, State
from server.services.screens.state import office_services, office_state, visible_offices

bp = Blueprint("api_offices", __name__, url_prefix="/api/v1/offices")


@bp.get("")
@operation("queue", answers={200: list[Office]})
def list_offices() -> Response:
    """Offices visible to the caller."""
    return json_reply(visible_offices(db_session(), current_actor()))


@bp.get("/<int:office_id>/services")
@operation("queue", answers={200: list[Service]}, errors=("office_not_found",))
def list_services(office_id: int) -> Response:
    """Services with availability, waiting count and estimated wait."""
    return json_reply(office_services(db_session(), current_actor(), office_id, queue_settings()))


@bp.get("/<int:office_id>/state")
@operation("queue", answers={200: State}, errors=("office_not_found",))
def get_state(office_id: int) -> Response:
    """The snapshot a screen renders."""
    return json_reply(office_state(db_session(), current_actor(), office_id, queue_settings()))
