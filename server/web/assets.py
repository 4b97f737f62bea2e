"""Shared browser assets of all screens: the Socket.IO client and common JS modules."""

from flask import Blueprint

bp = Blueprint("assets", __name__, static_folder="static", static_url_path="/assets")
