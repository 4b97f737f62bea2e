"""Administration API of an office's set-up: services (with own hours) and counters."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import operation, request_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.request_context.current import db_session
from server.schemas.admin_setup import (
    AdminCounter,
    AdminService,
    CounterChanges,
    NewCounter,
    NewService,
    ServiceChanges,
)
from server.services.admin import counters as admin_counters
from server.services.admin import services as admin_services

bp = Blueprint("api_admin_setup", __name__, url_prefix="/api/v1/admin")

NO_OFFICE = "office_not_found"
NO_SERVICE = "service_not_found"
NO_COUNTER = "counter_not_found"


@bp.get("/offices/<int:office_id>/services")
@operation("admin", answers={200: list[AdminService]}, errors=(NO_OFFICE,))
def services(office_id: int) -> Response:
    """All services of the office, inactive ones too."""
    return json_reply(admin_services.list_services(db_session(), current_actor(), office_id))


@bp.post("/offices/<int:office_id>/services")
@operation("admin", body=NewService, answers={201: AdminService}, errors=(NO_OFFICE,))
def create_service(office_id: int) -> Response:
    """Add a service (with its own hours when `hours` lists any)."""
    sent = request_body(NewService)
    outcome = admin_services.create_service(db_session(), current_actor(), office_id, sent)
    return reply(outcome, 201)


@bp.patch("/services/<int:service_id>")
@operation("admin", body=ServiceChanges, answers={200: AdminService}, errors=(NO_SERVICE,))
def update_service(service_id: int) -> Response:
    """Change a service (and its own hours when `hours` is sent; [] follows the office's)."""
    sent = request_body(ServiceChanges)
    return reply(admin_services.update_service(db_session(), current_actor(), service_id, sent))


@bp.delete("/services/<int:service_id>")
@operation("admin", unsafe=True, answers={204: None}, errors=(NO_SERVICE, "service_in_use"))
def delete_service(service_id: int) -> Response:
    """Remove a service that never issued a ticket."""
    return reply(admin_services.delete_service(db_session(), current_actor(), service_id))


@bp.get("/offices/<int:office_id>/counters")
@operation("admin", answers={200: list[AdminCounter]}, errors=(NO_OFFICE,))
def counters(office_id: int) -> Response:
    """The office's counters with their services in order."""
    return json_reply(admin_counters.list_counters(db_session(), current_actor(), office_id))


@bp.post("/offices/<int:office_id>/counters")
@operation("admin", body=NewCounter, answers={201: AdminCounter}, errors=(NO_OFFICE,))
def create_counter(office_id: int) -> Response:
    """Add a counter."""
    sent = request_body(NewCounter)
    outcome = admin_counters.create_counter(db_session(), current_actor(), office_id, sent)
    return reply(outcome, 201)


@bp.patch("/counters/<int:counter_id>")
@operation("admin", body=CounterChanges, answers={200: AdminCounter}, errors=(NO_COUNTER,))
def update_counter(counter_id: int) -> Response:
    """Renumber or rename a counter, or change its services and their order."""
    sent = request_body(CounterChanges)
    return reply(admin_counters.update_counter(db_session(), current_actor(), counter_id, sent))


@bp.delete("/counters/<int:counter_id>")
@operation("admin", unsafe=True, answers={204: None}, errors=(NO_COUNTER, "counter_in_use"))
def delete_counter(counter_id: int) -> Response:
    """Remove a counter that never served and has no paired screen."""
    return reply(admin_counters.delete_counter(db_session(), current_actor(), counter_id))
