"""One way out after commit: a command's `Outcome` handed to the subscribers `create_app` registers.

Commands run in one unit of work (`server.db.write`) and return an `Outcome`; only after the commit
does anything leave the process (sockets, phones' public updates, print jobs, and notifications to
citizens: `realtime/notify_dispatch.notify_changes`). Each kind of message has its own subscribers,
called in the order they were registered; kinds go out in one fixed order (screen events, state
refreshes, print orders, access changes, notices to citizens), so a screen hears of a ticket before
its kiosk prints it. A failing subscriber is logged and the others still run: the data is
committed, so nothing here may turn the answer into an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import Flask

from server.notifications.messages import Message as Notice
from server.services.changes import AccessChange, Change, Outcome, PrintOrder, StateRefresh

log = logging.getLogger(__name__)

Message = TypeVar("Message", Change, StateRefresh, PrintOrder, AccessChange, Notice)
Subscriber = Callable[[Sequence[Message]], None]


class AfterCommit:
    """A registry of subscribers per message kind, and the dispatch of committed outcomes."""

    def __init__(self) -> None:
        self._subscribers: dict[type, list[Callable[[Sequence[Any]], None]]] = {}

    def init_app(self, app: Flask) -> None:
        """Make this the app's dispatcher."""
        app.extensions["xephang_after_commit"] = self

    def subscribe(self, kind: type[Message], subscriber: Subscriber[Message]) -> None:
        """Call `subscriber` with the messages of `kind` of each committed outcome that has some."""
        self._subscribers.setdefault(kind, []).append(subscriber)

    def dispatch(self, outcome: Outcome) -> None:
        """Hand a committed outcome's messages to their subscribers; never raises."""
        batches: tuple[tuple[type, Sequence[Any]], ...] = (
            (Change, outcome.changes),
            (StateRefresh, outcome.refreshes),
            (PrintOrder, outcome.print_orders),
            (AccessChange, outcome.access),
            (Notice, outcome.notices),
        )
        for kind, messages in batches:
            if not messages:
                continue
            for subscriber in self._subscribers.get(kind, ()):
                try:
                    subscriber(messages)
                except Exception:  # the others still run; screens heal with their next `sync`
                    log.exception("after-commit subscriber %r failed", subscriber)


def after_commit(app: Flask) -> AfterCommit:
    """The dispatcher of an app."""
    found: AfterCommit = app.extensions["xephang_after_commit"]
    return found
