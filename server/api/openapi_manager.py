"""The OpenAPI paths of the manager's and admin's API: dashboard, reports, administration."""

from __future__ import annotations

from typing import Any

from server.api.openapi import (
    FIGURES,
    INTEGER,
    NULLABLE_INT,
    NULLABLE_STR,
    STRING,
    _body,
    _json,
    _operation,
    _path_param,
    _ref,
    openapi_document,
)
from server.services.admin.fields import MIN_PASSWORD

DATE = {"type": "string", "format": "date"}
PASSWORD = {"type": "string", "minLength": MIN_PASSWORD, "maxLength": 200}  # the one rule
OBJECT = {"type": "object"}
OFFICE_ID = _path_param("office_id")
OFFICE_QUERY = {"name": "office_id", "in": "query", "required": True, "schema": INTEGER}
SUBTREE_QUERY = {
    "name": "subtree",
    "in": "query",
    "schema": {"type": "boolean"},
    "description": "include every office below (aggregate)",
}


def _query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    """An optional query parameter."""
    parameter: dict[str, Any] = {"name": name, "in": "query", "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


REPORT_PARAMS = [
    OFFICE_QUERY,
    _query("from", DATE, "first business day (default today)"),
    _query("to", DATE, "last business day, inclusive (default today)"),
    SUBTREE_QUERY,
    _query("service_id", INTEGER),
    _query("counter_id", INTEGER),
    _query("clerk_id", INTEGER),
    _query("period", {"enum": ["day", "month", "quarter", "year"]}, "rows over time"),
]

RATES = {
    "no_show_rate": {"type": ["number", "null"], "description": "% of called tickets"},
    "rated": INTEGER,
    "ratings_percent": {
        "type": "object",
        "properties": {
            level: {"type": ["number", "null"]}
            for level in ("very_satisfied", "satisfied", "dissatisfied")
        },
    },
}
REPORT_ROW = {"type": "object", "properties": {"name": STRING, **FIGURES, **RATES}}

SCHEMAS: dict[str, Any] = {
    "Report": {
        "type": "object",
        "properties": {
            "office_id": INTEGER,
            "office_name": STRING,
            "subtree": {"type": "boolean"},
            "from": DATE,
            "to": DATE,
            "period": {"enum": ["day", "month", "quarter", "year", None]},
            "exact": {
                "type": "boolean",
                "description": "false when medians and p90 come from day/month histograms",
            },
            "totals": REPORT_ROW,
            "by_office": {"type": "array", "items": REPORT_ROW},
            "by_service": {"type": "array", "items": REPORT_ROW},
            "by_counter": {"type": "array", "items": REPORT_ROW},
            "by_clerk": {"type": "array", "items": REPORT_ROW},
            "periods": {"type": "array", "items": REPORT_ROW},
        },
    },
    "Dashboard": {
        "type": "object",
        "properties": {
            "office": _ref("Office"),
            "subtree": {"type": "boolean"},
            "date": DATE,
            "generated_at": STRING,
            "waiting": {
                "type": "object",
                "properties": {
                    "total": INTEGER,
                    "longest_seconds": {"type": ["number", "null"]},
                    "longest": {"type": ["object", "null"]},
                },
            },
            "today": REPORT_ROW,
            "services": {"type": "array", "items": OBJECT},
            "counters": {"type": "array", "items": OBJECT},
            "offices": {"type": "array", "items": OBJECT},
            "sla": {
                "type": "object",
                "properties": {
                    "waiting_over_target": INTEGER,
                    "served_over_target_today": INTEGER,
                    "tickets": {"type": "array", "items": OBJECT},
                },
            },
            "hourly": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"hour": INTEGER, "issued": INTEGER, "served": INTEGER},
                },
            },
            "wait_distribution": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"label": STRING, "called": INTEGER, "waiting": INTEGER},
                },
            },
        },
    },
    "AdminOffice": {
        "type": "object",
        "properties": {
            "parent_id": INTEGER,
            "code": STRING,
            "name": STRING,
            "header_lines": {"type": "array", "items": STRING},
            "timezone": STRING,
            "dialect": {"enum": ["north", "south"]},
            "notice_text": STRING,
        },
    },
    "AdminService": {
        "type": "object",
        "properties": {
            "prefix": {"type": "string", "pattern": "^[A-Z]{1,2}$"},
            "name": STRING,
            "name_en": STRING,
            "field": STRING,
            "agency": STRING,
            "audience": {"enum": ["citizen", "customer"]},
            "active": {"type": "boolean"},
            "daily_limit": NULLABLE_INT,
            "cutoff_minutes": INTEGER,
            "target_wait_minutes": INTEGER,
            "max_wait_minutes": NULLABLE_INT,
            "default_service_minutes": {"type": "number"},
            "number_start": INTEGER,
            "number_width": INTEGER,
            "sort_order": INTEGER,
            "hours": {"type": "array", "items": _ref("WorkingSessionEntry")},
        },
    },
    "WorkingSessionEntry": {
        "type": "object",
        "required": ["weekday", "start", "end"],
        "properties": {
            "weekday": {"type": "integer", "minimum": 0, "maximum": 6},
            "start": {"type": "string", "example": "07:30"},
            "end": {"type": "string", "example": "11:30"},
            "name": STRING,
        },
    },
    "AdminCounter": {
        "type": "object",
        "properties": {
            "number": STRING,
            "name": STRING,
            "service_ids": {
                "type": "array",
                "items": INTEGER,
                "description": "served services, most preferred first",
            },
        },
    },
    "AdminUser": {
        "type": "object",
        "properties": {
            "username": STRING,
            "full_name": STRING,
            "role": {"enum": ["admin", "manager", "clerk"]},
            "password": PASSWORD,
            "office_id": INTEGER,
            "active": {"type": "boolean"},
        },
    },
    "AdminDevice": {
        "type": "object",
        "properties": {
            "kind": {"enum": ["kiosk", "display", "counter_display", "rating"]},
            "name": STRING,
            "counter_id": NULLABLE_INT,
            "settings": {
                "type": "object",
                "description": "kiosk: printer, paper_width; display: counter_ids, "
                "service_ids, announce",
            },
        },
    },
    "PairedDevice": {
        "type": "object",
        "properties": {
            "device": OBJECT,
            "token": {"type": "string", "description": "shown once; stored hashed"},
            "pairing_url": {"type": "string", "description": "built on XEPHANG_PUBLIC_URL"},
            "pairing_qr_svg": STRING,
            "public_url_configured": {
                "type": "boolean",
                "description": "false: no XEPHANG_PUBLIC_URL; the link uses a guessed address",
            },
        },
    },
    "PriorityCategory": {
        "type": "object",
        "properties": {
            "code": {"enum": ["elderly", "disabled", "pregnant", "merit", "other"]},
            "label": STRING,
            "active": {"type": "boolean"},
            "sort_order": INTEGER,
        },
    },
    "AuditEntry": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "at": STRING,
            "username": STRING,
            "office_id": NULLABLE_INT,
            "office_name": STRING,
            "action": STRING,
            "entity": STRING,
            "entity_id": NULLABLE_INT,
            "summary": STRING,
            "changes": {"type": "object", "description": "{field: [old, new]}"},
        },
    },
    "Holiday": {
        "type": "object",
        "properties": {"id": INTEGER, "office_id": INTEGER, "day": DATE, "name": NULLABLE_STR},
    },
}

