"""`xephang reports ...`: report chores an office runs from the command line or a nightly job."""

from __future__ import annotations

import time
from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from server.db import database
from server.services.reports.rollups import prebuild_rollups


@click.group("reports")
def reports_group() -> None:
    """Reports: build roll-ups ahead of time."""


@reports_group.command("build-rollups")
@click.option("--office-id", "office_ids", type=int, multiple=True, help="only these (repeatable)")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="first day, YYYY-MM-DD (default: the oldest ticket)",
)
@with_appcontext
def build_rollups(office_ids: tuple[int, ...], since: datetime | None) -> None:
    """Roll up every closed day, month, quarter and year not yet built (safe to re-run nightly)."""
    scoped = database(current_app).session
    assert scoped is not None
    started = time.monotonic()
    days = prebuild_rollups(
        scoped(), office_ids or None, since=since.date() if since is not None else None
    )
    click.echo(f"{days} office-days rolled up in {time.monotonic() - started:.1f} s")
