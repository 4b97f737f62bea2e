"""Serving the app: eventlet in production (patched by server.entry), or threads."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from types import FrameType

from flask import Flask

from server.public_url import (
    FALLBACK_SETTING,
    is_configured,
    remember_served_url,
    serving_url,
    unset_warning,
)
from server.realtime.notify_dispatch import ensure_reminder_watch
from server.realtime.printer_watch import ensure_printer_watch
from server.realtime.publisher import explain_queue_errors
from server.realtime.socket import socketio

log = logging.getLogger("xephang")

STOP_CHECK_SECONDS = 0.2  # how soon a SIGTERM takes effect under eventlet


def _stop_on_sigterm(mode: str) -> None:
    """Turn SIGTERM into a clean exit (systemd stops services with SIGTERM).

    A signal handler runs wherever the main thread happens to be. Under eventlet that may be
    any green thread, even a garbage collector's weakref callback, where a raised SystemExit
    is printed and swallowed and the server never stops. So there the handler only notes the
    request; a green thread that looks every STOP_CHECK_SECONDS (which also wakes an idle hub)
    throws the exit into the serving green thread, as `eventlet.kill` would.
    """
    if mode != "eventlet":

        def handle(_signum: int, _frame: FrameType | None) -> None:
            log.info("SIGTERM received, stopping")
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, handle)
        return
    import greenlet

    serving = greenlet.getcurrent()
    requested: list[int] = []  # appending is all the handler does

    def stop_when_requested() -> None:
        while not requested:
            socketio.sleep(STOP_CHECK_SECONDS)
        log.info("SIGTERM received, stopping")
        serving.throw(SystemExit(0))

    socketio.start_background_task(stop_when_requested)
    signal.signal(signal.SIGTERM, lambda signum, _frame: requested.append(signum))


def note_public_url(app: Flask, host: str, port: int) -> None:
    """Without XEPHANG_PUBLIC_URL, links use the address served on, and the log says so loudly."""
    if not is_configured(app.config):
        app.config[FALLBACK_SETTING] = serving_url(host, port)
        log.warning(unset_warning(app.config[FALLBACK_SETTING]))
        remember_served_url(app.instance_path, app.config[FALLBACK_SETTING])


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
    _stop_on_sigterm(mode)
    # FlaskGroup sets this, and Flask then refuses to start its own server (threading mode).
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    log.info("xephang serving on http://%s:%s (%s)", host, port, mode)
    note_public_url(app, host, port)
    ensure_printer_watch(app)  # printers the server drives are known before the first ticket
    ensure_reminder_watch(app)  # bookings' reminders before their slot (design §12)
    with contextlib.suppress(SystemExit, KeyboardInterrupt):
        if mode == "eventlet":
            # Flask-SocketIO's run() cannot size eventlet's pool, backlog or request deadline.
            from server.cli.eventlet_serving import serve_eventlet

            serve_eventlet(app, host, port, log_output=app.config["LOG_REQUESTS"])
        else:
            socketio.run(
                app,
                host=host,
                port=port,
                log_output=app.config["LOG_REQUESTS"],
                use_reloader=False,
                allow_unsafe_werkzeug=True,
            )
    log.info("xephang stopped")
