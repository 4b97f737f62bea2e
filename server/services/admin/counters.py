"""Administration of counters: number, name and the services each serves, in order of preference."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Counter, CounterService, Device, Service, Ticket, User
from server.rules.errors import DomainError
from server.schemas.admin_setup import CounterChanges, NewCounter
from server.services.actor import Actor
from server.services.admin.audit import record
from server.services.admin.common import admin_office
from server.services.changes import Outcome, setup_outcome
from server.services.queries import counters_of_office, get_or_404


def admin_counter_dict(session: Session, counter: Counter) -> dict[str, Any]:
    """A counter with its services in order and who sits at it."""
    clerk = session.get(User, counter.clerk_id) if counter.clerk_id else None
    names = dict(
        session.execute(
            select(Service.id, Service.prefix + " – " + Service.name).where(
                Service.id.in_(counter.service_ids)
            )
        ).all()
    )
    return {
        "id": counter.id,
        "office_id": counter.office_id,
        "number": counter.number,
        "name": counter.name,
        "status": str(counter.status),
        "service_ids": counter.service_ids,
        "service_names": [names.get(service_id, "") for service_id in counter.service_ids],
        "clerk": {"id": clerk.id, "full_name": clerk.full_name} if clerk else None,
        "deletable": _delete_refusal(session, counter) is None,
    }


def _delete_refusal(session: Session, counter: Counter) -> str | None:
    """Why the counter cannot be deleted (it served, or a screen is paired to it), or None."""
    served = session.scalars(
        select(Ticket.id)
        .where((Ticket.counter_id == counter.id) | (Ticket.target_counter_id == counter.id))
        .limit(1)
    ).first()
    if served is not None:
        return "Quầy đã phục vụ phiếu nên không xóa được; có thể đổi tên quầy"
    active = session.scalars(
        select(Device.name)
        .where(Device.counter_id == counter.id, Device.revoked_at.is_(None))
        .order_by(Device.id)
        .limit(1)
    ).first()
    if active is not None:
        return f"Quầy còn thiết bị {active}; hãy thu hồi thiết bị trước"
    return None


def list_counters(session: Session, actor: Actor, office_id: int) -> list[dict[str, Any]]:
    """The office's counters by number."""
    office = admin_office(session, actor, office_id)
    return [admin_counter_dict(session, c) for c in counters_of_office(session, office.id)]


def _counter_values(
    session: Session, office_id: int, sent: NewCounter | CounterChanges, counter_id: int | None
) -> tuple[dict[str, Any], list[int] | None]:
    """The number and name to store, and the service ids in order when sent.

    A number names one counter of the office, and a counter serves only its office's services.
    """
    values = sent.model_dump(exclude_unset=counter_id is not None, exclude={"service_ids"})
    number = values.get("number")
    if number is not None:
        other = session.scalars(
            select(Counter.id).where(Counter.office_id == office_id, Counter.number == number)
        ).first()
        if other is not None and other != counter_id:
            raise DomainError("invalid_field", f"number: quầy số {number} đã có", 422)
    if counter_id is not None and "service_ids" not in sent.model_fields_set:
        return values, None
    service_ids = sent.service_ids
    allowed = set(session.scalars(select(Service.id).where(Service.office_id == office_id)))
    stranger = next((service_id for service_id in service_ids if service_id not in allowed), None)
    if stranger is not None:
        raise DomainError(
            "invalid_field", f"service_ids: mã {stranger} không thuộc đơn vị này", 422
        )
    return values, service_ids


def _link_services(session: Session, counter: Counter, service_ids: list[int]) -> None:
    """Serve exactly these services, the first most preferred."""
    counter.service_links.clear()
    session.flush()
    for position, service_id in enumerate(service_ids):
        counter.service_links.append(
            CounterService(counter_id=counter.id, service_id=service_id, position=position)
        )
    session.flush()


def create_counter(session: Session, actor: Actor, office_id: int, sent: NewCounter) -> Outcome:
    """Add a counter to an office."""
    with write(session):
        office = admin_office(session, actor, office_id)
        values, service_ids = _counter_values(session, office.id, sent, None)
        counter = Counter(office_id=office.id, **values)
        session.add(counter)
        session.flush()
        _link_services(session, counter, service_ids or [])
        body_after = admin_counter_dict(session, counter)
        record(
            session,
            actor,
            "create",
            "counter",
            counter.id,
            office.id,
            f"Thêm quầy {counter.number} ({office.name})",
            {
                "number": [None, counter.number],
                "name": [None, counter.name],
                "services": [None, ", ".join(body_after["service_names"])],
            },
        )
    return setup_outcome(body_after, office.id)


def update_counter(
    session: Session, actor: Actor, counter_id: int, sent: CounterChanges
) -> Outcome:
    """Renumber or rename a counter, or change its services and their order."""
    with write(session):
        counter = get_or_404(session, Counter, counter_id, "counter")
        admin_office(session, actor, counter.office_id)
        before = admin_counter_dict(session, counter)
        values, service_ids = _counter_values(session, counter.office_id, sent, counter.id)
        for name, value in values.items():
            setattr(counter, name, value)
        if service_ids is not None:
            _link_services(session, counter, service_ids)
        after = admin_counter_dict(session, counter)
        changes = {
            name: [before[name], after[name]]
            for name in ("number", "name")
            if before[name] != after[name]
        }
        if before["service_names"] != after["service_names"]:
            changes["services"] = [
                ", ".join(before["service_names"]),
                ", ".join(after["service_names"]),
            ]
        if changes:
            record(
                session,
                actor,
                "update",
                "counter",
                counter.id,
                counter.office_id,
                f"Sửa quầy {counter.number}",
                changes,
            )
    return setup_outcome(after, counter.office_id)


def delete_counter(session: Session, actor: Actor, counter_id: int) -> Outcome:
    """Remove a counter that never served and has no paired screen."""
    with write(session):
        counter = get_or_404(session, Counter, counter_id, "counter")
        admin_office(session, actor, counter.office_id)
        refusal = _delete_refusal(session, counter)
        if refusal is not None:
            raise DomainError("counter_in_use", refusal, 409)
        devices = list(session.scalars(select(Device).where(Device.counter_id == counter.id)))
        for device in devices:  # revoked screens keep their history without the counter
            device.counter_id = None
        record(
            session,
            actor,
            "delete",
            "counter",
            counter.id,
            counter.office_id,
            f"Xóa quầy {counter.number}",
            {"number": [counter.number, None], "name": [counter.name, None]},
        )
        session.delete(counter)
    return setup_outcome(None, counter.office_id)
