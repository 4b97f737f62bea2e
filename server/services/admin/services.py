"""Administration of services: numbering prefix, names, agency, limits, SLA and own hours."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Counter, CounterService, Service, ServiceSession, Ticket
from server.rules.errors import DomainError
from server.rules.natural_order import natural_key
from server.schemas.admin_calendar import WEEKDAY_NAMES, WorkingSessionSent
from server.schemas.admin_setup import NewService, ServiceChanges
from server.schemas.fields import clock_text
from server.services.actor import Actor
from server.services.admin.audit import differences, record
from server.services.admin.common import admin_office, assign, snapshot
from server.services.changes import Outcome, setup_outcome
from server.services.presenters import service_dict
from server.services.queries import counters_serving, get_or_404, services_of_office

# Design §12: what a phone may take or book, set per service.
REMOTE_AND_APPOINTMENT_FIELDS = (
    "remote_enabled",
    "remote_share",
    "notify_ahead",
    "appointments_enabled",
    "slot_minutes",
    "slot_capacity",
    "booking_days",
)

SERVICE_FIELDS = (
    "prefix",
    "name",
    "name_en",
    "field",
    "agency",
    "audience",
    "active",
    "daily_limit",
    "cutoff_minutes",
    "target_wait_minutes",
    "max_wait_minutes",
    "default_service_minutes",
    "number_start",
    "number_width",
    "sort_order",
    *REMOTE_AND_APPOINTMENT_FIELDS,
)


def admin_service_dict(session: Session, service: Service) -> dict[str, Any]:
    """Every editable field of a service, its own hours and the counters serving it."""
    hours = _hours(session, service.id)
    return {
        **service_dict(service),
        "agency": service.agency,
        "cutoff_minutes": service.cutoff_minutes,
        "max_wait_minutes": service.max_wait_minutes,
        "default_service_minutes": service.default_service_minutes,
        "number_start": service.number_start,
        "number_width": service.number_width,
        "sort_order": service.sort_order,
        "hours": hours,
        "counter_numbers": sorted(
            (counter.number for counter in counters_serving(session, service.id)),
            key=natural_key,
        ),
        **{name: getattr(service, name) for name in REMOTE_AND_APPOINTMENT_FIELDS},
        "deletable": _delete_refusal(session, service) is None,
    }


def _delete_refusal(session: Session, service: Service) -> str | None:
    """Why the service cannot be deleted (it issued or received a ticket), or None."""
    used = session.scalars(
        select(Ticket.id)
        .where(
            (Ticket.service_id == service.id) | (Ticket.transferred_from_service_id == service.id)
        )
        .limit(1)
    ).first()
    if used is None:
        return None
    return "Lĩnh vực đã có phiếu nên không xóa được; hãy tạm ngừng lĩnh vực (bỏ chọn Hoạt động)"


def _hours(session: Session, service_id: int) -> list[dict[str, Any]]:
    """A service's own working sessions (empty: it follows its office)."""
    rows = session.scalars(
        select(ServiceSession)
        .where(ServiceSession.service_id == service_id)
        .order_by(ServiceSession.weekday, ServiceSession.start_minute)
    )
    return [
        {
            "weekday": row.weekday,
            "start": clock_text(row.start_minute),
            "end": clock_text(row.end_minute),
            "name": row.name,
        }
        for row in rows
    ]


def _check_prefix_free(
    session: Session, office_id: int, prefix: str, service_id: int | None
) -> None:
    """A prefix names one service of an office."""
    other = session.scalars(
        select(Service).where(Service.office_id == office_id, Service.prefix == prefix)
    ).first()
    if other is not None and other.id != service_id:
        raise DomainError(
            "invalid_field", f"prefix: ký hiệu {prefix} đã dùng cho lĩnh vực {other.name}", 422
        )


def list_services(session: Session, actor: Actor, office_id: int) -> list[dict[str, Any]]:
    """All services of an office, inactive ones too."""
    office = admin_office(session, actor, office_id)
    return [admin_service_dict(session, s) for s in services_of_office(session, office.id)]


