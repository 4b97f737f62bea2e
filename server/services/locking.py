"""Serialise changes to one office's lines across workers and processes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import begin_write
from server.models import Office
from server.rules.errors import DomainError


def lock_office(session: Session, office_id: int) -> Office:
    """Begin the write transaction and lock the office row until commit.

    On PostgreSQL two counters calling at once would otherwise both pick the same
    waiting ticket; on SQLite BEGIN IMMEDIATE already serialises writers.
    """
    begin_write(session)
    office = session.scalars(select(Office).where(Office.id == office_id).with_for_update()).first()
    if office is None:
        raise DomainError("office_not_found", "Không tìm thấy đơn vị", 404)
    return office
