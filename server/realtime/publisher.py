"""Push committed changes to screens: the only place staff events are emitted (after commit)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from server.realtime.rooms import device_room, office_room
from server.realtime.socket import socketio
from server.request_context.current import db_session, queue_settings
from server.services.changes import Change, StateRefresh
from server.services.screens.config_changes import state_changes

log = logging.getLogger(__name__)

# python-socketio's Redis manager logs "Cannot publish to redis... giving up" and keeps the
# reason in an `extra` field no formatter shows; the filter below puts it into the line.
QUEUE_LOGGER = "socketio.server"
QUEUE_HINT = "events do not cross server processes until Redis is back; screens then resync"


def emit_changes(changes: Iterable[Change]) -> None:
    """Emit each change to its room; never raises (the change is already committed).

    The phones get their own view of the same changes from `publish_public`, never these.
    """
    for change in changes:
        room = device_room(change.device_id) if change.device_id else office_room(change.office_id)
        try:
            socketio.emit(change.event, change.payload, to=room)
        except Exception:  # a lost push is healed by the client's `sync`; the data is safe
            log.exception("could not emit %s to %s", change.event, room)


def refresh_screens(refreshes: Sequence[StateRefresh]) -> None:
    """Send the screens of offices whose set-up changed a fresh `state`, read after the commit.

    A screen that misses it (the read failed) catches up with its next `sync`.
    """
    session = db_session()
    office_ids = [refresh.office_id for refresh in refreshes]
    try:
        changes = state_changes(session, office_ids, queue_settings())
    except Exception:
        session.rollback()  # a failed snapshot read leaves nothing open behind the reply
        raise
    emit_changes(changes)


class _QueueReason(logging.Filter):
    """Append the message queue's reason (and what it means) to its error lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record once; never drop it."""
        reason = getattr(record, "redis_exception", None)
        if reason is not None and not getattr(record, "xephang_explained", False):
            record.msg = f"{record.getMessage()}: {reason} ({QUEUE_HINT})"
            record.args = ()
            record.xephang_explained = True
        return True


def explain_queue_errors() -> None:
    """Make the message queue's error lines say why and what it means, once each (idempotent).

    Call it after the root logger is configured: python-socketio gives its logger a bare
    handler of its own, which would print every line a second time without a timestamp.
    """
    logger = logging.getLogger(QUEUE_LOGGER)
    if not any(isinstance(f, _QueueReason) for f in logger.filters):
        logger.addFilter(_QueueReason())
    if logging.getLogger().handlers:
        for handler in list(logger.handlers):
            if type(handler) is logging.StreamHandler and handler.formatter is None:
                logger.removeHandler(handler)
