"""The office's public page (design §12): what a phone can take or book, and why not."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import Channel, Office, Service, Ticket, utcnow
from server.rules.appointments import remote_cap
from server.rules.business_day import business_date
from server.services.queries import get_or_404
from server.services.queue.availability import service_availability


def remote_offer(
    session: Session, office: Office, service: Service, now: datetime
) -> dict[str, Any]:
    """Whether a remote number of the service can be taken now; else the reason."""
    if not (service.active and service.remote_enabled):
        return _no("remote_off", "Lĩnh vực này không cấp số từ xa")
    availability = service_availability(session, office, service, now)
    if not availability.available:
        assert availability.reason is not None
        return _no(str(availability.reason), availability.message)
    cap = remote_cap(service.daily_limit, service.remote_share)
    if cap is not None and remote_issued_today(session, service, office, now) >= cap:
        return _no("remote_share_used", "Đã hết số cấp từ xa trong ngày; mời đến lấy số tại quầy")
    return {"available": True, "reason": None, "message": None}


def _no(reason: str, message: str | None) -> dict[str, Any]:
    return {"available": False, "reason": reason, "message": message}


def remote_issued_today(session: Session, service: Service, office: Office, now: datetime) -> int:
    """Remote numbers the service gave out on the office's current business day."""
    today = business_date(now, office.timezone)
    count = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.service_id == service.id,
            Ticket.business_date == today,
            Ticket.channel == Channel.ONLINE,
        )
    )
    return count or 0


def public_office(session: Session, office_id: int, now: datetime | None = None) -> dict[str, Any]:
    """The office's name and active services, each with its remote and booking offers."""
    office = get_or_404(session, Office, office_id, "office")
    now = now or utcnow()
    services = session.scalars(
        select(Service)
        .where(Service.office_id == office.id, Service.active.is_(True))
        .order_by(Service.sort_order, Service.prefix)
    ).all()
    return {
        "id": office.id,
        "name": office.name,
        "services": [
            {
                "id": service.id,
                "name": service.name,
                "prefix": service.prefix,
                "remote": remote_offer(session, office, service, now),
                "appointments": {
                    "enabled": service.appointments_enabled,
                    "slot_minutes": service.slot_minutes,
                },
            }
            for service in services
        ],
    }
