"""Push committed changes to screens: the only place events are emitted."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from server.realtime.public import publish_public
from server.realtime.rooms import device_room, office_room
from server.realtime.socket import socketio
from server.services.changes import Change

log = logging.getLogger(__name__)


def publish(changes: Iterable[Change]) -> None:
    """Emit each change to its room; never raises (the change is already committed)."""
    batch = list(changes)
    for change in batch:
        room = device_room(change.device_id) if change.device_id else office_room(change.office_id)
        try:
            socketio.emit(change.event, change.payload, to=room)
        except Exception:  # a lost push is healed by the client's `sync`; the data is safe
            log.exception("could not emit %s to %s", change.event, room)
    publish_public(batch)  # the phones get their own view, never the staff events
