"""Commands of design §11: demo, run, db upgrade, seed-demo, user create, device add, printing."""

from __future__ import annotations

import getpass
import logging
import os
import secrets
import signal
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from server.app import create_app
from server.backup import BackupError, backup_sqlite
from server.cli.privacy_commands import purge_personal_data
from server.cli.report_commands import reports_group
from server.cli.serve import serve
from server.db import database
from server.migrations import upgrade
from server.models import Counter, Office
from server.printing.allowed_networks import AllowedNetworks
from server.printing.ticket_layout import DEFAULT_NOTE, TicketContent
from server.public_url import (
    FALLBACK_SETTING,
    is_configured,
    is_loopback,
    public_base_url,
    served_url,
    serving_url,
)
from server.rules.business_day import session_name
from server.rules.errors import DomainError
from server.schemas.fields import check_new_password
from server.services.accounts.credentials import actor_for_token, create_device, create_user
from server.services.admin.devices import revoke as revoke_device
from server.services.printing.print_jobs import set_kiosk_printer
from server.services.printing.ticket_print import PRIORITY_LABELS, PRIORITY_NOTE
from server.services.printing.ticket_print import paper_width as paper_width_of
from server.web.home import DEMO_TOUR


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
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)  # database, key
    if not os.environ.get("XEPHANG_SECRET_KEY"):
        app.config["SECRET_KEY"] = stored_secret_key(app.instance_path)
    return app