def create_service(session: Session, actor: Actor, office_id: int, sent: NewService) -> Outcome:
    """Add a service to an office."""
    values = sent.model_dump(exclude={"hours"})
    with write(session):
        office = admin_office(session, actor, office_id)
        _check_prefix_free(session, office.id, sent.prefix, None)
        if "sort_order" not in sent.model_fields_set:  # a new service goes last on the kiosk
            last = session.scalar(
                select(func.max(Service.sort_order)).where(Service.office_id == office.id)
            )
            values["sort_order"] = (last or 0) + 1
        service = Service(office_id=office.id, **values)
        session.add(service)
        session.flush()
        _store_hours(session, service.id, sent.hours)
        record(
            session,
            actor,
            "create",
            "service",
            service.id,
            office.id,
            f"Thêm lĩnh vực {service.prefix} – {service.name} ({office.name})",
            differences({}, snapshot(service, SERVICE_FIELDS)),
        )
    return setup_outcome(admin_service_dict(session, service), office.id)


def update_service(
    session: Session, actor: Actor, service_id: int, sent: ServiceChanges
) -> Outcome:
    """Change a service's fields and, when `hours` is sent, its own working hours."""
    values = sent.model_dump(exclude_unset=True, exclude={"hours"})
    hours = sent.hours if "hours" in sent.model_fields_set else None
    with write(session):
        service = get_or_404(session, Service, service_id, "service")
        admin_office(session, actor, service.office_id)
        if "prefix" in values:
            _check_prefix_free(session, service.office_id, values["prefix"], service.id)
        before = snapshot(service, SERVICE_FIELDS)
        hours_before = _hours(session, service.id)
        assign(service, values)
        changes = differences(before, snapshot(service, SERVICE_FIELDS))
        if hours is not None:
            _store_hours(session, service.id, hours)
            hours_after = _hours(session, service.id)
            if hours_after != hours_before:
                changes["hours"] = [_hours_text(hours_before), _hours_text(hours_after)]
        if changes:
            record(
                session,
                actor,
                "update",
                "service",
                service.id,
                service.office_id,
                f"Sửa lĩnh vực {service.prefix} – {service.name}",
                changes,
            )
    return setup_outcome(admin_service_dict(session, service), service.office_id)


def _store_hours(session: Session, service_id: int, hours: list[WorkingSessionSent]) -> None:
    """Replace a service's own working sessions."""
    for row in session.scalars(
        select(ServiceSession).where(ServiceSession.service_id == service_id)
    ):
        session.delete(row)
    session.flush()
    for working in hours:
        session.add(
            ServiceSession(
                service_id=service_id,
                weekday=working.weekday,
                start_minute=working.start,
                end_minute=working.end,
                name=working.name,
            )
        )
    session.flush()


def _hours_text(hours: list[dict[str, Any]]) -> str:
    """Hours for the audit log."""
    if not hours:
        return "theo giờ làm việc của đơn vị"
    return "; ".join(
        f"{WEEKDAY_NAMES[item['weekday']]} {item['start']}–{item['end']}" for item in hours
    )


def delete_service(session: Session, actor: Actor, service_id: int) -> Outcome:
    """Remove a service that never issued a ticket (otherwise deactivate it)."""
    with write(session):
        service = get_or_404(session, Service, service_id, "service")
        admin_office(session, actor, service.office_id)
        refusal = _delete_refusal(session, service)
        if refusal is not None:
            raise DomainError("service_in_use", refusal, 409)
        serving = (
            select(Counter).join(CounterService).where(CounterService.service_id == service.id)
        )
        for counter in session.scalars(serving):  # keep loaded counters' service lists true
            counter.service_links[:] = [
                link for link in counter.service_links if link.service_id != service.id
            ]
        _store_hours(session, service.id, [])
        record(
            session,
            actor,
            "delete",
            "service",
            service.id,
            service.office_id,
            f"Xóa lĩnh vực {service.prefix} – {service.name}",
            differences(snapshot(service, SERVICE_FIELDS), {}),
        )
        session.delete(service)
    return setup_outcome(None, service.office_id)
