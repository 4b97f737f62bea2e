"""Serves the OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.openapi_manager import full_document
from server.api.responses import json_reply

bp = Blueprint("api_openapi", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI document of all API routes."""
    return json_reply(full_document())
