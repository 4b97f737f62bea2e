"""The manager's pages: the live dashboard (`/dashboard`) and the reports (`/reports`)."""

from __future__ import annotations

from flask import Blueprint, Response

from server.models import Role
from server.web.staff_pages import staff_page

bp = Blueprint(
    "dashboard",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/dashboard/static",
)

MANAGERS = (Role.MANAGER, Role.ADMIN)


@bp.get("/dashboard")
def dashboard() -> Response:
    """Waiting now, today's figures, counters and charts of one office or a group of offices."""
    return staff_page(MANAGERS, "dashboard/dashboard.html", "Bảng điều khiển")


@bp.get("/reports")
def reports() -> Response:
    """Reports by day, month or quarter with filters, exports and a printable layout."""
    return staff_page(MANAGERS, "dashboard/reports.html", "Báo cáo thống kê")
