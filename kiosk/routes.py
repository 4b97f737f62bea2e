"""The touch kiosk page (an HTML shell; services, tickets and printer state come over the API)."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint(
    "kiosk",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/kiosk/static",
)


@bp.get("/kiosk")
def kiosk() -> str:
    """The kiosk page; the device token arrives once as `?token=` and is kept by the page."""
    return render_template("kiosk/index.html")
