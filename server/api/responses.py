"""Turning a service outcome into a reply: publish its changes (after commit), then answer."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from server.realtime.publisher import publish
from server.services.changes import Outcome


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
