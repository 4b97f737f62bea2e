"""Revoking a device over the API (the same audited revoke as the admin pages and the CLI)."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import operation
from server.api.principal import current_actor
from server.api.responses import reply
from server.request_context.current import db_session
from server.schemas.devices import AdminDevice
from server.services.admin.devices import revoke as revoke_device

bp = Blueprint("api_devices", __name__, url_prefix="/api/v1/devices")


@bp.post("/<int:device_id>/revoke")
@operation("admin", unsafe=True, answers={200: AdminDevice}, errors=("device_not_found",))
def revoke(device_id: int) -> Response:
    """Revoke a device's token and close its open sockets."""
    return reply(revoke_device(db_session(), current_actor(), device_id))
