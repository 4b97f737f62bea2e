"""Administration API: users, devices, offices, calendars, priority categories, audit log."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, World, assert_field_error, bearer

ADMIN = "admin"


def call(client, world: World, method: str, path: str, body: dict | None = None, who: str = ADMIN):
    """Call the admin API as someone of the world."""
    return client.open(f"/api/v1/admin{path}", method=method, json=body, headers=world.headers(who))


def token_for(client, username: str, password: str):
    """POST /auth/token."""
    return client.post("/api/v1/auth/token", json={"username": username, "password": password})


def latest_audit(client, world: World) -> dict:
    """The newest audit entry of the office."""
    return call(client, world, "GET", f"/offices/{world.office.id}/audit").json["entries"][0]


# ---- Users ---------------------------------------------------------------------------------


def test_create_a_clerk_who_can_then_sign_in(client, world: World):
    body = {
        "username": "canbo7",
        "full_name": "Phạm Thị Bảy",
        "role": "clerk",
        "password": "mat-khau-7",
    }
    created = call(client, world, "POST", f"/offices/{world.office.id}/users", body)
    assert created.status_code == 201
    assert created.json["role"] == "clerk" and "password" not in created.json
    assert token_for(client, "canbo7", "mat-khau-7").status_code == 200
    entry = latest_audit(client, world)
    assert entry["summary"] == "Thêm cán bộ Phạm Thị Bảy (canbo7)"
    assert "password_hash" not in entry["changes"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "Cán Bộ", "full_name": "A", "password": "12345678"}, "username"),
        ({"username": "canbo1", "full_name": "A", "password": "12345678"}, "username"),
        ({"username": "canbo8", "full_name": "", "password": "12345678"}, "full_name"),
        ({"username": "canbo8", "full_name": "A", "password": "ngắn"}, "password"),
        ({"username": "canbo8", "full_name": "A", "password": "12345678", "role": "boss"}, "role"),
    ],
)
def test_user_fields_are_checked(client, world: World, body, field):
    assert_field_error(
        call(client, world, "POST", f"/offices/{world.office.id}/users", body), field
    )


def test_reset_password_ends_old_tokens(client, world: World):
    user, old_token = world.clerk1
    reset = call(client, world, "POST", f"/users/{user.id}/password", {"password": "mat-khau-moi"})
    assert reset.status_code == 200
    assert client.get("/api/v1/auth/me", headers=bearer(old_token)).status_code == 401
    assert token_for(client, "canbo1", PASSWORD).status_code == 401
    assert token_for(client, "canbo1", "mat-khau-moi").status_code == 200
    assert latest_audit(client, world)["changes"] == {"password": ["***", "***"]}


def test_disable_and_enable_an_account(client, world: World):
    user, token = world.clerk2
    disabled = call(client, world, "PATCH", f"/users/{user.id}", {"active": False})
    assert disabled.status_code == 200 and disabled.json["active"] is False
    assert token_for(client, "canbo2", PASSWORD).status_code == 401
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401
    assert latest_audit(client, world)["action"] == "disable"
    call(client, world, "PATCH", f"/users/{user.id}", {"active": True})
    assert token_for(client, "canbo2", PASSWORD).status_code == 200
    assert latest_audit(client, world)["action"] == "enable"


def test_roles_change_and_admins_do_not_lock_themselves_out(client, world: World):
    clerk = world.clerk1[0]
    promoted = call(client, world, "PATCH", f"/users/{clerk.id}", {"role": "manager"})
    assert promoted.json["role"] == "manager"
    assert latest_audit(client, world)["changes"]["role"] == ["clerk", "manager"]
    me = world.admin[0]
    assert_field_error(call(client, world, "PATCH", f"/users/{me.id}", {"active": False}), "active")
    assert_field_error(call(client, world, "PATCH", f"/users/{me.id}", {"role": "clerk"}), "role")


# ---- Devices -------------------------------------------------------------------------------


def test_a_new_kiosk_gets_a_token_shown_once_with_its_pairing_link_and_qr(client, world: World):
    created = call(
        client,
        world,
        "POST",
        f"/offices/{world.office.id}/devices",
        {
            "kind": "kiosk",
            "name": "Kiosk tầng 2",
            "settings": {"printer": "tcp://10.0.0.5:9100", "paper_width": 384},
        },
    )
    assert created.status_code == 201, created.json
    body = created.json
    assert body["pairing_url"] == f"http://xephang.test/kiosk?token={body['token']}"
    assert body["pairing_qr_svg"].startswith("<svg")
    assert body["device"]["settings"] == {"printer": "tcp://10.0.0.5:9100", "paper_width": 384}
    assert created.headers["Cache-Control"] == "no-store"
    services = client.get(
        f"/api/v1/offices/{world.office.id}/services", headers=bearer(body["token"])
    )
    assert services.status_code == 200
    listed = call(client, world, "GET", f"/offices/{world.office.id}/devices").json
    assert all("token" not in device for device in listed)


def test_the_device_list_says_how_each_kiosk_printer_is_and_since_when(client, world: World):
    def kiosk_row() -> dict:
        listed = call(client, world, "GET", f"/offices/{world.office.id}/devices").json
        return next(device for device in listed if device["id"] == world.kiosk[0].id)

    row = kiosk_row()
    assert (row["printer_status"], row["printer_message"], row["printer_level"]) == (None,) * 3
    for status, message, level in (
        ("ok", "Máy in sẵn sàng", None),
        ("paper_near_end", "Máy in sắp hết giấy", "warning"),
        ("cover_open", "Nắp máy in đang mở", "alert"),
    ):
        sent = client.post(
            "/api/v1/devices/printer-status",
            json={"status": status},
            headers=world.headers("kiosk"),
        )
        assert sent.status_code == 200
        row = kiosk_row()
        assert (row["printer_status"], row["printer_message"], row["printer_level"]) == (
            status,
            message,
            level,
        )
        assert row["printer_status_at"] == sent.json["at"]


def test_counter_screens_name_their_counter(client, world: World):
    path = f"/offices/{world.office.id}/devices"
    missing = call(client, world, "POST", path, {"kind": "rating", "name": "Máy đánh giá 2"})
    assert_field_error(missing, "counter_id")
    created = call(
        client,
        world,
        "POST",
        path,
        {"kind": "rating", "name": "Máy đánh giá 2", "counter_id": world.counter2.id},
    )
    assert created.json["pairing_url"].endswith(
        f"/counter/{world.counter2.id}/rating?token={created.json['token']}"
    )
    display = call(
        client,
        world,
        "POST",
        path,
        {"kind": "counter_display", "name": "Màn hình quầy 2", "counter_id": world.counter2.id},
    )
    assert f"/display/counter/{world.counter2.id}?token=" in display.json["pairing_url"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "toaster", "name": "x"}, "kind"),
        ({"kind": "kiosk", "name": ""}, "name"),
        ({"kind": "kiosk", "name": "x", "settings": {"printer": "lpt1"}}, "printer"),
        ({"kind": "kiosk", "name": "x", "settings": {"paper_width": 600}}, "paper_width"),
        ({"kind": "display", "name": "x", "settings": {"counter_ids": [424242]}}, "counter_ids"),
    ],
)
def test_device_fields_are_checked(client, world: World, body, field):
    assert_field_error(
        call(client, world, "POST", f"/offices/{world.office.id}/devices", body), field
    )


def test_revoking_a_device_stops_its_token_and_is_logged(client, world: World):
    device, token = world.kiosk
    revoked = call(client, world, "POST", f"/devices/{device.id}/revoke")
    assert revoked.status_code == 200 and revoked.json["revoked"] is True
    assert (
        client.get(f"/api/v1/offices/{world.office.id}/services", headers=bearer(token)).status_code
        == 401
    )
    entry = latest_audit(client, world)
    assert (entry["action"], entry["entity"], entry["entity_id"]) == ("revoke", "device", device.id)
    again = call(client, world, "POST", f"/devices/{device.id}/revoke")
    assert again.status_code == 200
    assert latest_audit(client, world)["id"] == entry["id"]  # revoking twice logs once


def test_the_device_api_revokes_through_the_same_audited_revoke(client, world: World):
    """`POST /api/v1/devices/<id>/revoke` used to revoke without a line in the audit log."""
    device, token = world.display
    revoked = client.post(f"/api/v1/devices/{device.id}/revoke", headers=world.headers(ADMIN))
    assert revoked.status_code == 200 and revoked.json["revoked"] is True
    assert revoked.json["revoked_at"] is not None and revoked.json["kind_name"] == "Màn hình sảnh"
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401
    entry = latest_audit(client, world)
    assert (entry["action"], entry["entity"], entry["entity_id"], entry["username"]) == (
        "revoke",
        "device",
        device.id,
        "admin",
    )


def test_device_settings_can_change(client, world: World):
    device, _ = world.display
    changed = call(
        client,
        world,
        "PATCH",
        f"/devices/{device.id}",
        {
            "name": "Màn hình sảnh A",
            "settings": {"counter_ids": [world.counter1.id], "announce": False},
        },
    )
    assert changed.status_code == 200
    assert changed.json["settings"] == {"counter_ids": [world.counter1.id], "announce": False}
    assert latest_audit(client, world)["changes"]["name"] == ["display thử", "Màn hình sảnh A"]


# ---- Offices, calendars, priorities --------------------------------------------------------


def test_a_child_office_starts_with_its_parents_week(client, world: World):
    created = call(
        client,
        world,
        "POST",
        "/offices",
        {
            "parent_id": world.office.id,
            "code": "xa-moi",
            "name": "Xã Mới",
            "header_lines": ["UBND XÃ MỚI"],
        },
    )
    assert created.status_code == 201, created.json
    child = created.json
    assert child["parent_id"] == world.office.id and child["header_lines"] == ["UBND XÃ MỚI"]
    week = call(client, world, "GET", f"/offices/{child['id']}/sessions").json
    assert len(week) == 7 and week[0] == {
        "weekday": 0,
        "start": "00:00",
        "end": "24:00",
        "name": "",
    }
    tree = call(client, world, "GET", "/offices").json
    assert child["id"] in {office["id"] for office in tree}
    assert_field_error(
        call(
            client,
            world,
            "POST",
            "/offices",
            {"parent_id": world.office.id, "code": "xa-moi", "name": "Khác"},
        ),
        "code",
    )
    assert_field_error(
        call(
            client,
            world,
            "POST",
            "/offices",
            {"parent_id": world.office.id, "code": "xa-2", "name": "X", "timezone": "Sao Hỏa"},
        ),
        "timezone",
    )
    assert call(client, world, "DELETE", f"/offices/{child['id']}").status_code == 204
    refused = call(client, world, "DELETE", f"/offices/{world.other_office.id}")
    assert refused.status_code == 403  # outside the admin's office


def test_an_office_in_use_is_not_deleted(client, world: World, make_office, make_service):
    child = make_office(name="Điểm tiếp nhận", parent_id=world.office.id)
    make_service(child, "A")
    empty = make_office(name="Điểm tiếp nhận mới", parent_id=world.office.id)
    refused = call(client, world, "DELETE", f"/offices/{child.id}")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "office_in_use"
    own = call(client, world, "DELETE", f"/offices/{world.office.id}")
    assert own.status_code == 409
    tree = {office["id"]: office for office in call(client, world, "GET", "/offices").json}
    assert [tree[o.id]["deletable"] for o in (world.office, child, empty)] == [False, False, True]


def test_the_notice_text_reaches_the_screens_snapshot(client, world: World):
    notice = "Từ 01/7 Bộ phận Một cửa làm việc cả sáng thứ Bảy."
    changed = call(client, world, "PATCH", f"/offices/{world.office.id}", {"notice_text": notice})
    assert changed.status_code == 200
    state = client.get(
        f"/api/v1/offices/{world.office.id}/state", headers=world.headers("display")
    ).json
    assert state["office"]["notice_text"] == notice
    entry = latest_audit(client, world)
    assert entry["summary"].startswith("Sửa thông báo trên màn hình")
    assert entry["changes"]["notice_text"] == ["", notice]


def test_working_week_is_replaced_and_checked(client, world: World):
    path = f"/offices/{world.office.id}/sessions"
    week = [
        {"weekday": 0, "start": "7:30", "end": "11:30", "name": "Sáng"},
        {"weekday": 0, "start": "13:30", "end": "17:00", "name": "Chiều"},
        {"weekday": 5, "start": "07:30", "end": "11:30", "name": "Sáng"},
    ]
    saved = call(client, world, "PUT", path, {"sessions": week})
    assert saved.status_code == 200
    assert saved.json[0] == {"weekday": 0, "start": "07:30", "end": "11:30", "name": "Sáng"}
    assert call(client, world, "GET", path).json == saved.json
    overlap = [*week, {"weekday": 0, "start": "11:00", "end": "12:00"}]
    response = call(client, world, "PUT", path, {"sessions": overlap})
    assert_field_error(response, "sessions")
    assert "Thứ Hai" in response.json["error"]["message"]
    assert_field_error(
        call(
            client,
            world,
            "PUT",
            path,
            {"sessions": [{"weekday": 1, "start": "25:00", "end": "26:00"}]},
        ),
        "sessions[0].start",
    )
    entry = latest_audit(client, world)
    assert entry["entity"] == "sessions"


def test_holidays(client, world: World):
    path = f"/offices/{world.office.id}/holidays"
    added = call(client, world, "POST", path, {"day": "2026-09-02", "name": "Quốc khánh"})
    assert added.status_code == 201
    assert_field_error(call(client, world, "POST", path, {"day": "2026-09-02"}), "day")
    assert_field_error(call(client, world, "POST", path, {"day": "02/09/2026"}), "day")
    assert [h["day"] for h in call(client, world, "GET", path).json] == ["2026-09-02"]
    assert call(client, world, "DELETE", f"/holidays/{added.json['id']}").status_code == 204
    assert call(client, world, "GET", path).json == []


def test_priority_categories_keep_their_codes(client, world: World):
    path = f"/offices/{world.office.id}/priority-categories"
    defaults = call(client, world, "GET", path).json
    assert [row["code"] for row in defaults] == [
        "elderly",
        "disabled",
        "pregnant",
        "merit",
        "other",
    ]
    chosen = [
        {"code": "disabled", "label": "Người khuyết tật", "active": True},
        {"code": "elderly", "label": "Người từ 75 tuổi", "active": True},
        {"code": "other", "label": "Khác", "active": False},
    ]
    saved = call(client, world, "PUT", path, {"categories": chosen})
    assert saved.status_code == 200
    assert [row["code"] for row in saved.json][:3] == ["disabled", "elderly", "other"]
    offered = client.get(
        f"/api/v1/offices/{world.office.id}/priority-categories", headers=world.headers("kiosk")
    ).json
    assert [row["code"] for row in offered] == ["disabled", "elderly", "pregnant", "merit"]
    assert offered[1]["label"] == "Người từ 75 tuổi"
    assert_field_error(
        call(client, world, "PUT", path, {"categories": [{"code": "vip", "label": "VIP"}]}), "code"
    )


# ---- Audit log -----------------------------------------------------------------------------


def test_audit_log_pages_back_and_is_for_admins_only(client, world: World):
    for number in range(3):
        call(
            client,
            world,
            "PATCH",
            f"/counters/{world.counter1.id}",
            {"name": f"Quầy một ({number})"},
        )
    first = call(client, world, "GET", f"/offices/{world.office.id}/audit?limit=2").json
    assert len(first["entries"]) == 2 and first["next_before_id"] is not None
    assert first["entries"][0]["changes"]["name"] == ["Quầy một (1)", "Quầy một (2)"]
    rest = call(
        client,
        world,
        "GET",
        f"/offices/{world.office.id}/audit?limit=2&before_id={first['next_before_id']}",
    ).json
    assert len(rest["entries"]) == 1 and rest["next_before_id"] is None
    for who in ("manager", "clerk1"):
        assert (
            call(client, world, "GET", f"/offices/{world.office.id}/audit", who=who).status_code
            == 403
        )


@pytest.mark.parametrize(
    "printer",
    [
        "tcp://127.0.0.1:5432",  # the server's own PostgreSQL
        "tcp://localhost:6379",
        "tcp://169.254.169.254:80",
        "tcp://8.8.8.8:53",
        "tcp://[::1]:22",
        "tcp://no-such-printer.invalid:9100",
    ],
)
def test_a_printer_address_outside_the_allowed_networks_is_refused(
    app, client, world: World, printer: str
):
    app.config["PRINTER_NETWORKS"] = "10.0.0.0/8,192.168.0.0/16"
    created = call(
        client,
        world,
        "POST",
        f"/offices/{world.office.id}/devices",
        {"kind": "kiosk", "name": "Kiosk lạ", "settings": {"printer": printer}},
    )
    assert created.status_code == 422, created.json
    assert created.json["error"]["code"] == "invalid_field"
    assert "XEPHANG_PRINTER_NETWORKS" in created.json["error"]["message"]

    kiosk = call(
        client,
        world,
        "POST",
        f"/offices/{world.office.id}/devices",
        {"kind": "kiosk", "name": "Kiosk tầng 1", "settings": {"printer": "tcp://192.168.1.9"}},
    )
    assert kiosk.status_code == 201, kiosk.json
    device_id = kiosk.json["device"]["id"]
    changed = call(
        client, world, "PATCH", f"/devices/{device_id}", {"settings": {"printer": printer}}
    )
    assert changed.status_code == 422
    listed = call(client, world, "GET", f"/offices/{world.office.id}/devices").json
    [device] = [device for device in listed if device["id"] == device_id]
    assert device["settings"]["printer"] == "tcp://192.168.1.9"


@pytest.mark.parametrize(
    ("settings", "width"),
    [
        ({"printer": "usb://0416:5011?profile=POS-5890"}, 384),  # the model in the URL
        # A kiosk whose agent prints (no URL on the server) names its model as a setting.
        ({"printer": "agent", "printer_profile": "pos-5890"}, 384),
        ({"printer": "agent", "printer_profile": "pos-5890", "paper_width": 576}, 576),
    ],
)
def test_a_printer_profile_sets_the_paper_width(client, world: World, settings: dict, width: int):
    created = call(
        client,
        world,
        "POST",
        f"/offices/{world.office.id}/devices",
        {"kind": "kiosk", "name": "Kiosk 58", "settings": settings},
    )
    assert created.status_code == 201, created.json
    saved = created.json["device"]["settings"]
    assert saved["paper_width"] == width
    if "printer_profile" in settings:
        assert saved["printer_profile"] == "POS-5890"


def test_a_refused_password_change_costs_no_hash(client, world: World, monkeypatch):
    """scrypt runs only after the admin check, so refused callers cannot make the server hash."""
    import server.services.admin.users as admin_users

    hashed: list[str] = []
    monkeypatch.setattr(admin_users, "hash_password", lambda password: hashed.append(password))
    body = {"password": "mat-khau-moi"}
    for who in ("clerk1", "manager", "other_clerk"):
        path = f"/api/v1/admin/users/{world.clerk2[0].id}/password"
        assert client.post(path, json=body, headers=world.headers(who)).status_code == 403
        path = f"/api/v1/admin/offices/{world.office.id}/users"
        user = {"username": "canbo9", "full_name": "Cán bộ Chín", **body}
        assert client.post(path, json=user, headers=world.headers(who)).status_code == 403
    assert hashed == []


def test_staff_are_listed_by_role_then_given_name(client, world: World, make_user):
    """An office reads its roll by given name: Hai, Một, Tuấn; not by family name or login."""
    make_user(world.office, "clerk", "canbo0", "Lê Minh Tuấn")
    users = call(client, world, "GET", f"/offices/{world.office.id}/users").json
    clerks = [user["full_name"] for user in users if user["role"] == "clerk"]
    assert clerks == ["Lê Văn Hai", "Trần Thị Một", "Lê Minh Tuấn"]
    assert [user["role"] for user in users][:2] == ["admin", "manager"]
