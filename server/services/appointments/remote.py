"""Taking today's number from a phone (lấy số từ xa, design §12): an ordinary online ticket."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Channel, Service, Ticket, TicketStatus, utcnow
from server.rules.appointments import remote_cap
from server.rules.business_day import business_date
from server.rules.errors import DomainError
from server.services.actor import ANONYMOUS
from server.services.appointments.public_office import remote_issued_today
from server.services.changes import Outcome
from server.services.locking import lock_office_of_service
from server.services.presenters import public_ticket_dict
from server.services.queue.tickets import NewTicketFacts, issue_in_locked_office
from server.services.settings import QueueSettings

OPEN_STATUSES = (
    TicketStatus.WAITING,
    TicketStatus.CALLED,
    TicketStatus.SERVING,
    TicketStatus.PARKED,
)


def _unavailable(message: str) -> DomainError:
    return DomainError("remote_unavailable", message, 409)


def take_remote_number(
    session: Session,
    service_id: int,
    settings: QueueSettings,
    *,
    phone: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Give today's next number of a service to a citizen who is not in the lobby.

    Same line, numbering and daily limit as the kiosk; at most `remote_share` percent of the
    daily limit goes out this way, one open remote number per phone and service.
    """
    with write(session):
        service, office = lock_office_of_service(session, service_id)
        now = now or utcnow()
        if not (service.active and service.remote_enabled):
            raise _unavailable("Lĩnh vực này không cấp số từ xa")
        today = business_date(now, office.timezone)
        if phone is not None and _open_number_of(session, service, phone, today):
            raise _unavailable("Số điện thoại này đã có một số đang chờ của lĩnh vực này")
        cap = remote_cap(service.daily_limit, service.remote_share)

        def refuse_over_share(_issued_today: int) -> None:
            if cap is not None and remote_issued_today(session, service, office, now) >= cap:
                raise _unavailable("Đã hết số cấp từ xa trong ngày; mời đến lấy số tại quầy")

        outcome = issue_in_locked_office(
            session,
            ANONYMOUS,
            service,
            office,
            settings,
            now,
            NewTicketFacts(Channel.ONLINE, phone=phone),
            refuse=refuse_over_share,
        )
        assert isinstance(outcome.body, dict)
        ticket = session.get(Ticket, outcome.body["id"])
        assert ticket is not None  # just written
        # The citizen's view (no staff data), as the phone page reads it.
        outcome.body = public_ticket_dict(session, ticket, settings)
    return outcome


def _open_number_of(session: Session, service: Service, phone: str, today: date) -> bool:
    found = session.scalar(
        select(Ticket.id).where(
            Ticket.service_id == service.id,
            Ticket.business_date == today,
            Ticket.phone == phone,
            Ticket.channel == Channel.ONLINE,
            Ticket.status.in_(OPEN_STATUSES),
        )
    )
    return found is not None
