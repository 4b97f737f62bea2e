"""Printing a ticket: what it says, which printer takes it, and the `print_job` payload."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Counter, Device, Office, PrintJob, PrintJobStatus, Ticket
from server.printing.escpos_encode import encode_ticket
from server.printing.printers import AGENT, BROWSER, parse_printer_url
from server.printing.profiles import DEFAULT_PAPER_WIDTH, PAPER_WIDTHS, draws_qr
from server.printing.ticket_layout import (
    DEFAULT_NOTE,
    TITLE,
    TicketContent,
    issued_line,
    people_ahead_line,
    priority_line,
    slot_line,
    wait_line,
)
from server.rules.business_day import local_time, session_name
from server.services.changes import Change
from server.services.presenters import issued_ticket_dict, public_ticket_url, staff_ticket_dict
from server.services.queries import counters_serving
from server.services.queue.priorities import DEFAULT_PRIORITY_LABELS, priority_label
from server.services.settings import QueueSettings

DIRECT_SCHEMES = frozenset({"tcp", "dummy"})  # printers the server itself can reach
RESEND_WINDOW = timedelta(minutes=15)  # older unanswered jobs are not printed on reconnect
MAX_PRINTS_PER_TICKET = 5  # the first print and four reprints

PRIORITY_LABELS = DEFAULT_PRIORITY_LABELS  # of an office that kept the defaults (CLI preview)
PRIORITY_NOTE = "Vui lòng xuất trình giấy tờ tại quầy"


@dataclass(frozen=True)
class PrintDelivery:
    """One job ready to go out: the `print_job` event, and the URL when the server prints it."""

    job_id: int
    ticket_id: int
    device_id: int
    printer_url: str | None  # None: the kiosk's print agent prints
    change: Change

    @property
    def data(self) -> bytes:
        """The ESC/POS bytes of the job."""
        return base64.b64decode(self.change.payload["data"])


def paper_width(device: Device) -> int:
    """The kiosk's paper width in dots (`settings.paper_width`, 576 when unset or unknown)."""
    width = (device.settings or {}).get("paper_width")
    return width if width in PAPER_WIDTHS else DEFAULT_PAPER_WIDTH


def printer_url(device: Device) -> str | None:
    """The printer the server prints to for this kiosk, or None when its print agent prints.

    `settings.printer` is "agent" (or unset) for a printer on the kiosk PC; a `tcp://` network
    printer or a `dummy:` printer (demo, tests) is printed to by the server directly.
    """
    setting = (device.settings or {}).get("printer")
    if not isinstance(setting, str) or setting.strip() in ("", AGENT):
        return None
    try:
        scheme = parse_printer_url(setting).scheme
    except ValueError:
        return None  # a URL only the agent understands, or a typo: leave it to the agent
    return setting.strip() if scheme in DIRECT_SCHEMES else None


def prints_in_browser(device: Device) -> bool:
    """Whether the kiosk page prints its own tickets (`printer: browser:`): no print jobs then."""
    setting = (device.settings or {}).get("printer")
    return isinstance(setting, str) and setting.strip() == BROWSER


def printout_dict(content: TicketContent) -> dict[str, Any]:
    """The ticket's lines in design §6 order, worded as on the thermal ticket, for the page."""
    lines = [] if content.slot_local is None else [slot_line(content.slot_local)]
    lines.append(people_ahead_line(content.people_ahead))
    if content.estimated_wait_minutes is not None:
        lines.append(wait_line(content.estimated_wait_minutes))
    lines.append(issued_line(content.issued_local, content.session_name))
    label = content.priority_label
    return {
        "agency": content.agency,
        "office_lines": list(content.office_lines),
        "title": TITLE,
        "number": content.number,
        "service_name": content.service_name,
        "priority": None if label is None else priority_line(label),
        "counters": content.counters_line,
        "lines": lines,
        "qr_url": content.qr_url,
        "note": content.note,
    }


def browser_printout(
    session: Session, body: dict[str, Any], settings: QueueSettings
) -> dict[str, Any]:
    """The printout of a just-issued ticket (`body` as the kiosk got it) for a printing page."""
    ticket = session.get(Ticket, body["id"])
    assert ticket is not None  # just issued
    return printout_dict(ticket_content(session, ticket, body, settings))


def counters_line(session: Session, ticket: Ticket) -> str | None:
    """ "Quầy 3, 4, 6": the counters that may call this ticket."""
    if ticket.target_counter_id is not None:
        counter = session.get(Counter, ticket.target_counter_id)
        numbers = [counter.number] if counter is not None else []
    else:
        numbers = [counter.number for counter in counters_serving(session, ticket.service_id)]
    if not numbers:
        return None
    return f"Quầy {', '.join(numbers)}"


