"""Commands of DESIGN §11: demo, run, db upgrade, seed-demo, user create, device add."""

from __future__ import annotations

import getpass
import os
import secrets
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.orm import Session

from server.app import create_app
from server.cli.serve import serve
from server.db import database
from server.migrations import upgrade
from server.models import Counter, Office
from server.rules.errors import DomainError
from server.services.auth import actor_for_token, create_device, create_user
from server.services.devices import revoke_device


def stored_secret_key(instance_path: str) -> str:
    """The secret key kept in the instance folder, created on first use (single-PC set-up)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def make_app() -> Flask:
    """The app for CLI commands: instance folder ready, logins kept across restarts."""
    app = create_app()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not os.environ.get("XEPHANG_SECRET_KEY"):
        app.config["SECRET_KEY"] = stored_secret_key(app.instance_path)
    return app


@click.group(
    cls=FlaskGroup, create_app=make_app, add_default_commands=False, add_version_option=False
)
def cli() -> None:
    """xephang: queue system for Vietnamese one-stop offices."""


def _session() -> Session:
    """The CLI's database session."""
    scoped = database(current_app).session
    assert scoped is not None
    return scoped()


def _fail(error: DomainError) -> None:
    """Show a domain error as a CLI error."""
    raise click.ClickException(f"{error.code}: {error.message}")


@cli.group("db")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Run Alembic migrations to head."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is at the newest schema")


@cli.command("seed-demo")
@click.option("--password", default="demo", show_default=True, help="password of every demo user")
@click.option("--real-hours", is_flag=True, help="seed real working sessions instead of 24/7")
@with_appcontext
def seed_demo_command(password: str, real_hours: bool) -> None:
    """Create the demo office (Yên Thế) with users and devices; prints the tour."""
    from server.demo.seed import demo_exists, seed_demo
    from server.demo.tour import print_tour, save_tour

    upgrade(current_app.config["DATABASE_URL"])
    if demo_exists(_session()):
        raise click.ClickException("the demo office is already in this database")
    tour = seed_demo(_session(), password=password, real_hours=real_hours)
    save_tour(tour, current_app.instance_path)
    print_tour(tour, base_url=current_app.config["PUBLIC_URL"] or "http://127.0.0.1:5000")


@cli.group("user")
def user_group() -> None:
    """Staff accounts."""


@user_group.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "manager", "clerk"]))
@click.option("--office-id", required=True, type=int)
@click.option("--full-name", default="")
@click.option("--password", default=None, help="asked for when not given")
@with_appcontext
def user_create(
    username: str, role: str, office_id: int, full_name: str, password: str | None
) -> None:
    """Create a user."""
    session = _session()
    if session.get(Office, office_id) is None:
        raise click.ClickException(f"office {office_id} does not exist")
    if password is None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat: "):
            raise click.ClickException("passwords differ")
    if len(password) < 4:
        raise click.ClickException("password too short (at least 4 characters)")
    try:
        user = create_user(session, username, password, role, office_id, full_name)
    except DomainError as error:
        _fail(error)
        return
    click.echo(f"user {user.username} (id {user.id}, {user.role}) created")


@cli.group("device")
def device_group() -> None:
    """Paired devices."""


@device_group.command("add")
@click.option(
    "--kind", required=True, type=click.Choice(["kiosk", "display", "counter_display", "rating"])
)
@click.option("--office-id", required=True, type=int)
@click.option("--name", required=True)
@click.option("--counter-id", type=int, default=None)
@with_appcontext
def device_add(kind: str, office_id: int, name: str, counter_id: int | None) -> None:
    """Register a device; its token is printed alone on the last line."""
    session = _session()
    if session.get(Office, office_id) is None:
        raise click.ClickException(f"office {office_id} does not exist")
    if counter_id is not None:
        counter = session.get(Counter, counter_id)
        if counter is None or counter.office_id != office_id:
            raise click.ClickException(f"counter {counter_id} is not in office {office_id}")
    try:
        device, token = create_device(session, kind, office_id, name, counter_id)
    except DomainError as error:
        _fail(error)
        return
    click.echo(f"device {device.name} (id {device.id}, {device.kind}) created; token:")
    click.echo(token)


@device_group.command("revoke")
@click.argument("device_id", type=int)
@with_appcontext
def device_revoke(device_id: int) -> None:
    """Revoke a device; servers close its open sockets within seconds."""
    try:
        device = revoke_device(_session(), None, device_id)
    except DomainError as error:
        _fail(error)
        return
    click.echo(f"device {device['name']} (id {device['id']}) revoked")


@cli.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def run_command(host: str, port: int) -> None:
    """Serve in production (eventlet unless XEPHANG_ASYNC_MODE=threading)."""
    serve(current_app._get_current_object(), host, port)  # type: ignore[attr-defined]


def tour_matches_database(session: Any, tour: Any) -> bool:
    """Whether the saved tour's device tokens belong to this database."""
    return all(actor_for_token(session, device.token) is not None for device in tour.devices[:1])


@cli.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--password", default="demo", show_default=True)
@with_appcontext
def demo_command(host: str, port: int, password: str) -> None:
    """Migrate, seed the demo office if the database is empty, print the tour, serve."""
    from server.demo.seed import demo_exists, seed_demo
    from server.demo.tour import load_tour, print_tour, save_tour

    upgrade(current_app.config["DATABASE_URL"])
    session = _session()
    base_url = current_app.config["PUBLIC_URL"] or f"http://{host}:{port}"
    if not demo_exists(session):
        save_tour(seed_demo(session, password=password), current_app.instance_path)
    tour = load_tour(current_app.instance_path)
    if tour is not None and not tour_matches_database(session, tour):
        tour = None  # saved for another database: its tokens would not work here
    if tour is None:
        click.echo("The database already holds data; the demo tour was not saved here.")
    else:
        print_tour(tour, base_url=base_url)
    session.close()
    serve(current_app._get_current_object(), host, port)  # type: ignore[attr-defined]
