"""Citizens' phones on Socket.IO: they hear about their own ticket and public figures, nothing else.

Senders and receivers:
- connect (phone → server): `auth={"public_token": T}`; joins only the ticket's room and the
  office's public room (never the office room of the staff events); refused for an unknown
  token or an address over PUBLIC_READS_PER_MINUTE.
- public_ticket (server → the ticket's room): the object of GET /api/v1/public/tickets/<T>, on
  connect and whenever that ticket changes.
- public_queue (server → the office's public room): `{office_id, now_serving, waiting}` after
  each queue change; a waiting page refetches its own people ahead and estimate over REST.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from flask import has_app_context
from flask_socketio import emit, join_room

from server.realtime.audience import may_have_listeners
from server.realtime.rooms import office_public_room, public_ticket_room
from server.realtime.socket import socketio
from server.request_context.current import db_session, queue_settings
from server.request_context.rate_limit import over_limit
from server.rules.errors import DomainError
from server.services.changes import Change
from server.services.presenters import public_ticket_dict
from server.services.queue.tickets import ticket_by_public_token
from server.services.screens.public_updates import QUEUE_EVENTS, public_updates

log = logging.getLogger(__name__)

MAX_TOKEN_LENGTH = 64  # real tokens have 24 characters; longer ones are not looked up


def connect_public(public_token: Any) -> bool:
    """Let a phone follow its ticket: join its two public rooms and send `public_ticket`."""
    if over_limit("public_read") is not None:
        log.info("public socket refused: too many requests")
        return False
    if not isinstance(public_token, str) or not 0 < len(public_token) <= MAX_TOKEN_LENGTH:
        return False
    session = db_session()
    try:
        ticket = ticket_by_public_token(session, public_token)
    except DomainError:
        log.info("public socket refused: unknown ticket")
        return False
    join_room(public_ticket_room(ticket.id))
    join_room(office_public_room(ticket.office_id))
    emit("public_ticket", public_ticket_dict(session, ticket, queue_settings()))
    return True


def publish_public(changes: Sequence[Change]) -> None:
    """Push the phones' view of committed changes; never raises (the data is committed)."""
    if not has_app_context() or not any(change.event in QUEUE_EVENTS for change in changes):
        return
    try:
        updates = public_updates(
            db_session(),
            changes,
            queue_settings(),
            ticket_followed=lambda ticket_id: may_have_listeners(public_ticket_room(ticket_id)),
            office_followed=lambda office_id: may_have_listeners(office_public_room(office_id)),
        )
    except Exception:  # a phone heals on its next refetch or reconnect
        log.exception("could not build the public updates")
        return
    for update in updates:
        if update.ticket_id is not None:
            room = public_ticket_room(update.ticket_id)
        else:
            assert update.office_id is not None
            room = office_public_room(update.office_id)
        try:
            socketio.emit(update.event, update.payload, to=room)
        except Exception:  # same as staff events: the data is committed, the push is best effort
            log.exception("could not emit %s to %s", update.event, room)
