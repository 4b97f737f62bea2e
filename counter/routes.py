"""The clerk console (`/counter`) and the counter's rating tablet (`/counter/<id>/rating`)."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint(
    "counter",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/counter/static",
)


@bp.get("/counter")
def console() -> str:
    """The console: sign in, choose the counter (remembered on this PC), then work it."""
    return render_template("counter/console.html")


@bp.get("/counter/<int:counter_id>/rating")
def rating(counter_id: int) -> str:
    """The rating tablet of a counter; its device token arrives once as `?token=`."""
    return render_template("counter/rating.html", counter_id=counter_id)
