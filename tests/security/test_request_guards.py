"""Requests an attacker shapes: cross-site logins, non-JSON bodies, deep JSON, huge ids."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest
from conftest import PASSWORD, World, assert_error

LOGIN = "/api/v1/auth/login"
TOKEN = "/api/v1/auth/token"
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def session_cookie_set(response) -> bool:
    """Whether the answer gives the browser a login session."""
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie(header)
        if "session" in cookie and cookie["session"].value:
            return True
    return False


# --- login CSRF and JSON-only bodies -------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_a_cross_site_form_cannot_sign_a_victim_in(client, world: World, content_type):
    """An HTML form on any site may post these types without asking; the login refuses them."""
    body = f'{{"username": "admin", "password": "{PASSWORD}", "x": "="}}'
    response = client.post(LOGIN, data=body, content_type=content_type)
    assert_error(response, 415, "unsupported_media_type")
    assert not session_cookie_set(response)
    assert client.get("/api/v1/auth/me").json["user"] is None


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({}, True),  # curl or a script: no browser, no CSRF
        ({"Origin": "http://localhost"}, True),  # the test client's own host
        ({"Origin": "http://xephang.test"}, True),  # XEPHANG_PUBLIC_URL
        ({"Referer": "http://localhost/dashboard"}, True),
        ({"Origin": "https://evil.example"}, False),
        ({"Origin": "null"}, False),
        ({"Referer": "https://evil.example/page"}, False),
        ({"Origin": "http://localhost.evil.example"}, False),
    ],
)
def test_a_browser_login_must_come_from_our_own_pages(client, world: World, headers, allowed):
    response = client.post(LOGIN, json={"username": "admin", "password": PASSWORD}, headers=headers)
    if allowed:
        assert response.status_code == 200, response.json
        assert session_cookie_set(response)
    else:
        assert_error(response, 403, "csrf_failed")
        assert not session_cookie_set(response)


def body_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every API route that takes a body, with 1 for each variable."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<int:\w+>", "1", rule.rule)
        path = re.sub(r"<(?:\w+:)?\w+>", "start", path)
        found += [(method, path) for method in sorted(rule.methods or ()) if method in BODY_METHODS]
    return sorted(found)


def test_every_api_route_refuses_a_body_that_is_not_labelled_json(app, client, world: World):
    routes = body_routes(app)
    assert ("POST", TOKEN) in routes and ("PATCH", "/api/v1/admin/counters/1") in routes
    for method, path in routes:
        response = client.open(
            path,
            method=method,
            data="{}",
            content_type="text/plain",
            headers=world.headers("admin"),
        )
        assert_error(response, 415, "unsupported_media_type")


def test_a_request_without_a_body_needs_no_content_type(client, world: World):
    response = client.post(
        f"/api/v1/counters/{world.counter1.id}/open", headers=world.headers("clerk1")
    )
    assert response.status_code == 200, response.json
    structured = client.post(
        "/api/v1/tickets",
        data=f'{{"service_id": {world.land.id}}}',
        content_type="application/merge-patch+json",  # any +json type is JSON
        headers=world.headers("kiosk"),
    )
    assert structured.status_code == 201


def test_the_staff_login_form_cannot_be_sent_before_its_script_runs(client, world: World):
    """Sent as a plain form it would go to the page itself (as a GET: the password in the URL)."""
    page = client.get("/dashboard").get_data(as_text=True)
    form = re.search(r"<form[^>]*id=\"login-form\"[^>]*>", page)
    assert form is not None and 'method="post"' in form.group(0)
    button = re.search(r"<button type=\"submit\"[^>]*>", page)
    assert button is not None and "disabled" in button.group(0)


def test_no_content_answers_carry_no_content_type(client, world: World):
    login = client.post(LOGIN, json={"username": "admin", "password": PASSWORD})
    assert login.status_code == 200
    logout = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": login.json["csrf_token"]})
    assert logout.status_code == 204
    assert "Content-Type" not in logout.headers
    nobody = client.post(
        f"/api/v1/counters/{world.counter2.id}/call-next", headers=world.headers("clerk2")
    )
    assert nobody.status_code == 204 and "Content-Type" not in nobody.headers


# --- bodies and arguments that crashed the server ----------------------------------------


@pytest.mark.parametrize("path", [TOKEN, LOGIN, "/api/v1/tickets", "/api/v1/admin/offices"])
@pytest.mark.parametrize("depth", [40, 3000, 30_000])  # 30,000: just under the 64 KB limit
def test_deeply_nested_json_is_400(client, world: World, path, depth):
    raw = '{"a": ' + "[" * depth + "]" * depth + "}"
    response = client.post(
        path, data=raw, content_type="application/json", headers=world.headers("admin")
    )
    assert_error(response, 400, "malformed_json")


def test_ordinary_nesting_still_passes(client, world: World):
    sessions = [{"weekday": day, "start": "07:30", "end": "11:30"} for day in range(5)]
    response = client.put(
        f"/api/v1/admin/offices/{world.office.id}/sessions",
        json={"sessions": sessions},
        headers=world.headers("admin"),
    )
    assert response.status_code == 200, response.json


HUGE = "9" * 4400  # past Python's 4,300-digit limit of int()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        (f"/api/v1/reports/summary?office_id={HUGE}", 404),
        (f"/api/v1/reports?office_id={HUGE}", 404),
        (f"/api/v1/dashboard?office_id={HUGE}", 404),
        ("/api/v1/reports?office_id={office}&service_id=" + HUGE, 422),
        ("/api/v1/reports/export?format=csv&office_id={office}&counter_id=" + HUGE, 422),
        (f"/api/v1/admin/offices/{{office}}/audit?before_id={HUGE}", 200),
        ("/api/v1/reports?office_id=" + "0" * 4400 + "1", 200),
    ],
)
def test_a_4400_digit_id_in_a_query_is_no_crash(client, world: World, query, status):
    who = "admin" if "/admin/" in query else "manager"
    response = client.get(query.format(office=world.office.id), headers=world.headers(who))
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"


def test_a_4400_digit_id_in_a_path_is_404(client, world: World):
    assert_error(client.get(f"/api/v1/tickets/{HUGE}", headers=world.headers("admin")), 404)
