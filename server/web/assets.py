"""Shared browser assets of all screens: the Socket.IO client, common JS modules, partials."""

from flask import Blueprint

bp = Blueprint(
    "assets",
    __name__,
    static_folder="static",
    static_url_path="/assets",
    template_folder="templates",  # assets/*.html: template partials several screens include
)
