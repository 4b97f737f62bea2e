"""Administration API of an office's set-up: services (with own hours) and counters."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.parsing import json_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.request_context.current import db_session
from server.services.admin import counters as admin_counters
from server.services.admin import services as admin_services

bp = Blueprint("api_admin_setup", __name__, url_prefix="/api/v1/admin")


@bp.get("/offices/<int:office_id>/services")
def services(office_id: int) -> Response:
    """All services of the office, inactive ones too."""
    return json_reply(admin_services.list_services(db_session(), current_actor(), office_id))


@bp.post("/offices/<int:office_id>/services")
def create_service(office_id: int) -> Response:
    """Add a service."""
    actor = current_actor()
    return reply(admin_services.create_service(db_session(), actor, office_id, json_body()), 201)


@bp.patch("/services/<int:service_id>")
def update_service(service_id: int) -> Response:
    """Change a service (and its own hours when `hours` is sent)."""
    actor = current_actor()
    return reply(admin_services.update_service(db_session(), actor, service_id, json_body()))


@bp.delete("/services/<int:service_id>")
def delete_service(service_id: int) -> Response:
    """Remove a service that never issued a ticket."""
    return reply(admin_services.delete_service(db_session(), current_actor(), service_id))


@bp.get("/offices/<int:office_id>/counters")
def counters(office_id: int) -> Response:
    """The office's counters with their services in order."""
    return json_reply(admin_counters.list_counters(db_session(), current_actor(), office_id))


@bp.post("/offices/<int:office_id>/counters")
def create_counter(office_id: int) -> Response:
    """Add a counter."""
    actor = current_actor()
    return reply(admin_counters.create_counter(db_session(), actor, office_id, json_body()), 201)


@bp.patch("/counters/<int:counter_id>")
def update_counter(counter_id: int) -> Response:
    """Renumber or rename a counter, or change its services and their order."""
    actor = current_actor()
    return reply(admin_counters.update_counter(db_session(), actor, counter_id, json_body()))


@bp.delete("/counters/<int:counter_id>")
def delete_counter(counter_id: int) -> Response:
    """Remove a counter that never served."""
    return reply(admin_counters.delete_counter(db_session(), current_actor(), counter_id))
