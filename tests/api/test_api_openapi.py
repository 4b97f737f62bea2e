"""GET /api/v1/openapi.json documents every API route and method."""

from __future__ import annotations

import re

import jsonschema_rs
from conftest import CITIZEN_KEY_FIELDS, ISSUED_TICKET_FIELDS, TICKET_FIELDS, World

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


def resolved(document: dict, schema: dict) -> dict:
    """A schema with its top-level $ref followed."""
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_error_responses_use_the_error_schema(client):
    """Every 4xx and 5xx answer documents design §5's body, its code one of the listed ones."""
    document = client.get("/api/v1/openapi.json").json
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if int(status) < 400:
                    continue
                schema = resolved(document, answer["content"]["application/json"]["schema"])
                detail = resolved(document, schema["properties"]["error"])
                assert schema["required"] == ["error"], (method, path, status)
                assert detail["required"] == ["code", "message"], (method, path, status)
                codes = detail["properties"]["code"]
                listed = codes.get("enum") or [codes.get("const")]
                assert all(listed), f"{method} {path} {status}: no list of codes"
                for code in listed:
                    assert f"`{code}`" in answer["description"], (method, path, status, code)


def test_ticket_schema_names_the_contract_fields(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert set(schemas["Ticket"]["required"]) >= TICKET_FIELDS
    assert set(schemas["IssuedTicket"]["required"]) >= ISSUED_TICKET_FIELDS
    assert not CITIZEN_KEY_FIELDS & set(schemas["Ticket"]["properties"])
    assert schemas["Ticket"]["additionalProperties"] is False  # so a leaked key breaks the schema
    assert schemas["PublicTicket"]["additionalProperties"] is False


def test_every_operation_has_its_schemas(client):
    """A route without a body schema (where it takes one) or an answer schema fails here."""
    document = client.get("/api/v1/openapi.json").json
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            successes = {s: a for s, a in operation["responses"].items() if int(s) < 400}
            assert successes, f"{method.upper()} {path}: no success answer documented"
            for status, answer in successes.items():
                if status == "204":
                    assert "content" not in answer
                    continue
                assert answer.get("content"), f"{method.upper()} {path} {status}: no schema"
            if method in ("post", "put", "patch") and "requestBody" not in operation:
                # A route taking no body still documents what a stray body earns.
                assert "400" in operation["responses"], f"{method.upper()} {path}: no body rule"


def test_enums_come_from_the_code(client):
    """Enum values are the StrEnum classes' own, not a retyped list."""
    from server.models.enums import Channel, RatingLevel
    from server.rules.transitions import TicketStatus

    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    for enum in (Channel, RatingLevel, TicketStatus):
        assert schemas[enum.__name__]["enum"] == [str(member) for member in enum]


def component(document: dict, name: str) -> jsonschema_rs.Draft202012Validator:
    """A validator of one component schema, its references resolved inside the document."""
    return jsonschema_rs.Draft202012Validator(
        {"components": document["components"], "$ref": f"#/components/schemas/{name}"}
    )


def test_the_answers_have_the_documented_ticket_shapes(client, world: World):
    """The 201 answer alone carries the citizen's key; staff views are documented without it."""
    document = client.get("/api/v1/openapi.json").json
    staff, issued, public = (
        component(document, n) for n in ("Ticket", "IssuedTicket", "PublicTicket")
    )
    answer = client.post(
        "/api/v1/tickets",
        json={"service_id": world.land.id, "dossier_code": "H12-0001"},
        headers=world.headers("clerk1"),
    ).json
    assert issued.is_valid(answer)
    assert not staff.is_valid(answer)  # the document says a staff view has no key
    called = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    ).json
    detail = client.get(f"/api/v1/tickets/{answer['id']}", headers=world.headers("manager")).json
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    ).json
    for body in (called, detail, state["counters"][0]["ticket"]):
        staff.validate(body)
        assert not CITIZEN_KEY_FIELDS & set(body)
    component(document, "State").validate(state)
    mine = client.get(f"/api/v1/public/tickets/{answer['public_token']}").json
    public.validate(mine)
    assert not staff.is_valid(mine)
    assert not public.is_valid({**mine, "dossier_code": "H12-0001"})


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


def test_schema_class_names_are_unique():
    """Class names are the document's component names: two alike would hide one of them."""
    import importlib
    import inspect
    import pkgutil

    from pydantic import BaseModel

    import server.schemas

    seen: dict[str, str] = {}
    for module_info in pkgutil.iter_modules(server.schemas.__path__):
        module = importlib.import_module(f"server.schemas.{module_info.name}")
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseModel) and value.__module__ == module.__name__:
                assert name not in seen, f"{name} in {module.__name__} and {seen[name]}"
                seen[name] = module.__name__
    assert "Ticket" in seen
