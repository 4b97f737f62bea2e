"""The administration pages (`/admin`): set up offices without touching the database."""

from __future__ import annotations

from flask import Blueprint, Response

from server.models import Role
from server.web.staff_pages import staff_page

bp = Blueprint(
    "admin",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/admin/static",
)


@bp.get("/admin")
def admin() -> Response:
    """Offices, services, counters, users, devices, calendars, priorities and the audit log."""
    return staff_page((Role.ADMIN,), "admin/admin.html", "Quản trị hệ thống")
