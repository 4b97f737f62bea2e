"""The after-commit subscribers that tell citizens when to come (design §12), and the reminders.

On the request path, after the commit, a few small reads find who has a phone and which
notifier their office uses (`services/notifications.py`); the messages then go to the app's
outbox (`server/notifications/outbox.py`), whose worker, a Socket.IO background task, only
sends: short timeouts, retries with backoff. So a dead or slow SMS gateway costs a log line
and a retry, never a call's answer; and no background thread holds a database connection.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from server.db import database
from server.models import utcnow
from server.notifications.messages import Message
from server.notifications.notifiers import Notifier, NotifierKind, notifier_for
from server.notifications.outbox import Outbox
from server.realtime.socket import socketio
from server.request_context.current import db_session
from server.services.changes import Change
from server.services.notifications import (
    LINE_EVENTS,
    due_reminders,
    messages_for,
    office_notifier_settings,
)

log = logging.getLogger(__name__)

_start_lock = threading.Lock()


def notification_outbox(app: Flask) -> Outbox:
    """The app's outbox, made on first use from its `NOTIFY_*` settings."""
    outbox: Outbox | None = app.extensions.get("xephang_notify_outbox")
    if outbox is None:
        outbox = Outbox(
            start=socketio.start_background_task,
            sleep=socketio.sleep,
            capacity=app.config["NOTIFY_QUEUE_SIZE"],
            attempts=app.config["NOTIFY_ATTEMPTS"],
            backoff=app.config["NOTIFY_BACKOFF_SECONDS"],
        )
        app.extensions["xephang_notify_outbox"] = outbox
    return outbox


def notify_changes(changes: Sequence[Change]) -> None:
    """Subscriber: the messages committed changes call for (a call, a line that moved)."""
    if not has_app_context():
        return
    wanted = [change for change in changes if change.event in LINE_EVENTS]
    if not wanted:
        return
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    outbox = notification_outbox(app)
    try:
        session = db_session()
        queue_messages(app, session, messages_for(session, wanted, outbox.first_warning))
    except Exception:  # the data is committed; a notification is a courtesy
        log.exception("could not build notifications")


def send_notices(notices: Sequence[Message]) -> None:
    """Subscriber: the messages a command built itself (`Outcome.notices`: a booking confirmed)."""
    if not has_app_context() or not notices:
        return
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        queue_messages(app, db_session(), notices)
    except Exception:
        log.exception("could not queue notices")


def queue_messages(app: Flask, session: Session, messages: Iterable[Message]) -> None:
    """Put messages in the outbox, each with its office's notifier (read once per office).

    A message to a push subscription goes by Web Push whatever the office's notifier is; with
    no VAPID key configured it is only logged (the phone page then never offers push).
    """
    outbox = notification_outbox(app)
    notifiers: dict[int, Notifier] = {}
    for message in messages:
        if message.push_subscription and not message.phone:
            outbox.put(message, _notifier(app.config, NotifierKind.WEB_PUSH, {}))
            continue
        if message.office_id not in notifiers:
            kind, settings = office_notifier_settings(session, message.office_id)
            notifiers[message.office_id] = _notifier(app.config, kind, settings)
        outbox.put(message, notifiers[message.office_id])


def _notifier(config: Any, kind: str, settings: dict[str, Any]) -> Notifier:
    return notifier_for(
        kind,
        settings,
        timeout=config["NOTIFY_TIMEOUT_SECONDS"],
        vapid_private_key=config["NOTIFY_VAPID_PRIVATE_KEY"],
        vapid_subject=config["NOTIFY_VAPID_SUBJECT"],
    )


def ensure_reminder_watch(app: Flask) -> None:
    """Start the periodic look for bookings due a reminder, once per app (`xephang run`)."""
    every = float(app.config["NOTIFY_REMINDER_CHECK_SECONDS"])
    with _start_lock:
        if every <= 0 or app.config["NOTIFY_REMINDER_MINUTES"] <= 0:
            return
        if app.extensions.get("xephang_reminder_watch"):
            return
        app.extensions["xephang_reminder_watch"] = True
    socketio.start_background_task(_remind_forever, app, every)


def _remind_forever(app: Flask, every: float) -> None:
    while True:
        remind_round(app)
        socketio.sleep(every)


def remind_round(app: Flask) -> int:
    """Mark the bookings due a reminder, commit, then queue their messages; how many."""
    before = timedelta(minutes=app.config["NOTIFY_REMINDER_MINUTES"])
    try:
        with app.app_context():
            scoped = database(app).session
            assert scoped is not None
            try:
                reminders = due_reminders(scoped(), utcnow(), before)
                queue_messages(app, scoped(), reminders)
            finally:
                scoped.remove()
    except Exception:  # the next round tries again
        log.exception("could not look for bookings due a reminder")
        return 0
    return len(reminders)
