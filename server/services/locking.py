"""Serialise changes to one office's lines across workers and processes."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.models import Office, Service
from server.rules.errors import DomainError

_LOCK_OFFICE = select(Office).where(Office.id == bindparam("office_id")).with_for_update()
_LOCK_OFFICE_OF_SERVICE = (
    select(Service, Office)
    .join(Office, Office.id == Service.office_id)
    .where(Service.id == bindparam("service_id"))
    .with_for_update(of=Office)
)


def lock_office(session: Session, office_id: int) -> Office:
    """Lock the office row until commit (call it inside `write`, first thing).

    On PostgreSQL two counters calling at once would otherwise both pick the same
    waiting ticket; on SQLite BEGIN IMMEDIATE already serialises writers.
    """
    office = session.scalars(_LOCK_OFFICE, {"office_id": office_id}).first()
    if office is None:
        raise DomainError("office_not_found", "Không tìm thấy đơn vị", 404)
    return office


def lock_office_of_service(session: Session, service_id: int) -> tuple[Service, Office]:
    """Like `lock_office` for the office of a service, loading both in one query (issuing)."""
    row = session.execute(_LOCK_OFFICE_OF_SERVICE, {"service_id": service_id}).first()
    if row is None:
        raise DomainError("service_not_found", "Không tìm thấy lĩnh vực", 404)
    service, office = row
    return service, office
