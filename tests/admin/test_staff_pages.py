"""Staff pages: a sign-in form, a Vietnamese 403 page for the wrong role, the page for the right."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, World


def sign_in(client, username: str) -> None:
    """Start a browser login session."""
    response = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/dashboard", "/reports", "/admin"])
def test_anonymous_visitors_get_the_sign_in_form(client, world: World, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="login-form"' in page and "Đăng nhập" in page
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/dashboard", "/reports", "/admin"])
def test_a_clerk_gets_a_vietnamese_refusal(client, world: World, path):
    sign_in(client, "canbo1")
    response = client.get(path)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Không có quyền truy cập" in page
    assert "canbo1" in page and 'href="/counter"' in page
    assert "login-form" not in page


def test_a_manager_sees_dashboard_and_reports_but_not_admin(client, world: World):
    sign_in(client, "quanly")
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200
    page = dashboard.get_data(as_text=True)
    assert "<h1>Bảng điều khiển</h1>" in page
    assert f'data-office-id="{world.office.id}"' in page
    assert 'href="/admin"' not in page  # no link to what they cannot open
    assert client.get("/reports").status_code == 200
    refused = client.get("/admin")
    assert refused.status_code == 403
    assert "dành cho quản trị viên" in refused.get_data(as_text=True)


def test_an_admin_sees_every_staff_page(client, world: World):
    sign_in(client, "admin")
    for path in ("/dashboard", "/reports", "/admin"):
        assert client.get(path).status_code == 200, path
    page = client.get("/admin").get_data(as_text=True)
    assert "Quản trị hệ thống" in page and 'data-csrf="' in page


def test_pages_load_their_assets_from_this_server_only(client, world: World):
    sign_in(client, "admin")
    for path in ("/dashboard", "/reports", "/admin"):
        page = client.get(path).get_data(as_text=True)
        assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in page
    for asset in (
        "/dashboard/static/js/dashboard.js",
        "/dashboard/static/js/render.js",
        "/dashboard/static/js/charts.js",
        "/dashboard/static/js/report_view.js",
        "/dashboard/static/css/reports.css",
        "/admin/static/js/admin.js",
        "/admin/static/js/admin_view.js",
        "/admin/static/js/page_state.js",
        "/admin/static/js/tabs.js",
        "/admin/static/js/dialogs.js",
        "/admin/static/js/actions.js",
        "/assets/js/format.js",
        "/assets/js/offices.js",
        "/assets/js/names.js",
        "/assets/js/html.js",
    ):
        with client.get(asset) as response:
            assert response.status_code == 200, asset
