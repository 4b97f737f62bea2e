"""The unbound Socket.IO extension; `create_app` binds it."""

from flask_socketio import SocketIO

socketio = SocketIO()
