"""Who may act where: office scopes of users and devices, checked inside service functions."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.models import DeviceKind, Role
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.queries import descendant_office_ids


def forbidden(message: str = "Bạn không có quyền thực hiện thao tác này") -> DomainError:
    """The 403 error."""
    return DomainError("forbidden", message, 403)


def office_scope(session: Session, actor: Actor) -> set[int]:
    """Offices the actor may see.

    A clerk's own office; an admin's or manager's subtree; a device's office.
    """
    if actor.user is not None:
        if actor.user.role == Role.CLERK:
            return {actor.user.office_id}
        return descendant_office_ids(session, actor.user.office_id)
    if actor.device is not None:
        return {actor.device.office_id}
    return set()


def require_reader(session: Session, actor: Actor, office_id: int) -> None:
    """Any user or device of (or above) the office may read its state."""
    if office_id not in office_scope(session, actor):
        raise forbidden("Bạn không có quyền xem đơn vị này")


def require_staff(session: Session, actor: Actor, office_id: int) -> None:
    """A clerk of the office (or an admin above it) may work its counters and tickets."""
    user = actor.user
    if user is None or user.role not in (Role.CLERK, Role.ADMIN):
        raise forbidden("Chỉ cán bộ tiếp nhận được thực hiện thao tác này")
    if office_id not in office_scope(session, actor):
        raise forbidden("Quầy hoặc phiếu này thuộc đơn vị khác")


def require_office_user(session: Session, actor: Actor, office_id: int) -> None:
    """A user of any role of (or above) the office; no device (lists with staff data)."""
    if actor.user is None:
        raise forbidden("Chỉ cán bộ của đơn vị được xem danh sách này")
    if office_id not in office_scope(session, actor):
        raise forbidden("Bạn không có quyền xem đơn vị này")


def require_issuer(session: Session, actor: Actor, office_id: int) -> None:
    """A kiosk of the office, or its staff at reception, may issue tickets."""
    device = actor.device
    if device is not None:
        if device.kind != DeviceKind.KIOSK or device.office_id != office_id:
            raise forbidden("Thiết bị này không được cấp số cho đơn vị này")
        return
    require_staff(session, actor, office_id)


def require_manager(session: Session, actor: Actor, office_id: int) -> None:
    """A manager or admin of the office (or above it) may read its reports."""
    user = actor.user
    if user is None or user.role not in (Role.MANAGER, Role.ADMIN):
        raise forbidden("Chỉ lãnh đạo được xem báo cáo")
    if office_id not in office_scope(session, actor):
        raise forbidden("Bạn không có quyền xem báo cáo của đơn vị này")