ADMIN_ERRORS = (400, 401, 403, 404, 409, 422)


def _admin(
    summary: str,
    ok: dict[str, Any],
    *,
    params: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    errors: tuple[int, ...] = ADMIN_ERRORS,
) -> dict[str, Any]:
    """An admin operation (admin role, within the admin's office subtree)."""
    return _operation(summary, ok, errors, params=params, body=body, tag="admin")


def _list(name: str, description: str) -> dict[str, Any]:
    """A 200 answer with a list of a schema."""
    return {"200": _json({"type": "array", "items": _ref(name)}, description)}


def _one(name: str, description: str, status: str = "200") -> dict[str, Any]:
    """An answer with one object of a schema."""
    return {status: _json(_ref(name), description)}


NO_CONTENT = {"204": {"description": "done"}}


def _office_entity(
    entity: str,
    param: str,
    schema: str,
    *,
    listing: str,
    adding: str,
    changing: str,
    removing: str | None = None,
    body: str | None = None,
    created: str | None = None,
) -> dict[str, Any]:
    """The admin paths of an office's `entity` (`services`, `counters`, …).

    `GET`/`POST /admin/offices/{office_id}/<entity>` list `schema` and add one (`created`,
    default `schema`); `PATCH` (and `DELETE` when `removing` says what) on
    `/admin/<entity>/{<param>}`. Both write operations take a `body` (default `schema`).
    """
    request = _body(_ref(body or schema))
    item_params = [_path_param(param)]
    item = {
        "patch": _admin(changing, _one(schema, "changed"), params=item_params, body=request),
    }
    if removing:
        item["delete"] = _admin(removing, NO_CONTENT, params=item_params)
    return {
        f"/api/v1/admin/offices/{{office_id}}/{entity}": {
            "get": _admin(listing, _list(schema, entity), params=[OFFICE_ID]),
            "post": _admin(
                adding,
                _one(created or schema, "created", "201"),
                params=[OFFICE_ID],
                body=request,
            ),
        },
        f"/api/v1/admin/{entity}/{{{param}}}": item,
    }


