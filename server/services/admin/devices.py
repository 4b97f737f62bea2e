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
from server.printing.printers import check_allowed, parse_printer_url
from server.printing.profiles import PAPER_WIDTHS, check_profile, printer_profile
from server.printing.qr_svg import qr_svg
from server.services.accounts.credentials import hash_token, new_token
from server.services.actor import ANONYMOUS, Actor
from server.services.admin import fields
from server.services.admin.audit import differences, record
from server.services.admin.common import admin_office
from server.services.changes import AccessChange, Outcome
from server.services.presenters import device_dict, iso
from server.services.printing.print_jobs import PRINTER_STATUS_MESSAGES, printer_level
from server.services.printing.ticket_print import BROWSER
from server.services.queries import get_or_404

KIND_NAMES = {
    "kiosk": "Kiosk cấp số",
    "display": "Màn hình sảnh",
    "counter_display": "Màn hình quầy",
    "rating": "Máy đánh giá",
}
AGENT = "agent"
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


def check_printer_address(raw: Any, allowed: AllowedNetworks) -> None:
    """Refuse (422) a network printer outside the networks the operator lets the server reach.

    Called before the write transaction: a host name is looked up in DNS.
    """
    printer = raw.get("printer") if isinstance(raw, dict) else None
    if not isinstance(printer, str) or not printer.strip().lower().startswith("tcp:"):
        return
    try:
        check_allowed(printer.strip(), allowed)
    except AddressNotAllowed as error:
        raise fields.invalid(
            "printer",
            "máy chủ không được phép in tới địa chỉ này; người quản trị máy chủ cho phép "
            "các dải mạng trong XEPHANG_PRINTER_NETWORKS",
        ) from error
    except ValueError:
        return  # a malformed URL: _settings() says what is wrong with it


def _profile_width(printer: str) -> int | None:
    """The paper width the printer URL's `profile=` option implies, if any."""
    profile = parse_printer_url(printer).options.get("profile")
    return printer_profile(profile).paper_width if profile else None


def _settings(session: Session, office_id: int, kind: str, raw: Any) -> dict[str, Any]:
    """Checked per-device settings: a kiosk's printer and paper, a display's filters."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise fields.invalid("settings", "cần một đối tượng")
    settings: dict[str, Any] = {}
    if kind == DeviceKind.KIOSK:
        printer = fields.text(raw, "printer", max_length=200, default="") or AGENT
        if printer not in (AGENT, BROWSER):
            try:
                parse_printer_url(printer)
            except ValueError as error:
                raise fields.invalid(
                    "printer", "địa chỉ máy in không hợp lệ (ví dụ tcp://10.0.0.5:9100)"
                ) from error
        settings["printer"] = printer
        profile = fields.text(raw, "printer_profile", max_length=64, default="")
        if profile:
            try:
                settings["printer_profile"] = check_profile(profile)
            except ValueError as error:
                raise fields.invalid(
                    "printer_profile", "mẫu máy in không có trong danh sách của python-escpos"
                ) from error
        # The model says the paper, whether named as the setting or in the printer URL.
        named_width = printer_profile(profile).paper_width if profile else None
        if named_width is None and printer not in (AGENT, BROWSER):
            named_width = _profile_width(printer)
        default_width = named_width or 576
        width = fields.integer(raw, "paper_width", minimum=1, maximum=10_000, default=default_width)
        if width not in PAPER_WIDTHS:
            raise fields.invalid("paper_width", "khổ giấy: 576 (80 mm), 512 hoặc 384 (58 mm)")
        settings["paper_width"] = width
    elif kind == DeviceKind.DISPLAY:
        counters = set(session.scalars(select(Counter.id).where(Counter.office_id == office_id)))
        services = set(session.scalars(select(Service.id).where(Service.office_id == office_id)))
        if raw.get("counter_ids"):
            settings["counter_ids"] = fields.id_list(raw["counter_ids"], "counter_ids", counters)
        if raw.get("service_ids"):
            settings["service_ids"] = fields.id_list(raw["service_ids"], "service_ids", services)
        settings["announce"] = fields.flag(raw, "announce", default=True)
    return settings


def create_device(
    session: Session,
    actor: Actor,
    office_id: int,
    body: dict[str, Any],
    base_url: str,
    *,
    printer_networks: AllowedNetworks,
) -> Outcome:
    """Register a device; the answer carries its token, pairing link and QR code, shown once."""
    check_printer_address(body.get("settings"), printer_networks)
    kind = fields.choice(body, "kind", {str(k) for k in DeviceKind}, default="")
    name = fields.text(body, "name", required=True, max_length=200)
    with write(session):
        office = admin_office(session, actor, office_id)
        counter_id = None
        if kind in (DeviceKind.COUNTER_DISPLAY, DeviceKind.RATING):
            counter_id = fields.integer(body, "counter_id", minimum=1, maximum=2**62, required=True)
            counter = session.get(Counter, counter_id) if counter_id else None
            if counter is None or counter.office_id != office.id:
                raise fields.invalid("counter_id", "chọn một quầy của đơn vị")
        settings = _settings(session, office.id, kind, body.get("settings"))
        token = new_token()
        device = Device(
            kind=DeviceKind(kind),
            office_id=office.id,
            counter_id=counter_id,
            name=name or "",
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
            {"kind": [None, kind], "name": [None, device.name], "settings": [None, settings]},
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
    body: dict[str, Any],
    *,
    printer_networks: AllowedNetworks,
) -> Outcome:
    """Rename a device or change its settings."""
    check_printer_address(body.get("settings"), printer_networks)
    with write(session):
        device = get_or_404(session, Device, device_id, "device")
        admin_office(session, actor, device.office_id)
        before = {"name": device.name, "settings": dict(device.settings or {})}
        if "name" in body:
            device.name = fields.text(body, "name", required=True, max_length=200) or device.name
        if "settings" in body:
            device.settings = _settings(
                session, device.office_id, str(device.kind), body["settings"]
            )
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
