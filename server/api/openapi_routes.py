"""Serves the OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from server.api.contract import openapi_document
from server.api.responses import json_reply

bp = Blueprint("api_openapi", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI document of all API routes, generated from the schemas that validate them."""
    return json_reply(openapi_document(current_app))
