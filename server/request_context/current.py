"""The database session and settings of the app answering the current request."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from server.db import database
from server.printing.allowed_networks import AllowedNetworks
from server.services.settings import QueueSettings


def db_session() -> Session:
    """The SQLAlchemy session of this request."""
    scoped = database(current_app).session
    assert scoped is not None
    return scoped()


def queue_settings() -> QueueSettings:
    """The queue settings of this app."""
    return QueueSettings.from_config(current_app.config)


def printer_networks() -> AllowedNetworks:
    """The networks the server may open tcp:// printers on (XEPHANG_PRINTER_NETWORKS)."""
    return AllowedNetworks.parse(current_app.config["PRINTER_NETWORKS"])
