"""Administration API of people and devices: accounts, password resets, pairing, revoking."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from server.api.contract import operation, request_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.public_url import is_configured, public_base_url
from server.request_context.current import db_session, printer_networks
from server.schemas.accounts import AdminUser, NewUser, PasswordReset, UserChanges
from server.schemas.devices import AdminDevice, DeviceChanges, NewDevice, PairedDevice
from server.services.admin import devices as admin_devices
from server.services.admin import users as admin_users

bp = Blueprint("api_admin_people", __name__, url_prefix="/api/v1/admin")


@bp.get("/offices/<int:office_id>/users")
@operation("admin", answers={200: list[AdminUser]}, errors=("office_not_found",))
def users(office_id: int) -> Response:
    """The office's staff accounts."""
    return json_reply(admin_users.list_users(db_session(), current_actor(), office_id))


@bp.post("/offices/<int:office_id>/users")
@operation("admin", body=NewUser, answers={201: AdminUser}, errors=("office_not_found",))
def create_user(office_id: int) -> Response:
    """Add an account with a first password."""
    actor, sent = current_actor(), request_body(NewUser)
    return reply(admin_users.create_user(db_session(), actor, office_id, sent), 201)


@bp.patch("/users/<int:user_id>")
@operation(
    "admin",
    body=UserChanges,
    answers={200: AdminUser},
    errors=("user_not_found", "office_not_found"),
)
def update_user(user_id: int) -> Response:
    """Change name, role, office, or disable / enable."""
    actor, sent = current_actor(), request_body(UserChanges)
    return reply(admin_users.update_user(db_session(), actor, user_id, sent))


@bp.post("/users/<int:user_id>/password")
@operation("admin", body=PasswordReset, answers={200: AdminUser}, errors=("user_not_found",))
def reset_password(user_id: int) -> Response:
    """Set a new password: every session, token and socket of the user ends."""
    actor, sent = current_actor(), request_body(PasswordReset)
    return reply(admin_users.reset_password(db_session(), actor, user_id, sent.password))


@bp.get("/offices/<int:office_id>/devices")
@operation("admin", answers={200: list[AdminDevice]}, errors=("office_not_found",))
def devices(office_id: int) -> Response:
    """The office's devices."""
    return json_reply(admin_devices.list_devices(db_session(), current_actor(), office_id))


@bp.post("/offices/<int:office_id>/devices")
@operation("admin", body=NewDevice, answers={201: PairedDevice}, errors=("office_not_found",))
def create_device(office_id: int) -> Response:
    """Register a device: its token, pairing link and QR code are in this answer only."""
    actor, sent = current_actor(), request_body(NewDevice)
    base = public_base_url(current_app.config)  # never the request's Host: it can be forged
    outcome = admin_devices.create_device(
        db_session(), actor, office_id, sent, base, printer_networks=printer_networks()
    )
    assert isinstance(outcome.body, dict)
    outcome.body["public_url_configured"] = is_configured(current_app.config)
    response = reply(outcome, 201)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.patch("/devices/<int:device_id>")
@operation("admin", body=DeviceChanges, answers={200: AdminDevice}, errors=("device_not_found",))
def update_device(device_id: int) -> Response:
    """Rename a device or change its settings."""
    actor, sent = current_actor(), request_body(DeviceChanges)
    outcome = admin_devices.update_device(
        db_session(), actor, device_id, sent, printer_networks=printer_networks()
    )
    return reply(outcome)


@bp.post("/devices/<int:device_id>/revoke")
@operation("admin", unsafe=True, answers={200: AdminDevice}, errors=("device_not_found",))
def revoke_device(device_id: int) -> Response:
    """Revoke a device; its open sockets on this process are closed."""
    return reply(admin_devices.revoke(db_session(), current_actor(), device_id))
