"""Print jobs and kiosk printers: results, reprints, and each kiosk's printer state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Device, DeviceKind, PrintJob, PrintJobStatus, Ticket, TicketStatus, utcnow
from server.models.enums import PrinterStatus
from server.printing.allowed_networks import (
    DEFAULT_PRINTER_NETWORKS,
    AddressNotAllowed,
    AllowedNetworks,
)
from server.printing.printers import AGENT, BROWSER, check_allowed, parse_printer_url
from server.printing.profiles import PAPER_WIDTHS, check_profile, printer_profile
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.changes import Change, Outcome, PrintOrder
from server.services.permissions import forbidden, require_staff
from server.services.presenters import iso
from server.services.printing.ticket_print import (
    MAX_PRINTS_PER_TICKET,
    job_event,
    printer_url,
    prints_in_browser,
)
from server.services.queries import get_or_404

PRINTER_STATUS_MESSAGES: dict[str, str | None] = {
    PrinterStatus.OK: None,
    PrinterStatus.PAPER_NEAR_END: "Máy in sắp hết giấy",
    PrinterStatus.PAPER_OUT: "Máy in hết giấy",
    PrinterStatus.OFFLINE: "Máy in không kết nối",
    PrinterStatus.COVER_OPEN: "Nắp máy in đang mở",
    PrinterStatus.ERROR: "Máy in gặp lỗi",
}
# Printer states staff are warned of while tickets still print; any other state but "ok" stops them.
PRINTER_WARNINGS = frozenset({"paper_near_end"})
FAILED_MESSAGE = "Không in được phiếu"
REPRINTABLE = frozenset(
    {TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.PARKED}
)


def print_job_dict(job: PrintJob) -> dict[str, Any]:
    """A print job as the API returns it."""
    return {
        "id": job.id,
        "ticket_id": job.ticket_id,
        "device_id": job.device_id,
        "status": str(job.status),
        "reason": job.reason,
        "message": failure_message(job.reason) if job.status == PrintJobStatus.FAILED else None,
        "attempts": job.attempts,
        "updated_at": job.updated_at.isoformat(),
    }


def failure_message(reason: str | None) -> str:
    """What the kiosk says when a job failed for `reason`."""
    return PRINTER_STATUS_MESSAGES.get(reason or "") or FAILED_MESSAGE


def printer_level(status: str | None) -> str | None:
    """What a printer state means to staff: "alert" (no ticket prints), "warning", or None."""
    if status in (None, "ok"):
        return None
    return "warning" if status in PRINTER_WARNINGS else "alert"


def printer_status_dict(device: Device) -> dict[str, Any]:
    """The `printer_status` event and API body: a kiosk's printer state and its wording."""
    status = device.printer_status
    return {
        "device_id": device.id,
        "status": status,
        "message": PRINTER_STATUS_MESSAGES.get(status or "ok"),
        "at": iso(device.printer_status_at),
    }


def _set_printer_status(device: Device, status: PrinterStatus, now: datetime) -> Change | None:
    """Store the state; a Change for the kiosk's room when it differs from what it was."""
    changed = device.printer_status != status
    device.printer_status = status
    device.printer_status_at = now
    if not changed:
        return None
    return Change(
        "printer_status", device.office_id, printer_status_dict(device), device_id=device.id
    )


def _apply_result(
    session: Session, job: PrintJob, status: PrintJobStatus, reason: str | None, now: datetime
) -> Outcome:
    """Record a printed or failed job and the printer state it reveals (no commit)."""
    job.status = status
    job.reason = reason if status == PrintJobStatus.FAILED else None
    job.attempts += 1
    job.updated_at = now
    device = session.get(Device, job.device_id)
    assert device is not None  # foreign key
    if status == PrintJobStatus.PRINTED:
        # It printed, so the printer works; a "paper near end" warning still holds.
        near_end = device.printer_status == PrinterStatus.PAPER_NEAR_END
        printer = PrinterStatus.PAPER_NEAR_END if near_end else PrinterStatus.OK
    else:
        known = reason in PRINTER_STATUS_MESSAGES
        printer = PrinterStatus(str(reason)) if known else PrinterStatus.ERROR
    ticket = session.get(Ticket, job.ticket_id)
    assert ticket is not None  # foreign key
    body = print_job_dict(job)
    changes = [job_event("print_job_updated", job, ticket.office_id, **body)]
    status_change = _set_printer_status(device, printer, now)
    if status_change is not None:
        changes.append(status_change)
    return Outcome(body, changes)


def _store_result(
    session: Session, job: PrintJob, status: PrintJobStatus, reason: str | None, now: datetime
) -> Outcome:
    """Record a printed or failed job and the printer state it reveals, in one unit of work."""
    with write(session):
        session.refresh(job)
        return _apply_result(session, job, status, reason, now)


