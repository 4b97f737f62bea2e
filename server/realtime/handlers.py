"""Socket.IO connection handlers: authenticate, join rooms, answer `sync` with `state`.

Clients only listen; commands go over REST. Senders and receivers:
- connect (client → server): `auth={"token": ...}` or the browser session; refused when unknown.
- state (server → that client): the office snapshot, on connect and on `sync` (paced per socket:
  syncs merge while one is pending, at most one snapshot per SYNC_INTERVAL_SECONDS; see
  server/realtime/sync_pacing.py).
- a phone connects with `auth={"public_token": ...}`: see server/realtime/public.py.
- print_job (server → a print agent, on connect): its kiosk's unanswered jobs, sent again.
A kiosk's print agent connects with `auth={"token": ..., "client": "print-agent"}`; when it
disconnects, the kiosk's printer counts as offline until the agent reports again. When a kiosk's
screen connects, a printer the server drives for it is checked (server/realtime/printer_watch.py).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask, current_app, request
from flask_socketio import SocketIO, disconnect, emit, join_room

from server.after_commit import after_commit
from server.models import Device, DeviceKind, Office, utcnow
from server.realtime.connections import Connection, connections, ensure_sweeper
from server.realtime.print_dispatch import deliveries
from server.realtime.printer_watch import check_soon, ensure_printer_watch
from server.realtime.public import connect_public
from server.realtime.rooms import counter_room, device_room, office_room
from server.realtime.socket import socketio
from server.realtime.sync_pacing import SyncPacer
from server.request_context.current import db_session, queue_settings
from server.request_context.login_session import login_session_actor
from server.services.accounts.credentials import actor_for_token, hash_token
from server.services.actor import Actor
from server.services.permissions import office_scope
from server.services.printing.print_jobs import mark_agent_gone
from server.services.printing.ticket_print import pending_jobs_of_device, printer_url
from server.services.screens.state import build_state

log = logging.getLogger(__name__)

PRINT_AGENT = "print-agent"  # the `client` a print agent names in its connect auth


def _actor_from(auth: Any) -> Actor | None:
    """The device or user behind the connect request."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        return actor_for_token(db_session(), token)
    return login_session_actor()


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
    if isinstance(auth, dict) and "public_token" in auth:
        return connect_public(auth["public_token"])  # a citizen's phone: its own ticket only
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
    user = actor.user
    connections(app)[request.sid] = Connection(  # type: ignore[attr-defined]
        office_id,
        actor.device_id,
        actor.user_id,
        token_hash,
        session_epoch=user.session_epoch if user is not None and token_hash is None else None,
        user_office_id=user.office_id if user is not None else None,
        user_role=str(user.role) if user is not None else None,
    )
    ensure_sweeper(app)
    _send_state(office_id)
    sync_pacer(app).sent(request.sid, time.monotonic())  # type: ignore[attr-defined]
    if device is not None and _is_print_agent(device, auth):
        print_agents(app)[request.sid] = device.id  # type: ignore[attr-defined]
        _resend_pending_jobs(device)
    elif device is not None and device.kind == DeviceKind.KIOSK:
        ensure_printer_watch(app)
        if printer_url(device) is not None:
            check_soon(app, device.id)  # the kiosk starts: is the printer the server drives there?
    return True


def print_agents(app: Any) -> dict[str, int]:
    """The print agents' sockets this process holds: sid → kiosk device id."""
    registry: dict[str, int] = app.extensions.setdefault("xephang_print_agents", {})
    return registry


def _is_print_agent(device: Device, auth: Any) -> bool:
    """Whether a kiosk's print agent (not its touch screen) is connecting."""
    client = auth.get("client") if isinstance(auth, dict) else None
    return device.kind == DeviceKind.KIOSK and client == PRINT_AGENT


def _resend_pending_jobs(device: Device) -> None:
    """Give a (re)connecting agent the jobs of its kiosk that nobody has answered yet."""
    if printer_url(device) is not None:
        return  # the server prints this kiosk's tickets itself
    try:
        session = db_session()
        for delivery in deliveries(session, pending_jobs_of_device(session, device.id, utcnow())):
            emit("print_job", delivery.change.payload)
    except Exception:  # the agent is connected; its jobs come again on the next connect
        log.exception("could not resend the print jobs of device %s", device.id)


def on_disconnect(*_args: Any) -> None:
    """Forget the socket; a print agent gone means the kiosk's printer is out of reach."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    connections(app).pop(request.sid, None)  # type: ignore[attr-defined]
    sync_pacer(app).forget(request.sid)  # type: ignore[attr-defined]
    device_id = print_agents(app).pop(request.sid, None)  # type: ignore[attr-defined]
    if device_id is None or device_id in print_agents(app).values():
        return
    try:
        outcome = mark_agent_gone(db_session(), device_id)
    except Exception:  # the agent reports its printer again when it reconnects
        log.exception("could not mark the printer of device %s offline", device_id)
        return
    after_commit(current_app).dispatch(outcome)


def on_sync(_data: Any = None) -> None:
    """A client saw a `seq` gap (or reconnected) and asks for a fresh `state`, paced per socket."""
    sid: str = request.sid  # type: ignore[attr-defined]
    if sid not in connections(current_app):
        disconnect()
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    delay = sync_pacer(app).request(sid, time.monotonic())
    if delay is not None:  # None: merged into the snapshot already pending for this socket
        socketio.start_background_task(_deliver_state, app, sid, delay)


def sync_pacer(app: Flask) -> SyncPacer:
    """The pacing of `sync` answers of this process's sockets."""
    pacer: SyncPacer | None = app.extensions.get("xephang_sync_pacer")
    if pacer is None:
        pacer = app.extensions["xephang_sync_pacer"] = SyncPacer(
            float(app.config["SYNC_INTERVAL_SECONDS"])
        )
    return pacer


def _deliver_state(app: Flask, sid: str, delay: float) -> None:
    """Send a socket the snapshot it asked for after `delay`, and any it is owed after that."""
    pacer = sync_pacer(app)
    while True:
        if delay > 0:
            socketio.sleep(delay)
        with app.app_context():
            connection = connections(app).get(sid)
            if connection is None:
                pacer.forget(sid)
                return
            pacer.begin(sid)
            state = _state_or_none(connection.office_id, sid)
        if state is not None:
            # This process holds the socket: no need to go through the message queue.
            socketio.emit("state", state, to=sid, ignore_queue=True)
        next_delay = pacer.finish(sid, time.monotonic())
        if next_delay is None:
            return
        delay = next_delay


def _state_or_none(office_id: int, sid: str) -> dict[str, Any] | None:
    """The office snapshot; None (logged) when it cannot be built right now."""
    try:
        office = db_session().get(Office, office_id)
        return None if office is None else build_state(db_session(), office, queue_settings())
    except Exception:  # the client syncs again on its next gap or reconnect
        log.exception("could not build the state for socket %s", sid)
        return None


def register_handlers(socketio: SocketIO) -> None:
    """Attach the handlers to the Socket.IO server."""
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    socketio.on_event("sync", on_sync)
