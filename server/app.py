"""The application factory: the one place that knows all parts and wires them together."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from functools import partial
from typing import Any

from flask import Flask, Response

from admin import routes as admin_pages
from counter import routes as counter_routes_page
from dashboard import routes as dashboard_pages
from display import routes as display_routes
from kiosk import routes as kiosk_routes
from server.after_commit import AfterCommit
from server.api import (
    admin_notifier_routes,
    admin_office_routes,
    admin_people_routes,
    admin_setup_routes,
    appointment_routes,
    auth_routes,
    counter_routes,
    dashboard_routes,
    device_routes,
    office_routes,
    openapi_routes,
    print_job_routes,
    printing_routes,
    public_routes,
    report_routes,
    ticket_routes,
)
from server.api.contract import register_answer_checks
from server.api.errors import register_error_handlers
from server.api.request_guards import register_request_guards
from server.config import load_settings
from server.db import Database, sqlite_url_for_instance
from server.notifications.messages import Message
from server.realtime.connections import close_stale_sockets
from server.realtime.handlers import register_handlers
from server.realtime.notify_dispatch import notify_changes, send_notices
from server.realtime.print_dispatch import send_jobs
from server.realtime.public import publish_public
from server.realtime.publisher import emit_changes, refresh_screens
from server.realtime.socket import socketio
from server.services.changes import AccessChange, Change, PrintOrder, StateRefresh
from server.web import assets, audio, home, public_page

BLUEPRINTS = (
    auth_routes.bp,
    office_routes.bp,
    ticket_routes.bp,
    counter_routes.bp,
    device_routes.bp,
    public_routes.bp,
    appointment_routes.public_bp,
    appointment_routes.bp,
    print_job_routes.bp,
    printing_routes.bp,
    report_routes.bp,
    dashboard_routes.bp,
    admin_office_routes.bp,
    admin_notifier_routes.bp,
    admin_setup_routes.bp,
    admin_people_routes.bp,
    openapi_routes.bp,
    audio.bp,
    assets.bp,
    home.bp,
    public_page.bp,
    counter_routes_page.bp,
    display_routes.bp,
    kiosk_routes.bp,
    dashboard_pages.bp,
    admin_pages.bp,
)


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from defaults, `XEPHANG_*` environment and `overrides` (tests)."""
    settings = load_settings(overrides=overrides)
    app = Flask(
        "server", instance_relative_config=True, instance_path=settings["INSTANCE_PATH"] or None
    )
    app.config.update(settings)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = sqlite_url_for_instance(app.instance_path)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or secrets.token_hex(32)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    Database().init_app(app)
    _subscribe_after_commit(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    register_answer_checks(app)
    register_request_guards(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"] or None,
        channel=app.config["MESSAGE_QUEUE_CHANNEL"],
    )
    register_handlers(socketio)
    app.after_request(_security_headers)
    return app


def _subscribe_after_commit(app: Flask) -> None:
    """Who hears of a committed change, in this order: staff screens, phones, printers, sockets,
    citizens' notifications."""
    dispatcher = AfterCommit()
    dispatcher.init_app(app)
    dispatcher.subscribe(Change, emit_changes)
    dispatcher.subscribe(Change, publish_public)  # the phones' own view, never the staff events
    dispatcher.subscribe(Change, notify_changes)  # SMS, Zalo, Web Push: queued, sent later
    dispatcher.subscribe(StateRefresh, refresh_screens)
    dispatcher.subscribe(PrintOrder, send_jobs)
    dispatcher.subscribe(AccessChange, partial(close_stale_sockets, app))
    dispatcher.subscribe(Message, send_notices)  # a booking confirmed…: queued, sent later


def _security_headers(response: Response) -> Response:
    """Headers every response carries (CSP only on HTML pages); a 204 has no content to type."""
    if response.status_code == 204:
        response.headers.pop("Content-Type", None)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; media-src 'self'; "
            "connect-src 'self' ws: wss:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'",
        )
    return response
