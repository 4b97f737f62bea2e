"""The home page: a short index of the screens of this server."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

bp = Blueprint("home", __name__)


@bp.get("/healthz")
def health() -> Response:
    """Liveness probe for load balancers and tests."""
    return jsonify({"status": "ok"})
