"""The sockets this process holds, and closing those whose credentials no longer hold."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import database
from server.models import ApiToken, Device, User, utcnow
from server.realtime.socket import socketio
from server.services.changes import AccessChange

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Connection:
    """What the server knows about one socket."""

    office_id: int
    device_id: int | None = None
    user_id: int | None = None
    token_hash: str | None = None  # a user's bearer token (None for a browser session)
    session_epoch: int | None = None  # a browser session's epoch (None for a token)
    # The user's office and role when the socket joined its room: a move or a role change
    # may take the room out of the user's scope, so the socket is closed (it reconnects).
    user_office_id: int | None = None
    user_role: str | None = None


_sweeper_lock = threading.Lock()


def connections(app: Flask) -> dict[str, Connection]:
    """The sockets this process holds for an app, by sid."""
    registry: dict[str, Connection] = app.extensions.setdefault("xephang_connections", {})
    return registry


def disconnect_sid(app: Flask, sid: str) -> None:
    """Close one socket of this process."""
    connections(app).pop(sid, None)
    try:
        socketio.server.disconnect(sid)
    except Exception:  # already gone
        log.debug("socket %s was already closed", sid)


def disconnect_device(app: Flask, device_id: int) -> int:
    """Close every socket of a device held by this process; returns how many."""
    sids = [sid for sid, c in list(connections(app).items()) if c.device_id == device_id]
    for sid in sids:
        disconnect_sid(app, sid)
    return len(sids)


def disconnect_user(app: Flask, user_id: int) -> int:
    """Close every socket of a user held by this process (others close on their sweep)."""
    sids = [sid for sid, c in list(connections(app).items()) if c.user_id == user_id]
    for sid in sids:
        disconnect_sid(app, sid)
    return len(sids)


def disconnect_token(app: Flask, token_hash: str) -> int:
    """Close every socket opened with one user token held by this process."""
    sids = [sid for sid, c in list(connections(app).items()) if c.token_hash == token_hash]
    for sid in sids:
        disconnect_sid(app, sid)
    return len(sids)


def recheck_user(app: Flask, user_id: int) -> int:
    """Close at once this process's sockets of a user whose account just changed."""
    stale = stale_sids(app, utcnow(), user_id=user_id)
    for sid in stale:
        disconnect_sid(app, sid)
    return len(stale)


def close_stale_sockets(app: Flask, changes: Sequence[AccessChange]) -> None:
    """After commit: recheck changed users' sockets; close those of revoked devices and tokens."""
    for change in changes:
        if change.user_id is not None and change.signed_out:
            disconnect_user(app, change.user_id)
        elif change.user_id is not None:
            recheck_user(app, change.user_id)
        if change.device_id is not None:
            disconnect_device(app, change.device_id)
        if change.token_hash is not None:
            disconnect_token(app, change.token_hash)


def _user_still_fits(connection: Connection, users: dict[int, tuple[int, int, str]]) -> bool:
    """Whether the socket's user is still active, in the same session epoch, office and role.

    A changed user (disabled, signed out, new password, moved, another role) loses the socket.
    """
    if connection.user_id is None:
        return True
    found = users.get(connection.user_id)
    if found is None:
        return False
    epoch, office_id, role = found
    if connection.session_epoch is not None and connection.session_epoch != epoch:
        return False
    if connection.user_office_id is not None and connection.user_office_id != office_id:
        return False
    return connection.user_role is None or connection.user_role == role


def stale_sids(app: Flask, now: datetime, *, user_id: int | None = None) -> list[str]:
    """Sockets of a revoked device or token, an expired token, or a changed user account."""
    held = {
        sid: c
        for sid, c in list(connections(app).items())
        if user_id is None or c.user_id == user_id
    }
    if not held:
        return []
    with Session(database(app).engine) as session:
        device_ids = {c.device_id for c in held.values() if c.device_id is not None}
        revoked = set(
            session.scalars(
                select(Device.id).where(Device.id.in_(device_ids), Device.revoked_at.is_not(None))
            )
        )
        hashes = {c.token_hash for c in held.values() if c.token_hash}
        valid_hashes = set(
            session.scalars(
                select(ApiToken.token_hash).where(
                    ApiToken.token_hash.in_(hashes),
                    ApiToken.revoked_at.is_(None),
                    ApiToken.expires_at > now,
                )
            )
        )
        user_ids = {c.user_id for c in held.values() if c.user_id is not None}
        users = {
            found_id: (epoch, office_id, str(role))
            for found_id, epoch, office_id, role in session.execute(
                select(User.id, User.session_epoch, User.office_id, User.role).where(
                    User.id.in_(user_ids), User.active.is_(True)
                )
            )
        }
    return [
        sid
        for sid, c in held.items()
        if (c.device_id in revoked)
        or (c.token_hash is not None and c.token_hash not in valid_hashes)
        or not _user_still_fits(c, users)
    ]


def _sweep_forever(app: Flask, interval: float) -> None:
    """Every few seconds, close sockets that lost their right to listen."""
    while True:
        socketio.sleep(interval)
        try:
            with app.app_context():
                for sid in stale_sids(app, utcnow()):
                    log.info("closing socket %s: credentials revoked or expired", sid)
                    disconnect_sid(app, sid)
        except Exception:  # the database may be briefly away; try again next round
            log.exception("socket credential check failed")


def ensure_sweeper(app: Flask) -> None:
    """Start the credential sweeper once per app (SOCKET_RECHECK_SECONDS = 0 turns it off)."""
    interval = float(app.config["SOCKET_RECHECK_SECONDS"])
    with _sweeper_lock:
        if interval <= 0 or app.extensions.get("xephang_sweeper"):
            return
        app.extensions["xephang_sweeper"] = True
    socketio.start_background_task(_sweep_forever, app, interval)
