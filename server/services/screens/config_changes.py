"""After an administrative change: a fresh `state` snapshot for every screen of the office.

Screens render `state` as a whole (design §5), so a renamed service, a new counter or a new
notice text reaches kiosks and displays at once, without an event type of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from server.models import Office
from server.services.changes import Change
from server.services.screens.state import build_state
from server.services.settings import QueueSettings


def state_changes(
    session: Session, office_ids: Iterable[int], settings: QueueSettings
) -> list[Change]:
    """The snapshots to push to the offices' rooms (after commit)."""
    changes = []
    for office_id in sorted(set(office_ids)):
        office = session.get(Office, office_id)
        if office is not None:
            changes.append(Change("state", office.id, build_state(session, office, settings)))
    return changes