def _failure_reason(status: PrintJobStatus, reason: str | None) -> str | None:
    """Why a job failed: a failure reported without a reason is an `error`."""
    if status == PrintJobStatus.FAILED and reason is None:
        return PrinterStatus.ERROR
    return reason


def record_print_result(
    session: Session,
    actor: Actor,
    job_id: int,
    status: PrintJobStatus,
    reason: str | None = None,
    *,
    now: datetime | None = None,
) -> Outcome:
    """Store the print agent's answer (printed or failed); the kiosk's printer state follows it."""
    job = get_or_404(session, PrintJob, job_id, "print_job")
    if actor.device is None or actor.device.id != job.device_id:
        raise DomainError("forbidden", "Lệnh in này thuộc máy cấp số khác", 403)
    return _store_result(session, job, status, _failure_reason(status, reason), now or utcnow())


def record_direct_results(
    session: Session,
    results: list[tuple[int, str, str | None]],
    *,
    now: datetime | None = None,
) -> list[Change]:
    """Store the results (job id, status, reason) of jobs the server printed, in one commit."""
    checked = [
        (job_id, PrintJobStatus(status), _failure_reason(PrintJobStatus(status), reason))
        for job_id, status, reason in results
    ]
    now = now or utcnow()
    with write(session):
        changes: list[Change] = []
        for job_id, status, reason in checked:
            job = session.get(PrintJob, job_id)
            if job is None:
                continue  # gone with its ticket meanwhile; nothing to record
            session.refresh(job)
            changes += _apply_result(session, job, status, reason, now).changes
    return changes


def _kiosk_of(actor: Actor) -> Device:
    """The calling kiosk device, or 403."""
    if actor.device is None or actor.device.kind != DeviceKind.KIOSK:
        raise forbidden("Chỉ máy cấp số (kiosk) và trình in của nó được báo trạng thái máy in")
    return actor.device


def report_printer_status(
    session: Session, actor: Actor, status: PrinterStatus, *, now: datetime | None = None
) -> Outcome:
    """The print agent tells how the kiosk's printer is (checked periodically and on change)."""
    device = _kiosk_of(actor)
    with write(session):
        session.refresh(device)
        change = _set_printer_status(device, status, now or utcnow())
        body = printer_status_dict(device)
    return Outcome(body, [change] if change else [])


def server_printed_kiosks(session: Session) -> list[tuple[int, str]]:
    """The kiosks whose printer the server drives itself (a network or dummy printer): id, URL."""
    kiosks = session.scalars(
        select(Device)
        .where(Device.kind == DeviceKind.KIOSK, Device.revoked_at.is_(None))
        .order_by(Device.id)
    )
    found = [(kiosk.id, printer_url(kiosk)) for kiosk in kiosks]
    return [(device_id, url) for device_id, url in found if url is not None]


def record_printer_checks(
    session: Session, results: list[tuple[int, str]], *, now: datetime | None = None
) -> list[Change]:
    """Store what the server's own check of kiosk printers found (device id, status), one commit.

    The check asks a printer nobody printed on lately, so a dead one is known before the first
    citizen's ticket; its time is the kiosk's last contact with its printer.
    """
    now = now or utcnow()
    changes: list[Change] = []
    with write(session):
        for device_id, status in results:
            device = session.get(Device, device_id)
            if device is None or device.revoked_at is not None:
                continue
            session.refresh(device)
            known = status in set(PrinterStatus)
            change = _set_printer_status(
                device, PrinterStatus(status) if known else PrinterStatus.ERROR, now
            )
            if change is not None:
                changes.append(change)
    return changes


def mark_agent_gone(session: Session, device_id: int, *, now: datetime | None = None) -> Outcome:
    """The kiosk's print agent disconnected: its printer cannot be reached until it is back."""
    with write(session):
        device = session.get(Device, device_id)
        if device is None:
            return Outcome(None)
        session.refresh(device)
        change = _set_printer_status(device, PrinterStatus.OFFLINE, now or utcnow())
    return Outcome(printer_status_dict(device), [change] if change else [])


