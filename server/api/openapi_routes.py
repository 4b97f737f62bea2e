"""Serves the OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app
from pydantic import BaseModel, ConfigDict

from server.api.contract import openapi_document, operation
from server.api.responses import json_reply

bp = Blueprint("api_openapi", __name__, url_prefix="/api/v1")


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0)."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


@bp.get("/openapi.json")
@operation("documentation", public=True, answers={200: OpenApiDocument})
def openapi() -> Response:
    """The OpenAPI document of all API routes, generated from the schemas that validate them."""
    return json_reply(openapi_document(current_app))
