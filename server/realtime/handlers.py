"""Socket.IO connection handlers: authenticate, join rooms, answer `sync` with `state`.

Clients only listen; commands go over REST. Senders and receivers:
- connect (client → server): `auth={"token": ...}` or the browser session; refused when unknown.
- state (server → that client): the office snapshot, on connect and on `sync`.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, request, session
from flask_socketio import SocketIO, disconnect, emit, join_room

from server.api.context import db_session, queue_settings
from server.models import Office
from server.realtime.connections import Connection, connections, ensure_sweeper
from server.realtime.rooms import counter_room, device_room, office_room
from server.services.actor import Actor
from server.services.auth import actor_for_token, actor_for_user_id, hash_token
from server.services.permissions import office_scope
from server.services.state import build_state

log = logging.getLogger(__name__)


def _actor_from(auth: Any) -> Actor | None:
    """The device or user behind the connect request."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        return actor_for_token(db_session(), token)
    if "user_id" in session:
        return actor_for_user_id(db_session(), int(session["user_id"]))
    return None


def _office_for(actor: Actor, auth: Any) -> int | None:
    """The office room to join: the device's, or one the user asked for within scope."""
    if actor.device is not None:
        return actor.device.office_id
    assert actor.user is not None
    wanted = auth.get("office_id") if isinstance(auth, dict) else None
    if wanted is None:
        return actor.user.office_id
    if isinstance(wanted, int) and wanted in office_scope(db_session(), actor):
        return wanted
    return None


def _send_state(office_id: int) -> None:
    """Emit the snapshot to the requesting client only."""
    office = db_session().get(Office, office_id)
    if office is not None:
        emit("state", build_state(db_session(), office, queue_settings()))


def on_connect(auth: Any = None) -> bool:
    """Place the client in its rooms and send `state`; refuse unknown or expired credentials."""
    actor = _actor_from(auth)
    if actor is None:
        log.info("socket refused: no valid token")
        return False
    office_id = _office_for(actor, auth)
    if office_id is None:
        return False
    join_room(office_room(office_id))
    device = actor.device
    if device is not None:
        join_room(device_room(device.id))
        if device.counter_id is not None:
            join_room(counter_room(device.counter_id))
    token = auth.get("token") if isinstance(auth, dict) else None
    token_hash = hash_token(token) if actor.user is not None and isinstance(token, str) else None
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    connections(app)[request.sid] = Connection(  # type: ignore[attr-defined]
        office_id, actor.device_id, actor.user_id, token_hash
    )
    ensure_sweeper(app)
    _send_state(office_id)
    return True


def on_disconnect(*_args: Any) -> None:
    """Forget the socket."""
    connections(current_app).pop(request.sid, None)  # type: ignore[attr-defined]


def on_sync(_data: Any = None) -> None:
    """A client saw a `seq` gap (or reconnected) and asks for a fresh `state`."""
    connection = connections(current_app).get(request.sid)  # type: ignore[attr-defined]
    if connection is None:
        disconnect()
        return
    _send_state(connection.office_id)


def register_handlers(socketio: SocketIO) -> None:
    """Attach the handlers to the Socket.IO server."""
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    socketio.on_event("sync", on_sync)
