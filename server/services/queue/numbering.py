"""Ticket numbers from a per-service, per-day sequence row, inside the issuing transaction."""

from __future__ import annotations

import importlib
from datetime import date
from functools import cache
from typing import cast

from sqlalchemy import Table, bindparam
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from server.models import Service, TicketSequence


def allocate_sequence(session: Session, service: Service, business_date: date) -> int:
    """Reserve the next sequence number; the row stays locked until the transaction ends.

    Never max()+1: one INSERT … ON CONFLICT DO UPDATE … RETURNING on one row serialises
    concurrent issuers, and a rolled-back ticket rolls its number back too: no gaps.
    """
    upsert = _upsert_statement(session.get_bind().dialect.name)
    parameters = {
        "service_id": service.id,
        "business_date": business_date,
        "last_value": service.number_start,
    }
    return int(session.execute(upsert, parameters).scalar_one())


@cache
def _upsert_statement(dialect: str) -> ReturningInsert[int]:
    """The upsert for one dialect, built once; on the table, as the ORM has nothing to track.

    The dialect's module is imported here: a SQLite server never loads PostgreSQL's (~2 MB).
    """
    module = "postgresql" if dialect == "postgresql" else "sqlite"
    insert = importlib.import_module(f"sqlalchemy.dialects.{module}").insert
    table = cast(Table, TicketSequence.__table__)  # a declarative class's table is a Table
    first_of_day = insert(table).values(
        service_id=bindparam("service_id"),
        business_date=bindparam("business_date"),
        last_value=bindparam("last_value"),
    )
    return first_of_day.on_conflict_do_update(
        index_elements=[table.c.service_id, table.c.business_date],
        set_={"last_value": table.c.last_value + 1},
    ).returning(table.c.last_value)