def ticket_content(
    session: Session, ticket: Ticket, body: dict[str, Any], settings: QueueSettings
) -> TicketContent:
    """Everything printed on a ticket, from the ticket and its JSON (`body`, as the kiosk shows)."""
    office = session.get(Office, ticket.office_id)
    assert office is not None  # foreign key
    issued = local_time(ticket.issued_at, office.timezone)
    lines = tuple(line for line in (office.header_lines or []) if line.strip()) or (office.name,)
    note = DEFAULT_NOTE if ticket.priority is None else f"{PRIORITY_NOTE}. {DEFAULT_NOTE}"
    label = priority_label(session, office.id, ticket.priority) if ticket.priority else None
    return TicketContent(
        office_lines=lines,
        number=ticket.number,
        service_name=str(body["service_name"]),
        priority_label=label,
        counters_line=counters_line(session, ticket),
        people_ahead=int(body["people_ahead"]),
        estimated_wait_minutes=body["estimated_wait_minutes"],
        issued_local=issued,
        session_name=session_name(issued),
        qr_url=public_ticket_url(ticket, settings),
        note=note,
        agency=body.get("agency") or None,
        slot_local=None
        if ticket.slot_start is None
        else local_time(ticket.slot_start, office.timezone),
    )


def ticket_escpos(content: TicketContent, width_dots: int, *, native_qr: bool = False) -> bytes:
    """The ticket as the ESC/POS bytes a printer of that width prints and cuts.

    `native_qr`: the printer draws the QR code itself (its profile says it can).
    """
    # The raster loads Pillow, zxing-cpp and the fonts: a process pays for them on its first print.
    from server.printing.raster import ticket_parts

    return encode_ticket(ticket_parts(content, width_dots, native_qr=native_qr))


def printer_profile(device: Device) -> str | None:
    """The kiosk printer's python-escpos profile: `settings.printer_profile`, else its URL's."""
    profile = (device.settings or {}).get("printer_profile")
    if isinstance(profile, str) and profile:
        return profile
    url = printer_url(device)
    if url is None:
        return None
    try:
        return parse_printer_url(url).options.get("profile") or None
    except ValueError:
        return None


def job_event(event: str, job: PrintJob, office_id: int, **payload: Any) -> Change:
    """A Change meant for the kiosk's device room only (no `seq`: not part of the office stream)."""
    return Change(event=event, office_id=office_id, payload=payload, device_id=job.device_id)


@dataclass(frozen=True)
class PrintWork:
    """A job loaded from the database and ready to render; rendering needs no session."""

    job_id: int
    device_id: int
    office_id: int
    printer_url: str | None
    ticket: dict[str, Any]  # the ticket as the API shows it
    content: TicketContent
    width: int
    native_qr: bool = False

    def render(self) -> bytes:
        """The job's ESC/POS bytes (CPU work: run it off the eventlet hub)."""
        return ticket_escpos(self.content, self.width, native_qr=self.native_qr)


def print_work(session: Session, job: PrintJob, settings: QueueSettings) -> PrintWork:
    """Load what a job prints and where; no drawing yet."""
    ticket = session.get(Ticket, job.ticket_id)
    device = session.get(Device, job.device_id)
    assert ticket is not None and device is not None  # foreign keys
    # The kiosk prints the QR code: its job carries the citizen's key (design §5).
    body = issued_ticket_dict(ticket, settings, staff_ticket_dict(session, ticket, settings))
    content = ticket_content(session, ticket, body, settings)
    return PrintWork(
        job.id,
        device.id,
        ticket.office_id,
        printer_url(device),
        body,
        content,
        paper_width(device),
        draws_qr(printer_profile(device)),
    )


def delivery_of(work: PrintWork, data: bytes) -> PrintDelivery:
    """Wrap a rendered job as the `print_job` event of design §5."""
    payload = {
        "job_id": work.job_id,
        "ticket": work.ticket,
        "format": "escpos",
        "paper_width": work.width,
        "data": base64.b64encode(data).decode("ascii"),
    }
    change = Change("print_job", work.office_id, payload, device_id=work.device_id)
    return PrintDelivery(work.job_id, work.ticket["id"], work.device_id, work.printer_url, change)


def delivery_for(session: Session, job: PrintJob, settings: QueueSettings) -> PrintDelivery:
    """Render a job for its kiosk's paper and wrap it as the `print_job` event of design §5."""
    work = print_work(session, job, settings)
    return delivery_of(work, work.render())


def jobs_by_id(session: Session, job_ids: list[int]) -> list[PrintJob]:
    """Print jobs by id, oldest first."""
    return list(
        session.scalars(select(PrintJob).where(PrintJob.id.in_(job_ids)).order_by(PrintJob.id))
    )


def pending_jobs_of_device(session: Session, device_id: int, now: datetime) -> list[PrintJob]:
    """A kiosk's unanswered jobs young enough that the citizen may still be at the kiosk."""
    return list(
        session.scalars(
            select(PrintJob)
            .where(
                PrintJob.device_id == device_id,
                PrintJob.status == PrintJobStatus.PENDING,
                PrintJob.created_at >= now - RESEND_WINDOW,
            )
            .order_by(PrintJob.id)
        )
    )
