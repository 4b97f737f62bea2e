"""The OpenAPI 3.1 document of the REST API (every route under /api/v1)."""

from __future__ import annotations

from typing import Any

REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": REF + name}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """A JSON response entry."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    """Error responses, all in the common error shape."""
    return {str(status): {"$ref": f"#/components/responses/E{status}"} for status in statuses}


def _coded(codes: dict[int, str]) -> dict[str, Any]:
    """Error responses whose description names the `error.code` values a client can act on."""
    return {str(status): _json(_ref("Error"), text) for status, text in codes.items()}


def _body(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    """A JSON request body."""
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def _path_param(name: str, kind: str = "integer") -> dict[str, Any]:
    """A required path parameter."""
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}


def _operation(
    summary: str,
    ok: dict[str, Any],
    errors: tuple[int, ...],
    *,
    params: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    auth: bool = True,
    tag: str = "queue",
    codes: dict[int, str] | None = None,
) -> dict[str, Any]:
    """One operation with its responses (`codes` describes some error statuses by their codes)."""
    operation: dict[str, Any] = {
        "summary": summary,
        "tags": [tag],
        "responses": {**ok, **_errors(*errors), **_coded(codes or {})},
    }
    if params:
        operation["parameters"] = params
    if body:
        operation["requestBody"] = body
    if not auth:
        operation["security"] = []
    return operation


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_STR = {"type": ["string", "null"]}
STATS = {
    "type": "object",
    "properties": {
        "mean": {"type": ["number", "null"]},
        "median": {"type": ["number", "null"]},
        "p90": {"type": ["number", "null"]},
    },
}
FIGURES = {
    "issued": INTEGER,
    "served": INTEGER,
    "no_show": INTEGER,
    "cancelled": INTEGER,
    "transferred": INTEGER,
    "wait_seconds": STATS,
    "service_seconds": STATS,
    "ratings": {
        "type": "object",
        "properties": {level: INTEGER for level in ("very_satisfied", "satisfied", "dissatisfied")},
    },
}

# The fields every view of a ticket shares (design §5); the views below add to them.
TICKET_BASE: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "number",
        "office_id",
        "service_id",
        "service_name",
        "priority",
        "channel",
        "status",
        "counter_id",
        "issued_at",
        "called_at",
        "people_ahead",
        "estimated_wait_minutes",
    ],
    "properties": {
        "id": INTEGER,
        "number": STRING,
        "office_id": INTEGER,
        "service_id": INTEGER,
        "service_name": STRING,
        "service_prefix": STRING,
        "agency": NULLABLE_STR,
        "audience": STRING,
        "priority": {
            "type": ["string", "null"],
            "enum": [None, "elderly", "disabled", "pregnant", "merit", "other"],
        },
        "channel": {"enum": ["kiosk", "reception", "online"]},
        "status": {
            "enum": ["waiting", "called", "serving", "done", "no_show", "parked", "cancelled"]
        },
        "business_date": {"type": "string", "format": "date"},
        "counter_id": NULLABLE_INT,
        "counter_number": NULLABLE_STR,
        "recall_count": INTEGER,
        "issued_at": {"type": "string", "format": "date-time"},
        "called_at": {"type": ["string", "null"], "format": "date-time"},
        "started_at": {"type": ["string", "null"], "format": "date-time"},
        "finished_at": {"type": ["string", "null"], "format": "date-time"},
        "people_ahead": INTEGER,
        "estimated_wait_minutes": NULLABLE_INT,
    },
}
# Staff data: who serves it, where it was sent; `events` only in GET /tickets/<id>.
STAFF_TICKET_PROPERTIES: dict[str, Any] = {
    "clerk_id": NULLABLE_INT,
    "target_counter_id": NULLABLE_INT,
    "transferred_from_service_id": NULLABLE_INT,
    "events": {"type": "array", "items": {"type": "object"}},
}
# Whoever holds the public token can follow and rate the ticket; the dossier code names the
# citizen's file. Only the issuer's 201 answer, the print job and the public ticket carry them.
CITIZEN_KEY_FIELDS = ("public_token", "public_url", "dossier_code")

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": STRING, "message": STRING},
            }
        },
    },
    "User": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "username": STRING,
            "full_name": STRING,
            "role": {"enum": ["admin", "manager", "clerk"]},
            "office_id": INTEGER,
            "active": {"type": "boolean"},
        },
    },
    "Credentials": {
        "type": "object",
        "required": ["username", "password"],
        "properties": {"username": STRING, "password": STRING},
    },
    "Office": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "parent_id": NULLABLE_INT,
            "code": STRING,
            "name": STRING,
            "header_lines": {"type": "array", "items": STRING},
            "timezone": STRING,
            "dialect": {"enum": ["north", "south"]},
            "notice_text": STRING,
        },
    },
    "Service": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "prefix": STRING,
            "name": STRING,
            "agency": NULLABLE_STR,
            "status": {"enum": ["available", "unavailable"]},
            "reason": {
                "type": ["string", "null"],
                "enum": [
                    None,
                    "inactive",
                    "holiday",
                    "closed_today",
                    "before_hours",
                    "between_sessions",
                    "after_hours",
                    "cut_off",
                    "daily_limit_reached",
                    "no_counter",
                ],
            },
            "reason_message": NULLABLE_STR,
            "opens_at": {
                "type": ["string", "null"],
                "description": "before hours or between sessions: when today's next session "
                "starts (HH:MM, office time), so the kiosk can say when to come back",
            },
            "waiting": INTEGER,
            "estimated_wait_minutes": NULLABLE_INT,
            "counter_numbers": {"type": "array", "items": STRING},
        },
    },
    "Ticket": {
        "description": "The staff view (screens, consoles, snapshots, office events): never the "
        "citizen's key (`public_token`, `public_url`) nor the `dossier_code`",
        "allOf": [
            TICKET_BASE,
            {"properties": STAFF_TICKET_PROPERTIES},
            {"not": {"anyOf": [{"required": [name]} for name in CITIZEN_KEY_FIELDS]}},
        ],
    },
    "IssuedTicket": {
        "description": "The issuer's view, in the 201 answer only (the kiosk or reception clerk "
        "prints or shows the QR code): the staff view plus the citizen's key, whose holder can "
        "follow and rate the ticket, and the dossier code the issuer sent",
        "allOf": [
            TICKET_BASE,
            {
                "required": ["public_token", "public_url", "dossier_code"],
                "properties": {
                    **STAFF_TICKET_PROPERTIES,
                    "public_token": STRING,
                    "public_url": {"type": "string", "format": "uri"},
                    "dossier_code": NULLABLE_STR,
                    "printout": {
                        "type": "object",
                        "description": "only when a `browser:` kiosk issues: the lines its page "
                        "prints (design §6 order), worded as on the thermal ticket",
                        "properties": {
                            "agency": NULLABLE_STR,
                            "office_lines": {"type": "array", "items": STRING},
                            "title": STRING,
                            "number": STRING,
                            "service_name": STRING,
                            "priority": NULLABLE_STR,
                            "counters": NULLABLE_STR,
                            "lines": {"type": "array", "items": STRING},
                            "qr_url": STRING,
                            "note": STRING,
                        },
                    },
                },
            },
        ],
    },
    "PublicTicket": {
        "description": "The citizen's view: no staff data (clerk, dossier code, transfers)",
        "allOf": [
            TICKET_BASE,
            {
                "required": ["public_token", "public_url", "called_counter", "now_serving"],
                "properties": {
                    "public_token": STRING,
                    "public_url": {"type": "string", "format": "uri"},
                    "called_counter": {
                        "type": ["object", "null"],
                        "properties": {"number": STRING, "name": STRING},
                    },
                    "now_serving": {"type": "array", "items": {"type": "object"}},
                    "rating": {
                        "type": ["object", "null"],
                        "properties": {
                            "level": {"enum": ["very_satisfied", "satisfied", "dissatisfied"]}
                        },
                    },
                },
            },
            {
                "not": {
                    "anyOf": [
                        {"required": [name]} for name in (*STAFF_TICKET_PROPERTIES, "dossier_code")
                    ]
                }
            },
        ],
    },
    "Counter": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "number": STRING,
            "name": STRING,
            "status": {"enum": ["closed", "open", "paused"]},
            "service_ids": {"type": "array", "items": INTEGER},
            "clerk": {"type": ["object", "null"]},
            "ticket": {"oneOf": [_ref("Ticket"), {"type": "null"}]},
        },
    },
    "State": {
        "type": "object",
        "properties": {
            "seq": INTEGER,
            "office_id": INTEGER,
            "office": _ref("Office"),
            "counters": {"type": "array", "items": _ref("Counter")},
            "recent_calls": {"type": "array", "items": {"type": "object"}},
            "waiting": {"type": "array", "items": {"type": "object"}},
        },
    },
    "RatingRequest": {
        "type": "object",
        "required": ["level"],
        "properties": {
            "level": {"enum": ["very_satisfied", "satisfied", "dissatisfied"]},
            "reasons": {
                "type": "array",
                "items": {
                    "enum": [
                        "staff_attitude",
                        "waiting_time",
                        "unclear_guidance",
                        "extra_documents",
                        "other",
                    ]
                },
            },
            "comment": {"type": "string", "maxLength": 1000},
        },
    },
    "Rating": {
        "type": "object",
        "properties": {"id": INTEGER, "ticket_id": INTEGER, "level": STRING},
    },
    "PrintJob": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "ticket_id": INTEGER,
            "device_id": INTEGER,
            "status": {"enum": ["pending", "printed", "failed"]},
            "reason": NULLABLE_STR,
            "message": NULLABLE_STR,
            "attempts": INTEGER,
            "updated_at": STRING,
        },
    },
    "Summary": {
        "type": "object",
        "properties": {
            "office_id": INTEGER,
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
            "totals": {"type": "object", "properties": FIGURES},
            "by_service": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"service_id": INTEGER, "name": STRING, **FIGURES},
                },
            },
            "by_counter": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"counter_id": INTEGER, "name": STRING, **FIGURES},
                },
            },
            "by_clerk": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"user_id": INTEGER, "name": STRING, **FIGURES},
                },
            },
        },
    },
}

LINE_ENTRY = {
    "type": "object",
    "properties": {
        "id": INTEGER,
        "number": STRING,
        "service_id": INTEGER,
        "service_name": STRING,
        "priority": NULLABLE_STR,
        "issued_at": STRING,
        "waited_minutes": INTEGER,
        "target_counter_id": NULLABLE_INT,
        "for_this_counter": {"type": "boolean"},
    },
}
CONSOLE_QUEUE = {
    "type": "object",
    "properties": {
        "office_id": INTEGER,
        "counter": _ref("Counter"),
        "waiting": {"type": "array", "items": LINE_ENTRY},
        "parked": {"type": "array", "items": LINE_ENTRY},
        "figures": {
            "type": "object",
            "properties": {
                "called": INTEGER,
                "served": INTEGER,
                "no_show": INTEGER,
                "transferred": INTEGER,
                "mean_service_seconds": {"type": ["number", "null"]},
                "mean_wait_seconds": {"type": ["number", "null"]},
            },
        },
        "no_show_after_recalls": INTEGER,
        "generated_at": STRING,
    },
}
PRINTER = {
    "type": "object",
    "properties": {
        "id": INTEGER,
        "name": STRING,
        "printer_status": NULLABLE_STR,
        "printer_message": NULLABLE_STR,
    },
}
PRINTER_STATES = ["ok", "paper_near_end", "paper_out", "offline", "cover_open", "error"]
PRINTER_STATUS = {
    "type": "object",
    "properties": {
        "device_id": INTEGER,
        "status": {"enum": [*PRINTER_STATES, None]},
        "message": NULLABLE_STR,
        "at": NULLABLE_STR,
    },
}
TICKET_ID = _path_param("ticket_id")
COUNTER_ID = _path_param("counter_id")
OFFICE_ID = _path_param("office_id")
PUBLIC_TOKEN = _path_param("public_token", "string")
TICKET_ACTIONS = ["recall", "start", "complete", "no-show", "requeue", "park", "resume", "cancel"]

PATHS: dict[str, Any] = {
    "/api/v1/auth/token": {
        "post": _operation(
            "Exchange username and password for a bearer token",
            {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {"token": STRING, "expires_at": STRING, "user": _ref("User")},
                    },
                    "token",
                )
            },
            (400, 401, 422, 429),
            body=_body(_ref("Credentials")),
            auth=False,
            tag="auth",
        ),
        "delete": _operation(
            "Revoke the caller's own bearer token (the user's other tokens and sessions stay); "
            "its sockets close",
            {"204": {"description": "revoked"}},
            (401, 403),
            tag="auth",
            codes={403: "`forbidden`: a device token (an admin revokes devices)"},
        ),
    },
    "/api/v1/auth/login": {
        "post": _operation(
            "Start a browser login session (cookie); "
            "returns the CSRF token to send as X-CSRF-Token",
            {
                "200": _json(
                    {"type": "object", "properties": {"user": _ref("User"), "csrf_token": STRING}},
                    "logged in",
                )
            },
            (400, 401, 422, 429),
            body=_body(_ref("Credentials")),
            auth=False,
            tag="auth",
        )
    },
    "/api/v1/auth/logout": {
        "post": _operation(
            "Sign out: every login session, cookie and API token of the caller's user ends, "
            "and their sockets close",
            {"204": {"description": "logged out"}},
            (),
            auth=False,
            tag="auth",
        )
    },
    "/api/v1/auth/me": {
        "get": _operation(
            "Who the caller is (user or device) and, for a login session, its CSRF token",
            {"200": _json({"type": "object"}, "caller")},
            (401,),
            auth=False,
            tag="auth",
        )
    },
    "/api/v1/offices": {
        "get": _operation(
            "Offices visible to the caller",
            {"200": _json({"type": "array", "items": _ref("Office")}, "offices")},
            (401,),
        )
    },
    "/api/v1/offices/{office_id}/services": {
        "get": _operation(
            "Services with status, waiting, estimated wait and the reason when unavailable",
            {"200": _json({"type": "array", "items": _ref("Service")}, "services")},
            (401, 403, 404),
            params=[OFFICE_ID],
        )
    },
    "/api/v1/offices/{office_id}/state": {
        "get": _operation(
            "The snapshot a screen renders",
            {"200": _json(_ref("State"), "state")},
            (401, 403, 404),
            params=[OFFICE_ID],
        )
    },
    "/api/v1/tickets": {
        "post": _operation(
            "Issue a ticket (kiosk device, or clerk at reception); the answer alone carries the "
            "citizen's key (`public_token`, `public_url`) to print or show as a QR code",
            {"201": _json(_ref("IssuedTicket"), "issued")},
            (400, 401, 403, 404, 409, 422),
            body=_body(
                {
                    "type": "object",
                    "required": ["service_id"],
                    "properties": {
                        "service_id": INTEGER,
                        "priority": {
                            "enum": ["elderly", "disabled", "pregnant", "merit", "other", None]
                        },
                        "channel": {"enum": ["kiosk", "reception", "online"]},
                        "dossier_code": STRING,
                        "print_device_id": {
                            "type": "integer",
                            "description": "staff only: the kiosk of the office that prints it",
                        },
                    },
                }
            ),
            codes={
                422: "invalid values: `missing_field`, `invalid_field`, or "
                "`priority_not_offered` when the office has not enabled that priority category "
                "(see GET /api/v1/offices/{office_id}/priority-categories)"
            },
        )
    },
    "/api/v1/tickets/{ticket_id}": {
        "get": _operation(
            "A ticket with its events",
            {"200": _json(_ref("Ticket"), "ticket")},
            (401, 403, 404),
            params=[TICKET_ID],
        )
    },
    "/api/v1/tickets/{ticket_id}/{action}": {
        "post": _operation(
            "Clerk action on a ticket",
            {"200": _json(_ref("Ticket"), "ticket after the action")},
            (400, 401, 403, 404, 409),
            params=[
                TICKET_ID,
                {
                    "name": "action",
                    "in": "path",
                    "required": True,
                    "schema": {"enum": TICKET_ACTIONS},
                },
            ],
        )
    },
    "/api/v1/tickets/{ticket_id}/transfer": {
        "post": _operation(
            "Transfer a ticket (same number) to another service's line or to a counter",
            {"200": _json(_ref("Ticket"), "transferred")},
            (400, 401, 403, 404, 409, 422),
            params=[TICKET_ID],
            body=_body(
                {"type": "object", "properties": {"service_id": INTEGER, "counter_id": INTEGER}}
            ),
        )
    },
    "/api/v1/tickets/{ticket_id}/reprint": {
        "post": _operation(
            "Print a ticket again: by the kiosk that issued it, or by staff on a kiosk of the "
            "office (`print_device_id`); the job goes to that kiosk's printer",
            {"201": _json(_ref("PrintJob"), "the new print job")},
            (400, 401, 403, 404, 409, 422),
            params=[TICKET_ID],
            body=_body(
                {"type": "object", "properties": {"print_device_id": INTEGER}}, required=False
            ),
            tag="printing",
        )
    },
    "/api/v1/tickets/{ticket_id}/rating": {
        "post": _operation(
            "Rating from the rating tablet of the ticket's counter",
            {"201": _json(_ref("Rating"), "stored")},
            (400, 401, 403, 404, 409, 422),
            params=[TICKET_ID],
            body=_body(_ref("RatingRequest")),
            tag="rating",
        )
    },
    "/api/v1/public/tickets/{public_token}": {
        "get": _operation(
            "The citizen's view of a ticket",
            {"200": _json(_ref("PublicTicket"), "ticket")},
            (404, 429),
            params=[PUBLIC_TOKEN],
            auth=False,
            tag="public",
        )
    },
    "/api/v1/public/tickets/{public_token}/qr.svg": {
        "get": _operation(
            "The QR code of the ticket's public page as SVG (the kiosk shows it on screen)",
            {"200": {"description": "QR code", "content": {"image/svg+xml": {}}}},
            (404,),
            params=[PUBLIC_TOKEN],
            auth=False,
            tag="public",
        )
    },
    "/api/v1/public/tickets/{public_token}/rating": {
        "post": _operation(
            "Rating from the citizen's phone (anonymous: staff never rate in the citizen's place)",
            {"201": _json(_ref("Rating"), "stored")},
            (400, 404, 409, 422, 429),
            params=[PUBLIC_TOKEN],
            body=_body(_ref("RatingRequest")),
            auth=False,
            tag="public",
            codes={
                403: "`staff_cannot_rate`: the request carries a bearer token (user or device) "
                "or a login session"
            },
        )
    },
    "/api/v1/counters/{counter_id}/call-next": {
        "post": _operation(
            "Call the next citizen (or the waiting ticket `ticket_id`); opens a closed counter",
            {"200": _json(_ref("Ticket"), "called"), "204": {"description": "nobody waits"}},
            (400, 401, 403, 404, 409, 422),
            params=[COUNTER_ID],
            body=_body({"type": "object", "properties": {"ticket_id": INTEGER}}, required=False),
        )
    },
    "/api/v1/counters/{counter_id}/{action}": {
        "post": _operation(
            "Open, pause or close a counter",
            {"200": _json(_ref("Counter"), "counter")},
            (400, 401, 403, 404, 409),
            params=[
                COUNTER_ID,
                {
                    "name": "action",
                    "in": "path",
                    "required": True,
                    "schema": {"enum": ["open", "pause", "close"]},
                },
            ],
        )
    },
    "/api/v1/counters/{counter_id}/queue": {
        "get": _operation(
            "Clerk console: the counter, its waiting line in call order, parked tickets of the "
            "office and the caller's figures for today",
            {"200": _json(CONSOLE_QUEUE, "the console's view")},
            (401, 403, 404),
            params=[COUNTER_ID],
            tag="console",
        )
    },
    "/api/v1/offices/{office_id}/printers": {
        "get": _operation(
            "Kiosk printers of the office, for printing a ticket issued at reception",
            {"200": _json({"type": "array", "items": PRINTER}, "kiosk printers")},
            (401, 403, 404),
            params=[OFFICE_ID],
            tag="console",
        )
    },
    "/api/v1/devices/{device_id}/revoke": {
        "post": _operation(
            "Revoke a device's token (admin); its open sockets are closed",
            {"200": _json({"type": "object"}, "the revoked device")},
            (401, 403, 404),
            params=[_path_param("device_id")],
            tag="admin",
        )
    },
    "/api/v1/devices/printer-status": {
        "post": _operation(
            "A kiosk's print agent reports its printer (periodically and on change); the kiosk "
            "page shows it before anyone taps",
            {"200": _json(PRINTER_STATUS, "the kiosk's printer state")},
            (400, 401, 403, 422),
            body=_body(
                {
                    "type": "object",
                    "required": ["status"],
                    "properties": {"status": {"enum": PRINTER_STATES}},
                }
            ),
            tag="printing",
        )
    },
    "/api/v1/print-jobs/{job_id}/result": {
        "post": _operation(
            "The print agent reports a job printed or failed",
            {"200": _json(_ref("PrintJob"), "recorded")},
            (400, 401, 403, 404, 422),
            params=[_path_param("job_id")],
            body=_body(
                {
                    "type": "object",
                    "required": ["status"],
                    "properties": {"status": {"enum": ["printed", "failed"]}, "reason": STRING},
                }
            ),
            tag="printing",
        )
    },
    "/api/v1/reports/summary": {
        "get": _operation(
            "Summary report over business days from..to (inclusive; default today)",
            {"200": _json(_ref("Summary"), "report")},
            (401, 403, 404, 422),
            params=[
                {"name": "office_id", "in": "query", "required": True, "schema": INTEGER},
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {
                    "name": "subtree",
                    "in": "query",
                    "schema": {"type": "boolean"},
                    "description": "include every office below office_id",
                },
            ],
            tag="reports",
        )
    },
    "/api/v1/openapi.json": {
        "get": _operation(
            "This document",
            {"200": _json({"type": "object"}, "OpenAPI document")},
            (),
            auth=False,
            tag="meta",
        )
    },
}


def openapi_document() -> dict[str, Any]:
    """The full OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "xephang API",
            "version": "1",
            "description": "Queue system for Vietnamese one-stop offices. Errors are "
            '{"error": {"code", "message"}}. Authenticate with `Authorization: Bearer <token>` '
            "(user or device token) or a browser login session plus the X-CSRF-Token header. "
            "A request with a body must send it as `Content-Type: application/json` (else 415 "
            "`unsupported_media_type`).",
        },
        "servers": [{"url": "/"}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "responses": {
                f"E{status}": _json(_ref("Error"), description)
                for status, description in {
                    400: "malformed request",
                    401: "no or bad credentials",
                    403: "not allowed",
                    404: "unknown",
                    409: "conflicts with the current state",
                    422: "invalid values",
                    429: "throttled",
                }.items()
            },
        },
        "security": [{"bearer": []}, {"session": []}],
    }
