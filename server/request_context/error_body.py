"""The JSON error body of design §5, for every layer that answers with one."""

from __future__ import annotations

from flask import Response, jsonify


def error_response(code: str, message: str, status: int) -> Response:
    """The error body of design §5."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response
