"""GET /api/v1/openapi.json documents every API route and method."""

from __future__ import annotations

import re

from conftest import TICKET_FIELDS

METHODS = {"get", "post", "put", "patch", "delete"}


def openapi_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: `<int:ticket_id>` and `<ticket_id>` become `{ticket_id}`."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def api_routes(app) -> dict[str, set[str]]:
    """Every /api/v1 rule of the app with its methods (HEAD and OPTIONS left out)."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        methods = {method.lower() for method in rule.methods or ()} - {"head", "options"}
        routes.setdefault(openapi_path(rule.rule), set()).update(methods)
    return routes


def test_document_is_served_without_credentials(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.json
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"]
    assert document["paths"]


def test_openapi_path_conversion():
    assert (
        openapi_path("/api/v1/tickets/<int:ticket_id>/<action>")
        == "/api/v1/tickets/{ticket_id}/{action}"
    )
    assert (
        openapi_path("/api/v1/public/tickets/<public_token>")
        == "/api/v1/public/tickets/{public_token}"
    )


def test_every_route_and_method_is_documented(client, app):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    routes = api_routes(app)
    assert routes, "no API routes found"
    missing = [
        f"{method.upper()} {path}"
        for path, methods in sorted(routes.items())
        for method in sorted(methods)
        if method not in paths.get(path, {})
    ]
    assert missing == []


def test_nothing_documented_that_does_not_exist(client, app):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    routes = api_routes(app)
    extra = [
        f"{method.upper()} {path}"
        for path, operations in sorted(paths.items())
        for method in sorted(set(operations) & METHODS)
        if method not in routes.get(path, set())
    ]
    assert extra == []


def test_path_parameters_are_declared(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path, operations in paths.items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, f"{method.upper()} {path}: {declared} != {names}"


def test_every_reference_resolves(client):
    document = client.get("/api/v1/openapi.json").json

    def resolve(pointer: str):
        assert pointer.startswith("#/"), pointer
        node = document
        for part in pointer[2:].split("/"):
            assert part in node, f"unresolved $ref {pointer}"
            node = node[part]
        return node

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                resolve(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)


def test_error_responses_use_the_error_schema(client):
    document = client.get("/api/v1/openapi.json").json
    error = document["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["required"] == ["code", "message"]


def test_ticket_schema_names_the_contract_fields(client):
    ticket = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Ticket"]
    for name in sorted(TICKET_FIELDS):
        assert name in ticket["properties"], name


def test_document_lists_the_actions_the_routes_accept(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    parameters = paths["/api/v1/tickets/{ticket_id}/{action}"]["post"]["parameters"]
    actions = next(p for p in parameters if p["name"] == "action")["schema"]["enum"]
    assert sorted(actions) == sorted(
        ["recall", "start", "complete", "no-show", "requeue", "park", "resume", "cancel"]
    )
    counter_parameters = paths["/api/v1/counters/{counter_id}/{action}"]["post"]["parameters"]
    assert sorted(
        next(p for p in counter_parameters if p["name"] == "action")["schema"]["enum"]
    ) == ["close", "open", "pause"]
