"""`xephang purge-personal-data`: the nightly erasure of citizens' phone numbers (design §12)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from server.db import database
from server.models import utcnow
from server.services.personal_data import erase_phone_numbers


@click.command("purge-personal-data")
@with_appcontext
def purge_personal_data() -> None:
    """Erase phone numbers older than XEPHANG_PERSONAL_DATA_DAYS (safe to re-run; run nightly)."""
    scoped = database(current_app).session
    assert scoped is not None
    days = int(current_app.config["PERSONAL_DATA_DAYS"])
    erased = erase_phone_numbers(scoped(), days=days, now=utcnow())
    click.echo(
        f"phone numbers erased: {erased.tickets} tickets, {erased.appointments} bookings "
        f"(kept {days} days after their business day)"
    )