class XephangGroup(FlaskGroup):
    """Flask's group (ScriptInfo, app contexts) with xephang's commands only.

    Flask's `--app`, `--env-file` and `--debug` do nothing here (the app is always
    `make_app`, settings are `XEPHANG_*` variables), and looking for commands of other apps
    would build the app just to show `--help`.
    """

    FLASK_ONLY_OPTIONS = frozenset({"app", "env_file", "debug"})

    def __init__(self, **extra: Any) -> None:
        super().__init__(**extra)
        self.params = [param for param in self.params if param.name not in self.FLASK_ONLY_OPTIONS]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """One of xephang's commands (never a plugin's or the app's)."""
        return click.Group.get_command(self, ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """xephang's commands, without building the app."""
        return click.Group.list_commands(self, ctx)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Plain click parsing: FLASK_APP and FLASK_ENV_FILE are not read."""
        return click.Group.parse_args(self, ctx, args)


@click.group(
    cls=XephangGroup, create_app=make_app, add_default_commands=False, add_version_option=False
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


def _new_password(password: str) -> str:
    """The password, if it follows the one rule of the admin API (server/schemas/fields.py)."""
    try:
        return check_new_password(password)
    except PydanticCustomError as error:
        raise click.ClickException(f"invalid_field: password: {error.message()}") from error


cli.add_command(reports_group)
cli.add_command(purge_personal_data)


@cli.group("db")
def db_group() -> None:
    """Database: schema upgrades and backups."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Run Alembic migrations to head."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is at the newest schema")


@db_group.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def db_backup(target: Path) -> None:
    """Copy the SQLite database to TARGET while the server runs (PostgreSQL: use pg_dump)."""
    try:
        size = backup_sqlite(current_app.config["DATABASE_URL"], target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written to {target} ({size / 1_000_000:.1f} MB), integrity ok")


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
    print_tour(
        tour, public_base_url(current_app.config), configured=is_configured(current_app.config)
    )


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
    password = _new_password(password)
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
        device = revoke_device(_session(), None, device_id).body
    except DomainError as error:
        _fail(error)
        return
    assert isinstance(device, dict)
    click.echo(f"device {device['name']} (id {device['id']}) revoked")


@device_group.command("printer")
@click.argument("device_id", type=int)
@click.option(
    "--printer",
    help="`agent` (the kiosk PC's print agent), `browser:` (the kiosk page prints) "
    "or a URL, e.g. tcp://IP:9100",
)
@click.option("--paper-width", type=click.Choice(["576", "512", "384"]), help="dots")
@click.option(
    "--profile",
    help="the printer model's python-escpos profile, e.g. TM-T20II ('' to forget); "
    "a model that draws QR codes itself gets them as a command",
)
@with_appcontext
def device_printer(
    device_id: int, printer: str | None, paper_width: str | None, profile: str | None
) -> None:
    """Show or set who prints a kiosk's tickets, its paper width and printer model."""
    try:
        device = set_kiosk_printer(
            _session(),
            device_id,
            printer,
            int(paper_width) if paper_width else None,
            profile,
            printer_networks=AllowedNetworks.parse(current_app.config["PRINTER_NETWORKS"]),
        )
    except DomainError as error:
        _fail(error)
        return
    settings = device.settings or {}
    click.echo(
        f"kiosk {device.name} (id {device.id}): printer {settings.get('printer', 'agent')}, "
        f"paper width {paper_width_of(device)} dots, "
        f"profile {settings.get('printer_profile', 'none (QR printed as a picture)')}, "
        f"status {device.printer_status or 'unknown'}"
    )


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


LOOPBACK_NOTE = (
    "NOTE: links and ticket QR codes point at this machine's loopback address, which no phone "
    "or other device can open; to try them from the office network, serve with --host 0.0.0.0 "
    "(or set XEPHANG_PUBLIC_URL)."
)


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
    if not is_configured(current_app.config):
        current_app.config[FALLBACK_SETTING] = serving_url(host, port)
    base_url = public_base_url(current_app.config)
    if not demo_exists(session):
        save_tour(seed_demo(session, password=password), current_app.instance_path)
    tour = load_tour(current_app.instance_path)
    if tour is not None and not tour_matches_database(session, tour):
        tour = None  # saved for another database: its tokens would not work here
    if tour is None:
        click.echo("The database already holds data; the demo tour was not saved here.")
    else:
        print_tour(tour, base_url, configured=is_configured(current_app.config))
        current_app.config[DEMO_TOUR] = tour  # `/` lists its pairing links (the demo only)
    if is_loopback(base_url):
        click.echo(LOOPBACK_NOTE)
    session.close()
    serve(current_app._get_current_object(), host, port)  # type: ignore[attr-defined]


@cli.command("print-agent", with_appcontext=False)
@click.option(
    "--server", "server_url", required=True, help="the xephang server, e.g. http://10.0.0.2:5000"
)
@click.option(
    "--token", required=True, envvar="XEPHANG_AGENT_TOKEN", help="the kiosk's device token"
)
@click.option(
    "--printer", "printer_url", required=True, help="e.g. usb://0416:5011, tcp://10.0.0.5"
)
@click.option("--status-interval", default=30.0, show_default=True, help="seconds between checks")
@click.option("--retry-for", default=120.0, show_default=True, help="seconds to retry a failed job")
def print_agent_command(
    server_url: str, token: str, printer_url: str, status_interval: float, retry_for: float
) -> None:
    """Run the kiosk's print agent: receive print jobs, print them, report back."""
    from kiosk.agent import PrintAgent, Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        agent = PrintAgent(
            server_url,
            token,
            printer_url,
            Settings(status_interval=status_interval, retry_for=retry_for),
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    signal.signal(signal.SIGTERM, lambda *_: agent.stopped.set())  # systemd stops it cleanly
    click.echo(f"print agent: {server_url} → {printer_url} (Ctrl-C to stop)")
    agent.run()


@cli.command("print-test", with_appcontext=False)
@click.option("--printer", "printer_url", required=True, help="e.g. usb://0416:5011")
@click.option("--width", default=576, show_default=True, type=click.Choice(["576", "512", "384"]))
def print_test_command(printer_url: str, width: str) -> None:
    """Print the test page (alphabet, tones, ruler) and say how the printer is."""
    from server.printing.delivery import print_checked
    from server.printing.escpos_encode import encode_ticket
    from server.printing.printers import PrinterError
    from server.printing.raster import render_test_page

    data = encode_ticket(render_test_page(int(width)))
    try:
        status = print_checked(printer_url, data)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    except PrinterError as error:
        raise click.ClickException(f"{error.reason}: {error}") from error
    click.echo(f"test page sent to {printer_url} ({len(data)} bytes); printer status: {status}")


@cli.command("ticket-preview", with_appcontext=False)
@click.option("--out", "out_path", default="ticket.png", show_default=True, type=click.Path())
@click.option("--width", type=click.Choice(["576", "512", "384"]), help="dots (default 576)")
@click.option("--ticket-id", type=int, help="render a ticket of the database instead")
@click.option("--number", help="ticket number (default: the service's demo prefix and 012)")
@click.option("--service", default="Lao động – Thương binh và Xã hội", show_default=True)
@click.option("--priority", type=click.Choice(sorted(PRIORITY_LABELS)), help="priority category")
@click.option("--office-line", "office_lines", multiple=True, help="header line (repeatable)")
@click.option("--counters", default="Quầy 5", show_default=True)
@click.option("--ahead", default=4, show_default=True)
@click.option("--wait", "wait_minutes", default=18, show_default=True, type=int)
@click.option("--url", default="https://xephang.example.gov.vn/t/preview", show_default=True)
def ticket_preview_command(
    out_path: str,
    width: str | None,
    ticket_id: int | None,
    number: str | None,
    service: str,
    priority: str | None,
    office_lines: tuple[str, ...],
    counters: str,
    ahead: int,
    wait_minutes: int,
    url: str,
) -> None:
    """Write the exact ticket raster (what the printer prints, dot for dot) as a PNG."""
    from server.printing.escpos_encode import printable_raster
    from server.printing.raster import render_ticket

    if ticket_id is not None:
        content, kiosk_width = _stored_ticket_content(ticket_id)
    else:
        now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
        content = TicketContent(
            office_lines=office_lines or ("UBND HUYỆN YÊN THẾ", "BỘ PHẬN MỘT CỬA"),
            number=number or _preview_number(service),
            service_name=service,
            priority_label=PRIORITY_LABELS[priority] if priority else None,
            counters_line=counters or None,
            people_ahead=ahead,
            estimated_wait_minutes=wait_minutes,
            issued_local=now,
            session_name=session_name(now),
            qr_url=url,
            note=f"{PRIORITY_NOTE}. {DEFAULT_NOTE}" if priority else DEFAULT_NOTE,
        )
        kiosk_width = 576
    image = printable_raster(render_ticket(content, int(width) if width else kiosk_width))
    image.save(out_path)
    click.echo(f"QR code: {content.qr_url}")
    click.echo(f"wrote {out_path}: {image.width}×{image.height} dots, ticket {content.number}")


def _preview_number(service: str) -> str:
    """A sample number for a service of the demo: its prefix and 012 (E012 for Lao động)."""
    from server.demo.seed import DISTRICT

    prefixes = {spec.name: spec.prefix for spec in DISTRICT.services}
    if service not in prefixes:
        raise click.UsageError(
            f"--number is needed: {service!r} is not a service of the demo ({', '.join(prefixes)})"
        )
    return f"{prefixes[service]}012"


def _stored_ticket_content(ticket_id: int) -> tuple[TicketContent, int]:
    """The content of a stored ticket and its kiosk's paper width (576 for reception)."""
    from server.models import Device, Ticket
    from server.services.presenters import staff_ticket_dict
    from server.services.printing.ticket_print import paper_width, ticket_content
    from server.services.settings import QueueSettings

    app = click.get_current_context().ensure_object(ScriptInfo).load_app()
    if not is_configured(app.config):  # the QR code the server printed: on the address it noted
        app.config[FALLBACK_SETTING] = served_url(app.instance_path)
    with app.app_context():
        session = _session()
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise click.ClickException(f"ticket {ticket_id} does not exist")
        settings = QueueSettings.from_config(app.config)
        body = staff_ticket_dict(session, ticket, settings)
        device = session.get(Device, ticket.issued_by_device_id or 0)
        width = paper_width(device) if device is not None else 576
        return ticket_content(session, ticket, body, settings), width
