"""Ticket numbers from a per-service, per-day sequence row, inside the issuing transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from server.models import Service, TicketSequence


def allocate_sequence(session: Session, service: Service, business_date: date) -> int:
    """Reserve the next sequence number; the row stays locked until the transaction ends.

    Never max()+1: one INSERT … ON CONFLICT DO UPDATE … RETURNING on one row serialises
    concurrent issuers, and a rolled-back ticket rolls its number back too: no gaps.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    first_of_day = insert(TicketSequence).values(
        service_id=service.id, business_date=business_date, last_value=service.number_start
    )
    upsert = first_of_day.on_conflict_do_update(
        index_elements=[TicketSequence.service_id, TicketSequence.business_date],
        set_={"last_value": TicketSequence.last_value + 1},
    ).returning(TicketSequence.last_value)
    return int(session.execute(upsert).scalar_one())
