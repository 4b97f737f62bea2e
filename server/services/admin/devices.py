"""Administration of devices: pairing a new one (token shown once), settings, revoking."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Counter, Device, DeviceKind, Service, utcnow
from server.printing.allowed_networks import AddressNotAllowed, AllowedNetworks
from server.printing.printers import AGENT, BROWSER, check_allowed, parse_printer_url
from server.printing.profiles import DEFAULT_PAPER_WIDTH, printer_profile
from server.printing.qr_svg import qr_svg
from server.rules.errors import DomainError
from server.schemas.devices import COUNTER_KINDS, DeviceChanges, DeviceSettingsSent, NewDevice
from server.services.accounts.credentials import hash_token, new_token
from server.services.actor import ANONYMOUS, Actor
from server.services.admin.audit import differences, record
from server.services.admin.common import admin_office
from server.services.changes import AccessChange, Outcome
from server.services.presenters import device_dict, iso
from server.services.printing.print_jobs import PRINTER_STATUS_MESSAGES, printer_level
from server.services.queries import get_or_404

KIND_NAMES = {
    "kiosk": "Kiosk cấp số",
    "display": "Màn hình sảnh",
    "counter_display": "Màn hình quầy",
    "rating": "Máy đánh giá",
}
PRINTER_OK = "Máy in sẵn sàng"  # staff's wording; the kiosk itself says nothing then


def pairing_path(kind: str, counter_id: int | None, token: str) -> str:
    """The page a device opens once with its token to pair (design §5)."""
    query = urlencode({"token": token})
    if kind == DeviceKind.KIOSK:
        return f"/kiosk?{query}"
    if kind == DeviceKind.DISPLAY:
        return f"/display?{query}"
    if kind == DeviceKind.COUNTER_DISPLAY:
        return f"/display/counter/{counter_id}?{query}"
    return f"/counter/{counter_id}/rating?{query}"


def admin_device_dict(session: Session, device: Device) -> dict[str, Any]:
    """A device with its counter and dates (never its token)."""
    counter = session.get(Counter, device.counter_id) if device.counter_id else None
    return {
        **device_dict(device),
        "kind_name": KIND_NAMES.get(str(device.kind), str(device.kind)),
        "counter_number": counter.number if counter else None,
        "created_at": iso(device.created_at),
        "revoked_at": iso(device.revoked_at),
        "printer_status_at": iso(device.printer_status_at),
        "printer_message": PRINTER_OK
        if device.printer_status == "ok"
        else PRINTER_STATUS_MESSAGES.get(device.printer_status or ""),
        "printer_level": printer_level(device.printer_status),
    }


def list_devices(session: Session, actor: Actor, office_id: int) -> list[dict[str, Any]]:
    """The office's devices, active ones first."""
    office = admin_office(session, actor, office_id)
    devices = session.scalars(select(Device).where(Device.office_id == office.id))
    ordered = sorted(devices, key=lambda d: (d.revoked_at is not None, str(d.kind), d.name))
    return [admin_device_dict(session, device) for device in ordered]


def check_printer_address(settings: DeviceSettingsSent | None, allowed: AllowedNetworks) -> None:
    """Refuse (422) a network printer outside the networks the operator lets the server reach.

    Called before the write transaction: a host name is looked up in DNS.
    """
    printer = settings.printer if settings is not None else None
    if printer is None or not printer.lower().startswith("tcp:"):
        return
    try:
        check_allowed(printer, allowed)
    except AddressNotAllowed as error:
        raise _invalid(
            "printer",
            "máy chủ không được phép in tới địa chỉ này; người quản trị máy chủ cho phép "
            "các dải mạng trong XEPHANG_PRINTER_NETWORKS",
        ) from error


def _invalid(field: str, reason: str) -> DomainError:
    """The 422 of a value the office or the server refuses (the schema checked its form)."""
    return DomainError("invalid_field", f"{field}: {reason}", 422)


def _profile_width(printer: str) -> int | None:
    """The paper width the printer URL's `profile=` option implies, if any."""
    profile = parse_printer_url(printer).options.get("profile")
    return printer_profile(profile).paper_width if profile else None


def _kiosk_settings(sent: DeviceSettingsSent) -> dict[str, Any]:
    """A kiosk's printer and paper; the model sets the paper, named as a setting or in the URL."""
    printer = sent.printer or AGENT
    settings: dict[str, Any] = {"printer": printer}
    if sent.printer_profile:
        settings["printer_profile"] = sent.printer_profile
    named_width = (
        printer_profile(sent.printer_profile).paper_width if sent.printer_profile else None
    )
    if named_width is None and printer not in (AGENT, BROWSER):
        named_width = _profile_width(printer)
    settings["paper_width"] = sent.paper_width or named_width or DEFAULT_PAPER_WIDTH
    return settings


