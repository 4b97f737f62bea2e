"""Whether an emit to a room could reach anyone, so nobody builds a payload no one receives."""

from __future__ import annotations

from socketio.pubsub_manager import PubSubManager

from server.realtime.socket import socketio

NAMESPACE = "/"


def may_have_listeners(room: str) -> bool:
    """True unless this process is the only one and nobody in it has joined the room.

    With a message queue (several processes), a listener may sit on another process, so the
    answer is always yes. A socket that joins after the check still gets its data: screens
    receive `state` on connect, phones their ticket, print agents their pending jobs.
    """
    server = getattr(socketio, "server", None)
    if server is None:  # not bound to an app (a script, or a test without Socket.IO)
        return True
    manager = server.manager
    if isinstance(manager, PubSubManager):
        return True
    # `rooms[namespace][room]` maps the sockets in the room; python-socketio drops empty rooms.
    members = manager.rooms.get(NAMESPACE, {}).get(room)
    return bool(members)
