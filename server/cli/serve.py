"""Serving the app: eventlet in production (patched by server.entry), or threads."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from types import FrameType

from flask import Flask

from server.realtime.publisher import explain_queue_errors
from server.realtime.socket import socketio

log = logging.getLogger("xephang")


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into a clean exit (systemd stops services with SIGTERM)."""

    def handle(_signum: int, _frame: FrameType | None) -> None:
        log.info("SIGTERM received, stopping")
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, handle)


def serve(app: Flask, host: str, port: int) -> None:
    """Run the Socket.IO server until stopped; one log line per request."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    explain_queue_errors()
    mode = app.config["ASYNC_MODE"]
    if mode == "eventlet" and "eventlet" not in sys.modules:
        raise SystemExit(
            "eventlet mode must be started through the `xephang` command (server.entry)"
        )
    _stop_on_sigterm()
    # FlaskGroup sets this, and Flask then refuses to start its own server (threading mode).
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    log.info("xephang serving on http://%s:%s (%s)", host, port, mode)
    with contextlib.suppress(SystemExit, KeyboardInterrupt):
        socketio.run(
            app,
            host=host,
            port=port,
            log_output=app.config["LOG_REQUESTS"],
            use_reloader=False,
            allow_unsafe_werkzeug=True,
        )
    log.info("xephang stopped")
