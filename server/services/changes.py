"""Changes a service made, pushed to screens after commit; and the per-office event counter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from server.models import Office
from server.notifications.messages import Message


@dataclass(frozen=True)
class Change:
    """One realtime event: its name, the office room it goes to, and the payload (with `seq`)."""

    event: str
    office_id: int
    payload: dict[str, Any]
    counter_id: int | None = None
    device_id: int | None = None  # set for events meant for one device only (print jobs)


@dataclass(frozen=True)
class PrintOrder:
    """A print job the service stored, to render and send after commit, and the kiosk it is for."""

    job_id: int
    device_id: int


@dataclass(frozen=True)
class StateRefresh:
    """An office whose set-up changed: its screens get a fresh `state` snapshot after commit."""

    office_id: int


@dataclass(frozen=True)
class AccessChange:
    """An account changed, a device or one token was revoked: sockets that no longer fit close.

    `signed_out` closes all of the user's sockets at once (a logout), without rechecking them.
    """

    user_id: int | None = None
    device_id: int | None = None
    token_hash: str | None = None
    signed_out: bool = False


@dataclass
class Outcome:
    """What a command returns: the reply body, and what the after-commit subscribers get."""

    body: dict[str, Any] | list[dict[str, Any]] | None
    changes: list[Change] = field(default_factory=list)
    print_orders: list[PrintOrder] = field(default_factory=list)
    refreshes: list[StateRefresh] = field(default_factory=list)
    access: list[AccessChange] = field(default_factory=list)
    # Messages to citizens (booking confirmed…), queued for sending once committed.
    notices: list[Message] = field(default_factory=list)


def setup_outcome(body: dict[str, Any] | list[dict[str, Any]] | None, office_id: int) -> Outcome:
    """A set-up command's outcome: its body, and a fresh `state` for the office's screens."""
    return Outcome(body, refreshes=[StateRefresh(office_id)])


# On the table, not the mapped class: no ORM bookkeeping (nothing reads `Office.event_seq`
# from a loaded object; snapshots query it), and built once, as every change runs it.
_offices = cast(Table, Office.__table__)  # a declarative class's table is a Table
_NEXT_SEQ = (
    update(_offices)
    .where(_offices.c.id == bindparam("office_id"))
    .values(event_seq=_offices.c.event_seq + 1)
    .returning(_offices.c.event_seq)
)


def next_seq(session: Session, office_id: int) -> int:
    """Take the office's next event number inside the current write transaction."""
    seq = session.execute(_NEXT_SEQ, {"office_id": office_id}).scalar_one()
    return int(seq)


def current_seq(session: Session, office_id: int) -> int:
    """The office's last event number (for snapshots)."""
    return int(session.execute(select(Office.event_seq).where(Office.id == office_id)).scalar_one())


def change(session: Session, event: str, office_id: int, **payload: Any) -> Change:
    """Build a Change with a fresh `seq` for the office."""
    counter = payload.get("counter")
    counter_id = counter["id"] if isinstance(counter, dict) else None
    ticket = payload.get("ticket")
    if counter_id is None and isinstance(ticket, dict):
        counter_id = ticket.get("counter_id")
    body = {"seq": next_seq(session, office_id), "office_id": office_id, **payload}
    return Change(event=event, office_id=office_id, payload=body, counter_id=counter_id)
