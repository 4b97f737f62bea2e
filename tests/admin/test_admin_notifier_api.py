"""Administration API of an office's notifier: set, read back masked, audited, then used."""

from __future__ import annotations

from conftest import World, assert_error, assert_field_error

from server.models import Office

TOKEN = "zalo-access-token-0123456789-WXYZ"


def call(client, world: World, method: str, body: dict | None = None, who: str = "admin"):  # type: ignore[no-untyped-def]
    """GET or PUT the office's notifier."""
    return client.open(
        f"/api/v1/admin/offices/{world.office.id}/notifier",
        method=method,
        json=body,
        headers=world.headers(who),
    )


def zalo(**overrides):  # type: ignore[no-untyped-def]
    return {
        "kind": "zalo_zns",
        "access_token": TOKEN,
        "templates": {"called": "231245", "almost_your_turn": "231246"},
        **overrides,
    }


def test_an_office_starts_with_log(client, world: World) -> None:
    answer = call(client, world, "GET")
    assert answer.status_code == 200
    assert answer.json["kind"] == "log"
    assert answer.json["access_token"] == "" and answer.json["auth_header"] == ""


def test_credentials_are_stored_but_shown_masked(client, session, world: World) -> None:
    answer = call(client, world, "PUT", zalo())
    assert answer.status_code == 200, answer.json
    assert answer.json["access_token"].endswith("WXYZ")
    assert TOKEN[:-4] not in answer.json["access_token"]
    assert call(client, world, "GET").json["access_token"] == answer.json["access_token"]
    session.expire_all()
    office = session.get(Office, world.office.id)
    assert office.notifier_kind == "zalo_zns"
    assert office.notifier_settings["access_token"] == TOKEN


def test_a_credential_left_out_keeps_the_stored_one(client, session, world: World) -> None:
    call(client, world, "PUT", zalo())
    changed = call(client, world, "PUT", {**zalo(), "access_token": None, "base_url": ""})
    assert changed.status_code == 200
    session.expire_all()
    assert session.get(Office, world.office.id).notifier_settings["access_token"] == TOKEN


def test_the_change_is_audited_without_the_secret(client, world: World) -> None:
    call(
        client,
        world,
        "PUT",
        {
            "kind": "http_sms",
            "url": "https://sms.example.vn/send",
            "auth_header": "Authorization: Bearer very-secret-1234",
        },
    )
    entry = call(client, world, "GET").json  # (read back: masked)
    assert entry["auth_header"].endswith("1234") and "very-secret" not in entry["auth_header"]
    audit = client.get(
        f"/api/v1/admin/offices/{world.office.id}/audit", headers=world.headers("admin")
    ).json["entries"][0]
    assert audit["summary"].startswith("Sửa cách nhắn tin cho người dân")
    assert audit["changes"]["notifier"] == ["log", "http_sms"]
    assert audit["changes"]["auth_header"] == ["***", "***"]
    assert "very-secret" not in str(audit)


def test_incomplete_settings_are_refused(client, world: World) -> None:
    assert_field_error(call(client, world, "PUT", {"kind": "http_sms"}), "url")
    assert_field_error(call(client, world, "PUT", zalo(access_token="")), "access_token")
    assert_field_error(call(client, world, "PUT", zalo(templates={})), "templates")
    unknown_kind = call(client, world, "PUT", zalo(templates={"nonsense": "1"}))
    assert_error(unknown_kind, 422, "invalid_field")
    assert unknown_kind.json["error"]["message"].startswith("templates.nonsense")
    assert_field_error(call(client, world, "PUT", {"kind": "http_sms", "url": "ftp://x"}), "url")
    assert_field_error(
        call(client, world, "PUT", {"kind": "http_sms", "url": "https://x", "auth_header": "x"}),
        "auth_header",
    )


def test_only_admins_of_the_office(client, world: World) -> None:
    assert_error(call(client, world, "GET", who="manager"), 403)
    other = client.get(
        f"/api/v1/admin/offices/{world.other_office.id + 999}/notifier",
        headers=world.headers("admin"),
    )
    assert other.status_code == 404
