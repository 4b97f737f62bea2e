"""Turning a service outcome into a reply: publish its changes (after commit), then answer."""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, jsonify

from server.realtime.publisher import publish
from server.request_context.current import db_session, queue_settings
from server.services.changes import Outcome
from server.services.screens.config_changes import state_changes

log = logging.getLogger(__name__)


def reply(outcome: Outcome, status: int = 200) -> Response:
    """Push the committed changes to screens, then return the body (204 when there is none)."""
    publish(outcome.changes)
    if outcome.body is None:
        return Response(status=204)
    return json_reply(outcome.body, status)


def json_reply(body: Any, status: int = 200) -> Response:
    """A JSON response with a status."""
    response = jsonify(body)
    response.status_code = status
    return response


def setup_reply(body: Any, office_id: int, status: int = 200) -> Response:
    """Reply to a committed set-up change, after pushing the office's fresh `state` to its screens.

    The snapshot reads committed rows, so it is built after the change is committed; it must not
    turn the answer into a 500 then (the admin would retry a change that was made). A screen that
    misses it catches up with its next `sync`.
    """
    try:
        changes = state_changes(db_session(), [office_id], queue_settings())
    except Exception:
        log.exception("could not build the state of office %s after a set-up change", office_id)
        db_session().rollback()
        changes = []
    publish(changes)
    if body is None:
        return Response(status=204)
    return json_reply(body, status)
