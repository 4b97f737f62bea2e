"""Every API endpoint × every kind of caller: who is let in and who is turned away.

The endpoints come from the app's URL map, so a new route without a line in EXPECTED fails
`test_every_api_route_has_an_expectation` until its author decides who may call it.
Allowed means neither 401 nor 403 (a 404, 409 or 422 is the endpoint's own business);
refused means 401 for an anonymous caller and 403 with an error code for everybody else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import PASSWORD, World, upcoming_slots
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Holiday, PrintJob

# Callers, in the order they are tried; "clerk" works at the counter the probes use.
ROLES = (
    "anonymous",
    "kiosk",
    "display",
    "rating",
    "clerk",
    "other_clerk",
    "manager",
    "admin",
)
WORLD_NAMES = {
    "kiosk": "kiosk",
    "display": "display",
    "rating": "rating1",
    "clerk": "clerk1",
    "other_clerk": "other_clerk",
    "manager": "manager",
    "admin": "admin",
}

ANYONE = frozenset(ROLES)
ANONYMOUS = frozenset({"anonymous"})
AUTHENTICATED = ANYONE - {"anonymous"}
READERS = frozenset({"kiosk", "display", "rating", "clerk", "manager", "admin"})  # of the office
USERS = frozenset({"clerk", "manager", "admin"})  # people of the office, not devices
STAFF = frozenset({"clerk", "admin"})  # who works counters and tickets (admins may step in)
ISSUERS = frozenset({"kiosk", "clerk", "admin"})
MANAGERS = frozenset({"manager", "admin"})
ADMINS = frozenset({"admin"})
KIOSK = frozenset({"kiosk"})
RATING = frozenset({"rating"})


@dataclass(frozen=True)
class Probe:
    """One request to an endpoint, and who may make it."""

    allowed: frozenset[str]
    path: str  # formatted with the Scene's fields
    body: dict[str, Any] | None = None
    query: dict[str, Any] = field(default_factory=dict)


SESSIONS_BODY = {"sessions": [{"weekday": 0, "start": "07:30", "end": "11:30", "name": "Sáng"}]}
PRIORITIES_BODY = {"categories": [{"code": "elderly", "label": "Người cao tuổi", "active": True}]}
OFFICE_QUERY = {"office_id": "{office}"}

EXPECTED: dict[tuple[str, str], Probe] = {
    # sign-in: anybody may try
    ("POST", "/api/v1/auth/token"): Probe(
        ANYONE, "/api/v1/auth/token", {"username": "canbo1", "password": PASSWORD}
    ),
    ("POST", "/api/v1/auth/login"): Probe(
        ANYONE, "/api/v1/auth/login", {"username": "canbo1", "password": PASSWORD}
    ),
    ("POST", "/api/v1/auth/logout"): Probe(ANYONE, "/api/v1/auth/logout"),
    # a user revokes their own token; an admin revokes devices
    ("DELETE", "/api/v1/auth/token"): Probe(USERS | {"other_clerk"}, "/api/v1/auth/token"),
    ("GET", "/api/v1/auth/me"): Probe(ANYONE, "/api/v1/auth/me"),
    ("GET", "/api/v1/openapi.json"): Probe(ANYONE, "/api/v1/openapi.json"),
    # the citizen's phone: the public token is the credential
    ("GET", "/api/v1/public/tickets/<public_token>"): Probe(
        ANYONE, "/api/v1/public/tickets/{public_token}"
    ),
    ("GET", "/api/v1/public/tickets/<public_token>/qr.svg"): Probe(
        ANYONE, "/api/v1/public/tickets/{public_token}/qr.svg"
    ),
    # The citizen's phone only: staff and devices never rate in the citizen's place (§5).
    ("POST", "/api/v1/public/tickets/<public_token>/rating"): Probe(
        ANONYMOUS, "/api/v1/public/tickets/{public_token}/rating", {"level": "satisfied"}
    ),
    # Web Push (design §12): the ticket's page's browser; the public token is the key
    ("POST", "/api/v1/public/tickets/<public_token>/push"): Probe(
        ANYONE,
        "/api/v1/public/tickets/{public_token}/push",
        {
            "endpoint": "https://push.example.net/send/abc",
            "keys": {"p256dh": "B" + "A" * 86, "auth": "A" * 22},
        },
    ),
    # remote numbers and bookings (design §12): anyone; the booking's token is its key
    ("GET", "/api/v1/public/offices/<int:office_id>"): Probe(
        ANYONE, "/api/v1/public/offices/{office}"
    ),
    ("POST", "/api/v1/public/tickets"): Probe(
        ANYONE, "/api/v1/public/tickets", {"service_id": "{land}"}
    ),
    ("GET", "/api/v1/public/services/<int:service_id>/slots"): Probe(
        ANYONE, "/api/v1/public/services/{land}/slots"
    ),
    ("POST", "/api/v1/public/appointments"): Probe(
        ANYONE, "/api/v1/public/appointments", {"service_id": "{land}", "start": "{slot}"}
    ),
    ("GET", "/api/v1/public/appointments/<public_token>"): Probe(
        ANYONE, "/api/v1/public/appointments/{booking_token}"
    ),
    ("POST", "/api/v1/public/appointments/<public_token>/cancel"): Probe(
        ANYONE, "/api/v1/public/appointments/{booking_token}/cancel"
    ),
    # check-in: a kiosk or a clerk, each in their own office (another office's code is
    # unknown there: 404, the endpoint's own business)
    ("POST", "/api/v1/appointments/check-in"): Probe(
        ISSUERS | {"other_clerk"}, "/api/v1/appointments/check-in", {"code": "{booking_code}"}
    ),
    ("GET", "/api/v1/offices/<int:office_id>/appointments"): Probe(
        USERS, "/api/v1/offices/{office}/appointments"
    ),
    # what screens read
    ("GET", "/api/v1/offices"): Probe(AUTHENTICATED, "/api/v1/offices"),
    ("GET", "/api/v1/offices/<int:office_id>/services"): Probe(
        READERS, "/api/v1/offices/{office}/services"
    ),
    ("GET", "/api/v1/offices/<int:office_id>/state"): Probe(
        READERS, "/api/v1/offices/{office}/state"
    ),
    ("GET", "/api/v1/offices/<int:office_id>/priority-categories"): Probe(
        READERS, "/api/v1/offices/{office}/priority-categories"
    ),
    ("GET", "/api/v1/offices/<int:office_id>/printers"): Probe(
        STAFF, "/api/v1/offices/{office}/printers"
    ),
    # tickets
    ("POST", "/api/v1/tickets"): Probe(ISSUERS, "/api/v1/tickets", {"service_id": "{land}"}),
    ("GET", "/api/v1/tickets/<int:ticket_id>"): Probe(USERS, "/api/v1/tickets/{called}"),
    (
        "POST",
        "/api/v1/tickets/<int:ticket_id>/<any('cancel','complete','no-show','park','recall','requeue','resume','start'):action>",
    ): Probe(STAFF, "/api/v1/tickets/{called}/recall"),
    ("POST", "/api/v1/tickets/<int:ticket_id>/transfer"): Probe(
        STAFF, "/api/v1/tickets/{called}/transfer", {"service_id": "{justice}"}
    ),
    ("POST", "/api/v1/tickets/<int:ticket_id>/rating"): Probe(
        RATING, "/api/v1/tickets/{done}/rating", {"level": "very_satisfied"}
    ),
    ("POST", "/api/v1/tickets/<int:ticket_id>/reprint"): Probe(
        ISSUERS, "/api/v1/tickets/{waiting}/reprint", {"print_device_id": "{kiosk}"}
    ),
    # counters
    ("POST", "/api/v1/counters/<int:counter_id>/call-next"): Probe(
        STAFF, "/api/v1/counters/{counter}/call-next"
    ),
    ("POST", "/api/v1/counters/<int:counter_id>/<any('close','open','pause'):action>"): Probe(
        STAFF, "/api/v1/counters/{counter}/pause"
    ),
    ("GET", "/api/v1/counters/<int:counter_id>/queue"): Probe(
        STAFF, "/api/v1/counters/{counter}/queue"
    ),
    # devices and printing
    ("POST", "/api/v1/devices/<int:device_id>/revoke"): Probe(
        ADMINS, "/api/v1/devices/{display_device}/revoke"
    ),
    ("POST", "/api/v1/devices/printer-status"): Probe(
        KIOSK, "/api/v1/devices/printer-status", {"status": "ok"}
    ),
    ("POST", "/api/v1/print-jobs/<int:job_id>/result"): Probe(
        KIOSK, "/api/v1/print-jobs/{job}/result", {"status": "printed"}
    ),
    # managers
    ("GET", "/api/v1/reports/summary"): Probe(
        MANAGERS, "/api/v1/reports/summary", None, OFFICE_QUERY
    ),
    ("GET", "/api/v1/reports"): Probe(MANAGERS, "/api/v1/reports", None, OFFICE_QUERY),
    ("GET", "/api/v1/reports/export"): Probe(
        MANAGERS, "/api/v1/reports/export", None, {**OFFICE_QUERY, "format": "csv"}
    ),
    ("GET", "/api/v1/dashboard"): Probe(MANAGERS, "/api/v1/dashboard", None, OFFICE_QUERY),
    # administration
    ("GET", "/api/v1/admin/offices"): Probe(ADMINS, "/api/v1/admin/offices"),
    ("POST", "/api/v1/admin/offices"): Probe(
        ADMINS,
        "/api/v1/admin/offices",
        {"parent_id": "{office}", "code": "xa-moi", "name": "Xã Mới"},
    ),
    ("PATCH", "/api/v1/admin/offices/<int:office_id>"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}", {"notice_text": "Nghỉ trưa 11:30"}
    ),
    ("DELETE", "/api/v1/admin/offices/<int:office_id>"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}"
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/audit"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/audit"
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/sessions"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/sessions"
    ),
    ("PUT", "/api/v1/admin/offices/<int:office_id>/sessions"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/sessions", SESSIONS_BODY
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/holidays"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/holidays"
    ),
    ("POST", "/api/v1/admin/offices/<int:office_id>/holidays"): Probe(
        ADMINS,
        "/api/v1/admin/offices/{office}/holidays",
        {"day": "2031-09-02", "name": "Quốc khánh"},
    ),
    ("DELETE", "/api/v1/admin/holidays/<int:holiday_id>"): Probe(
        ADMINS, "/api/v1/admin/holidays/{holiday}"
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/priority-categories"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/priority-categories"
    ),
    ("PUT", "/api/v1/admin/offices/<int:office_id>/priority-categories"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/priority-categories", PRIORITIES_BODY
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/services"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/services"
    ),
    ("POST", "/api/v1/admin/offices/<int:office_id>/services"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/services", {"prefix": "C", "name": "Chứng thực"}
    ),
    ("PATCH", "/api/v1/admin/services/<int:service_id>"): Probe(
        ADMINS, "/api/v1/admin/services/{justice}", {"name": "Tư pháp"}
    ),
    ("DELETE", "/api/v1/admin/services/<int:service_id>"): Probe(
        ADMINS, "/api/v1/admin/services/{justice}"
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/counters"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/counters"
    ),
    ("POST", "/api/v1/admin/offices/<int:office_id>/counters"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/counters", {"number": "9", "name": "Quầy 9"}
    ),
    ("PATCH", "/api/v1/admin/counters/<int:counter_id>"): Probe(
        ADMINS, "/api/v1/admin/counters/{counter2}", {"name": "Quầy hai"}
    ),
    ("DELETE", "/api/v1/admin/counters/<int:counter_id>"): Probe(
        ADMINS, "/api/v1/admin/counters/{counter2}"
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/users"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/users"
    ),
    ("POST", "/api/v1/admin/offices/<int:office_id>/users"): Probe(
        ADMINS,
        "/api/v1/admin/offices/{office}/users",
        {"username": "canbo9", "full_name": "Cán bộ Chín", "password": "mat-khau-9"},
    ),
    ("PATCH", "/api/v1/admin/users/<int:user_id>"): Probe(
        ADMINS, "/api/v1/admin/users/{clerk2}", {"full_name": "Lê Văn Hai"}
    ),
    ("POST", "/api/v1/admin/users/<int:user_id>/password"): Probe(
        ADMINS, "/api/v1/admin/users/{clerk2}/password", {"password": "mat-khau-moi"}
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/devices"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/devices"
    ),
    ("POST", "/api/v1/admin/offices/<int:office_id>/devices"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/devices", {"kind": "display", "name": "Màn hình 2"}
    ),
    ("PATCH", "/api/v1/admin/devices/<int:device_id>"): Probe(
        ADMINS, "/api/v1/admin/devices/{display_device}", {"name": "Màn hình sảnh"}
    ),
    ("POST", "/api/v1/admin/devices/<int:device_id>/revoke"): Probe(
        ADMINS, "/api/v1/admin/devices/{display_device}/revoke"
    ),
    ("GET", "/api/v1/admin/offices/<int:office_id>/notifier"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/notifier"
    ),
    ("PUT", "/api/v1/admin/offices/<int:office_id>/notifier"): Probe(
        ADMINS, "/api/v1/admin/offices/{office}/notifier", {"kind": "log"}
    ),
}

# Cells known to be wrong, each with where the fix belongs; strict, so a fix turns them red here.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def api_routes(app: Flask) -> set[tuple[str, str]]:
    """(method, rule) of every API route the app serves."""
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }


def test_every_api_route_has_an_expectation(app: Flask):
    routes = api_routes(app)
    missing = sorted(routes - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - routes)
    assert not missing, f"new API routes: add who may call them to EXPECTED: {missing}"
    assert not stale, f"EXPECTED names routes the app no longer has: {stale}"


def build_scene(world: World, client: FlaskClient, session: Session) -> dict[str, int | str]:
    """Tickets in the states the probes need, made through the API like a real day."""

    def post(path: str, who: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = client.post(path, json=body, headers=world.headers(who))
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        return dict(response.json or {})

    def issue() -> dict[str, Any]:
        return post("/api/v1/tickets", "kiosk", {"service_id": world.land.id})

    counter = f"/api/v1/counters/{world.counter1.id}/call-next"
    done = issue()
    post(counter, "clerk1")
    post(f"/api/v1/tickets/{done['id']}/start", "clerk1")
    post(f"/api/v1/tickets/{done['id']}/complete", "clerk1")
    called = issue()
    post(counter, "clerk1")
    waiting = issue()
    holiday = post(
        f"/api/v1/admin/offices/{world.office.id}/holidays", "admin", {"day": "2031-01-01"}
    )
    job = session.scalars(select(PrintJob).where(PrintJob.ticket_id == waiting["id"])).one()
    world.land.appointments_enabled = True
    session.commit()
    slots = upcoming_slots(client, world.land.id)
    booking = client.post(
        "/api/v1/public/appointments",
        json={"service_id": world.land.id, "start": slots[1]["start"]},
    ).json
    assert session.get(Holiday, holiday["id"]) is not None
    return {
        "office": world.office.id,
        "land": world.land.id,
        "justice": world.justice.id,
        "counter": world.counter1.id,
        "counter2": world.counter2.id,
        "called": called["id"],
        "done": done["id"],
        "waiting": waiting["id"],
        "public_token": done["public_token"],
        "job": job.id,
        "kiosk": world.kiosk[0].id,
        "display_device": world.display[0].id,
        "holiday": holiday["id"],
        "clerk2": world.clerk2[0].id,
        "slot": slots[2]["start"],
        "booking_token": booking["public_token"],
        "booking_code": booking["code"],
    }


def fill(value: Any, scene: dict[str, int | str]) -> Any:
    """Put the scene's ids into a probe's path, query or body ("{x}" alone keeps its type)."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in scene:
            return scene[value[1:-1]]
        return value.format(**scene)
    if isinstance(value, dict):
        return {key: fill(item, scene) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, scene) for item in value]
    return value


