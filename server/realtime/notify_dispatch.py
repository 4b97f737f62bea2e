"""The after-commit subscriber that tells citizens when to come (design §12).

On the request path it only hands the committed changes to the app's outbox
(`server/notifications/outbox.py`); the outbox's worker, a Socket.IO background task, reads who
has a phone and the office's notifier, then sends with short timeouts and retries. So a dead or
slow SMS gateway costs a log line and a retry, never a call's answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, has_app_context

from server.db import database
from server.models import utcnow
from server.notifications.messages import Message
from server.notifications.notifiers import Notifier, notifier_for
from server.notifications.outbox import Outbox
from server.realtime.socket import socketio
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
    """Subscriber: queue the committed changes that may concern a citizen with a phone."""
    if not has_app_context():
        return
    wanted = [change for change in changes if change.event in LINE_EVENTS]
    if not wanted:
        return
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    outbox = notification_outbox(app)
    outbox.put_later(lambda: _resolve(app, outbox, wanted))


def send_notices(notices: Sequence[Message]) -> None:
    """Subscriber: queue the messages a command built itself (`Outcome.notices`)."""
    if has_app_context() and notices:
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        notify(app, notices)


def notify(app: Flask, messages: Iterable[Message]) -> None:
    """Queue messages for sending (a booking confirmed, a reminder); looked up on the worker."""
    listed = list(messages)
    if listed:
        outbox = notification_outbox(app)
        outbox.put_later(lambda: _with_notifiers(app, listed))


def _resolve(app: Flask, outbox: Outbox, changes: list[Change]) -> list[tuple[Message, Notifier]]:
    """On the worker: the messages the changes call for, each with its office's notifier."""
    with app.app_context():
        scoped = database(app).session
        assert scoped is not None
        try:
            found = messages_for(scoped(), changes, outbox.first_warning)
        finally:
            scoped.remove()
    return _with_notifiers(app, found)


def _with_notifiers(app: Flask, messages: list[Message]) -> list[tuple[Message, Notifier]]:
    notifiers: dict[int, Notifier] = {}
    with app.app_context():
        scoped = database(app).session
        assert scoped is not None
        try:
            for message in messages:
                if message.office_id not in notifiers:
                    kind, settings = office_notifier_settings(scoped(), message.office_id)
                    notifiers[message.office_id] = _notifier(app.config, kind, settings)
        finally:
            scoped.remove()
    return [(message, notifiers[message.office_id]) for message in messages]


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
            finally:
                scoped.remove()
    except Exception:  # the next round tries again
        log.exception("could not look for bookings due a reminder")
        return 0
    notify(app, reminders)
    return len(reminders)
