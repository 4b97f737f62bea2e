"""The display pages: the lobby display and the counter-top display (HTML shells; data via API)."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint(
    "display",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/display/static",
)


@bp.get("/display")
def lobby() -> str:
    """The lobby display; the device token arrives once as `?token=` and is kept by the page."""
    return render_template("display/lobby.html")


@bp.get("/display/counter/<int:counter_id>")
def counter(counter_id: int) -> str:
    """The counter-top display of one counter."""
    return render_template("display/counter.html", counter_id=counter_id)