def verdict(role: str, allowed: bool, response: Any) -> str | None:
    """What is wrong with the answer, or None."""
    status = response.status_code
    if allowed:
        if status in (401, 403):
            return f"{role}: expected allowed, got {status} {response.get_data(as_text=True)}"
        return None
    expected = 401 if role == "anonymous" else 403
    if status != expected:
        return f"{role}: expected {expected}, got {status} {response.get_data(as_text=True)}"
    code = (response.json or {}).get("error", {}).get("code")
    if not isinstance(code, str) or not code:
        return f"{role}: a refusal without an error code: {response.get_data(as_text=True)}"
    return None


@pytest.mark.parametrize(("method", "rule"), sorted(EXPECTED), ids=lambda part: part)
def test_endpoint_admits_exactly_the_expected_callers(
    method, rule, world, client, session, request
):
    if (method, rule) in KNOWN_GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[(method, rule)]))
    probe = EXPECTED[(method, rule)]
    scene = build_scene(world, client, session)
    path = fill(probe.path, scene)
    query = fill(probe.query, scene)
    body = fill(probe.body, scene)
    # Refused callers first: a refusal must change nothing the allowed ones then rely on.
    order = sorted(ROLES, key=lambda role: role in probe.allowed)
    problems = []
    for role in order:
        headers = {} if role == "anonymous" else world.headers(WORLD_NAMES[role])
        client.delete_cookie("session")  # a login probe must not sign in the callers after it
        response = client.open(path, method=method, query_string=query, json=body, headers=headers)
        problem = verdict(role, role in probe.allowed, response)
        if problem:
            problems.append(problem)
    assert not problems, f"{method} {rule}:\n" + "\n".join(problems)
