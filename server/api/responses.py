"""Turning a command's outcome into a reply: hand it to the after-commit subscribers, answer."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify

from server.after_commit import after_commit
from server.services.changes import Outcome


def reply(outcome: Outcome, status: int = 200) -> Response:
    """Dispatch the committed outcome (screens, phones, printers), then return the body.

    The answer is 204 when there is no body.
    """
    after_commit(current_app).dispatch(outcome)
    if outcome.body is None:
        return Response(status=204)
    return json_reply(outcome.body, status)


def json_reply(body: Any, status: int = 200) -> Response:
    """A JSON response with a status."""
    response = jsonify(body)
    response.status_code = status
    return response