def _of_office(
    session: Session, model: type[Counter | Service], office_id: int, ids: list[int], field: str
) -> list[int]:
    """Ids that all name rows of the office, or a 422 naming the first that does not."""
    known = set(session.scalars(select(model.id).where(model.office_id == office_id)))
    strangers = [found for found in ids if found not in known]
    if strangers:
        raise _invalid(field, f"mã {strangers[0]} không thuộc đơn vị này")
    return ids


def _display_settings(session: Session, office_id: int, sent: DeviceSettingsSent) -> dict[str, Any]:
    """A lobby display's filters (counters, services of the office) and its sound."""
    settings: dict[str, Any] = {}
    if sent.counter_ids:
        settings["counter_ids"] = _of_office(
            session, Counter, office_id, sent.counter_ids, "counter_ids"
        )
    if sent.service_ids:
        settings["service_ids"] = _of_office(
            session, Service, office_id, sent.service_ids, "service_ids"
        )
    settings["announce"] = sent.announce
    return settings


def _settings(
    session: Session, office_id: int, kind: DeviceKind, sent: DeviceSettingsSent | None
) -> dict[str, Any]:
    """The settings a device of this kind keeps; what its kind does not read is dropped."""
    sent = sent or DeviceSettingsSent()
    if kind == DeviceKind.KIOSK:
        return _kiosk_settings(sent)
    if kind == DeviceKind.DISPLAY:
        return _display_settings(session, office_id, sent)
    return {}


def create_device(
    session: Session,
    actor: Actor,
    office_id: int,
    sent: NewDevice,
    base_url: str,
    *,
    printer_networks: AllowedNetworks,
) -> Outcome:
    """Register a device; the answer carries its token, pairing link and QR code, shown once."""
    check_printer_address(sent.settings, printer_networks)
    kind = sent.kind
    with write(session):
        office = admin_office(session, actor, office_id)
        counter_id = None
        if kind in COUNTER_KINDS:
            counter = session.get(Counter, sent.counter_id) if sent.counter_id is not None else None
            if counter is None or counter.office_id != office.id:
                raise _invalid("counter_id", "chọn một quầy của đơn vị")
            counter_id = counter.id
        settings = _settings(session, office.id, kind, sent.settings)
        token = new_token()
        device = Device(
            kind=kind,
            office_id=office.id,
            counter_id=counter_id,
            name=sent.name,
            token_hash=hash_token(token),
            settings=settings,
        )
        session.add(device)
        session.flush()
        record(
            session,
            actor,
            "create",
            "device",
            device.id,
            office.id,
            f"Thêm {KIND_NAMES[kind].lower()} {device.name} ({office.name})",
            {"kind": [None, str(kind)], "name": [None, device.name], "settings": [None, settings]},
        )
    url = base_url.rstrip("/") + pairing_path(kind, counter_id, token)
    return Outcome(
        {
            "device": admin_device_dict(session, device),
            "token": token,
            "pairing_url": url,
            "pairing_qr_svg": qr_svg(url),
        }
    )


def update_device(
    session: Session,
    actor: Actor,
    device_id: int,
    sent: DeviceChanges,
    *,
    printer_networks: AllowedNetworks,
) -> Outcome:
    """Rename a device or change its settings (those sent replace the old ones)."""
    check_printer_address(sent.settings, printer_networks)
    with write(session):
        device = get_or_404(session, Device, device_id, "device")
        admin_office(session, actor, device.office_id)
        before = {"name": device.name, "settings": dict(device.settings or {})}
        if "name" in sent.model_fields_set:
            device.name = sent.name
        if "settings" in sent.model_fields_set:
            device.settings = _settings(session, device.office_id, device.kind, sent.settings)
        changes = differences(
            before, {"name": device.name, "settings": dict(device.settings or {})}
        )
        if changes:
            record(
                session,
                actor,
                "update",
                "device",
                device.id,
                device.office_id,
                f"Sửa thiết bị {device.name}",
                changes,
            )
    return Outcome(admin_device_dict(session, device))


def revoke(
    session: Session, actor: Actor | None, device_id: int, *, now: datetime | None = None
) -> Outcome:
    """Revoke a device's token and log it: an admin of its office, or the command line (None).

    The one revoke of the admin pages, the API and `xephang device revoke`; the caller closes
    the device's sockets after commit (other processes find it on their next sweep).
    """
    with write(session):
        device = get_or_404(session, Device, device_id, "device")
        if actor is not None:
            admin_office(session, actor, device.office_id)
        session.refresh(device)
        if device.revoked_at is None:
            device.revoked_at = now or utcnow()
            by_command_line = " (dòng lệnh trên máy chủ)" if actor is None else ""
            record(
                session,
                actor or ANONYMOUS,
                "revoke",
                "device",
                device.id,
                device.office_id,
                f"Thu hồi thiết bị {device.name}{by_command_line}",
            )
    return Outcome(admin_device_dict(session, device), access=[AccessChange(device_id=device.id)])