def _office_list(
    entity: str, key: str, schema: str, *, reading: str, replacing: str
) -> dict[str, Any]:
    """An office's list of `schema`, read and replaced whole.

    `GET`/`PUT /admin/offices/{office_id}/<entity>`; PUT sends `{"<key>": [...]}`; both answer
    the list.
    """
    listed = _list(schema, key)
    array = {"type": "array", "items": _ref(schema)}
    return {
        f"/api/v1/admin/offices/{{office_id}}/{entity}": {
            "get": _admin(reading, listed, params=[OFFICE_ID]),
            "put": _admin(
                replacing,
                listed,
                params=[OFFICE_ID],
                body=_body({"type": "object", "properties": {key: array}}),
            ),
        }
    }


PATHS: dict[str, Any] = {
    "/api/v1/reports": {
        "get": _operation(
            "The reports page's data: the summary's figures with no-show rate and rating "
            "shares, rows per office/service/counter/clerk and per day/month/quarter",
            {"200": _json(_ref("Report"), "report")},
            (401, 403, 404, 422),
            params=REPORT_PARAMS,
            tag="reports",
        )
    },
    "/api/v1/reports/export": {
        "get": _operation(
            "The report as a spreadsheet with Vietnamese headers: XLSX (a sheet per view) or "
            "CSV (one view, `group`; UTF-8 with BOM)",
            {
                "200": {
                    "description": "file",
                    "content": {
                        "text/csv": {},
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                    },
                }
            },
            (401, 403, 404, 422),
            params=[
                *REPORT_PARAMS,
                _query("format", {"enum": ["xlsx", "csv"]}),
                _query("group", {"enum": ["service", "counter", "clerk", "office", "period"]}),
            ],
            tag="reports",
        )
    },
    "/api/v1/dashboard": {
        "get": _operation(
            "The manager's dashboard: waiting now, today's figures, counters, SLA breaches, "
            "hourly arrivals and services, wait distribution",
            {"200": _json(_ref("Dashboard"), "dashboard")},
            (401, 403, 404, 422),
            params=[OFFICE_QUERY, SUBTREE_QUERY],
            tag="reports",
        )
    },
    "/api/v1/admin/offices": {
        "get": _admin("Offices the admin manages, with counts", _list("Office", "offices")),
        "post": _admin(
            "Add an office below one the admin manages (copies the parent's working week)",
            _one("Office", "created", "201"),
            body=_body(_ref("AdminOffice")),
        ),
    },
    "/api/v1/admin/offices/{office_id}": {
        "patch": _admin(
            "Change an office (names, ticket header lines, timezone, dialect, notice text)",
            _one("Office", "changed"),
            params=[OFFICE_ID],
            body=_body(_ref("AdminOffice")),
        ),
        "delete": _admin("Remove an empty office", NO_CONTENT, params=[OFFICE_ID]),
    },
    **_office_list(
        "sessions",
        "sessions",
        "WorkingSessionEntry",
        reading="The office's working week",
        replacing="Replace the office's working week",
    ),
    "/api/v1/admin/offices/{office_id}/holidays": {
        "get": _admin("The office's holidays", _list("Holiday", "holidays"), params=[OFFICE_ID]),
        "post": _admin(
            "Add a holiday",
            _one("Holiday", "added", "201"),
            params=[OFFICE_ID],
            body=_body({"type": "object", "properties": {"day": DATE, "name": STRING}}),
        ),
    },
    "/api/v1/admin/holidays/{holiday_id}": {
        "delete": _admin("Remove a holiday", NO_CONTENT, params=[_path_param("holiday_id")]),
    },
    **_office_list(
        "priority-categories",
        "categories",
        "PriorityCategory",
        reading="The five priority codes with the office's labels, order and on/off",
        replacing="Set labels, order (list order) and which codes the office offers",
    ),
    "/api/v1/offices/{office_id}/priority-categories": {
        "get": _operation(
            "The priority categories an office offers (active ones, in order), for kiosks",
            _list("PriorityCategory", "categories"),
            (401, 403, 404),
            params=[OFFICE_ID],
        )
    },
    "/api/v1/admin/offices/{office_id}/audit": {
        "get": _admin(
            "Audit log of the office and the offices below it, newest first",
            {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "entries": {"type": "array", "items": _ref("AuditEntry")},
                            "next_before_id": NULLABLE_INT,
                        },
                    },
                    "a page of entries",
                )
            },
            params=[
                OFFICE_ID,
                _query("limit", INTEGER),
                _query("before_id", INTEGER),
                _query("entity", STRING),
            ],
        )
    },
    **_office_entity(
        "services",
        "service_id",
        "AdminService",
        listing="All services of the office, inactive ones too",
        adding="Add a service",
        changing="Change a service; `hours` replaces its own hours ([] = the office's)",
        removing="Remove a service that never issued a ticket",
    ),
    **_office_entity(
        "counters",
        "counter_id",
        "AdminCounter",
        listing="The office's counters",
        adding="Add a counter with its services in order",
        changing="Renumber, rename or change the services (in order) of a counter",
        removing="Remove a counter that never served",
    ),
    **_office_entity(
        "users",
        "user_id",
        "User",
        body="AdminUser",
        listing="The office's staff accounts",
        adding="Add an account with a first password",
        changing="Change name, role or office, or disable / enable (`active`)",
    ),
    "/api/v1/admin/users/{user_id}/password": {
        "post": _admin(
            "Set a new password; every login session, API token and socket of the user ends",
            _one("User", "changed"),
            params=[_path_param("user_id")],
            body=_body(
                {"type": "object", "required": ["password"], "properties": {"password": PASSWORD}}
            ),
        )
    },
    **_office_entity(
        "devices",
        "device_id",
        "AdminDevice",
        created="PairedDevice",
        listing="The office's devices (never their tokens)",
        adding="Register a device: its token, pairing link and QR code come in this answer only",
        changing="Rename a device or change its settings",
    ),
    "/api/v1/admin/devices/{device_id}/revoke": {
        "post": _admin(
            "Revoke a device (logged); its open sockets are closed",
            _one("AdminDevice", "revoked"),
            params=[_path_param("device_id")],
        )
    },
}


def full_document() -> dict[str, Any]:
    """The OpenAPI document with the manager's and admin's paths and schemas added."""
    document = openapi_document()
    document["paths"] = {**document["paths"], **PATHS}
    components = document["components"]
    components["schemas"] = {**components["schemas"], **SCHEMAS}
    return document