def print_device_for(
    session: Session, actor: Actor, office_id: int, print_device_id: int | None
) -> Device | None:
    """The kiosk that prints a new ticket: the issuing kiosk, or one chosen at reception."""
    if actor.device is not None:
        if print_device_id not in (None, actor.device.id):
            raise DomainError("invalid_field", "print_device_id: máy cấp số chỉ in ở máy mình", 422)
        return actor.device if actor.device.kind == DeviceKind.KIOSK else None
    if print_device_id is None:
        return None
    device = session.get(Device, print_device_id) if print_device_id >= 1 else None
    valid = (
        device is not None
        and device.kind == DeviceKind.KIOSK
        and device.office_id == office_id
        and device.revoked_at is None
    )
    if not valid:
        raise DomainError(
            "invalid_field", "print_device_id: không phải máy cấp số của đơn vị này", 422
        )
    assert device is not None  # checked above
    if prints_in_browser(device):
        raise DomainError(
            "invalid_field",
            "print_device_id: máy cấp số này tự in bằng trình duyệt, không in hộ được",
            422,
        )
    return device


def reprint_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    print_device_id: int | None = None,
    *,
    now: datetime | None = None,
) -> Outcome:
    """A new print job for a ticket: by the kiosk that issued it, or by staff on a chosen kiosk."""
    now = now or utcnow()
    ticket = get_or_404(session, Ticket, ticket_id, "ticket")
    if actor.device is not None:
        if actor.device.id != ticket.issued_by_device_id:
            raise forbidden("Chỉ máy cấp số đã cấp phiếu này được in lại")
    else:
        require_staff(session, actor, ticket.office_id)
        if print_device_id is None:
            raise DomainError("missing_field", "Thiếu trường print_device_id", 422)
    device = print_device_for(session, actor, ticket.office_id, print_device_id)
    assert device is not None  # a kiosk actor, or a checked print_device_id
    if prints_in_browser(device):
        raise DomainError(
            "printed_in_browser", "Máy cấp số này in lại phiếu ngay trên trình duyệt", 409
        )
    with write(session):
        session.refresh(ticket)
        if ticket.status not in REPRINTABLE:
            raise DomainError("ticket_closed", "Phiếu đã kết thúc, không in lại được", 409)
        printed = session.scalar(
            select(func.count()).select_from(PrintJob).where(PrintJob.ticket_id == ticket.id)
        )
        if (printed or 0) >= MAX_PRINTS_PER_TICKET:
            raise DomainError("reprint_limit", "Phiếu này đã được in lại quá nhiều lần", 409)
        job = PrintJob(ticket_id=ticket.id, device_id=device.id, created_at=now, updated_at=now)
        session.add(job)
    return Outcome(print_job_dict(job), print_orders=[PrintOrder(job.id, device.id)])


def set_kiosk_printer(
    session: Session,
    device_id: int,
    printer: str | None,
    paper_width: int | None,
    profile: str | None = None,
    *,
    printer_networks: AllowedNetworks | None = None,
) -> Device:
    """Set who prints a kiosk's tickets (`agent`, `browser:` or a printer URL), its paper and model.

    `profile` is the printer's python-escpos profile name ("" forgets it): a model that draws QR
    codes itself gets them as a command instead of a picture. The model (`profile`, or a
    `profile=` option in the URL) sets the paper width when none is given. Printer addresses
    must lie in `printer_networks` (default: the private LAN ranges).
    """
    device = get_or_404(session, Device, device_id, "device")
    if device.kind != DeviceKind.KIOSK:
        raise DomainError("invalid_field", "Chỉ máy cấp số (kiosk) có máy in", 422)
    if printer is not None and printer not in (AGENT, BROWSER):
        try:
            check_allowed(
                printer, printer_networks or AllowedNetworks.parse(DEFAULT_PRINTER_NETWORKS)
            )
            url_profile = parse_printer_url(printer).options.get("profile")
        except ValueError as error:
            raise DomainError("invalid_field", f"printer: {error}", 422) from error
        except AddressNotAllowed as error:
            message = f"printer: {error}; allow its network in XEPHANG_PRINTER_NETWORKS"
            raise DomainError("invalid_field", message, 422) from error
        if paper_width is None and url_profile:
            paper_width = printer_profile(url_profile).paper_width
    if profile:
        try:
            profile = check_profile(profile)
        except ValueError as error:
            raise DomainError("invalid_field", f"printer_profile: {error}", 422) from error
        if paper_width is None:  # the model says the paper, as a URL's profile= does
            paper_width = printer_profile(profile).paper_width
    if paper_width is not None and paper_width not in PAPER_WIDTHS:
        allowed = ", ".join(str(width) for width in PAPER_WIDTHS)
        raise DomainError("invalid_field", f"paper_width: phải là một trong {allowed}", 422)
    with write(session):
        session.refresh(device)
        settings = dict(device.settings or {})
        if printer is not None:
            settings["printer"] = printer
        if paper_width is not None:
            settings["paper_width"] = paper_width
        if profile is not None:
            settings["printer_profile"] = profile
            if not profile:
                del settings["printer_profile"]
        device.settings = settings
    return device
