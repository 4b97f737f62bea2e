"""Printing commands: ticket-preview, print-test, device printer, print-agent's checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import bearer
from PIL import Image
from printer_support import fake_printer, read_qr
from sqlalchemy import select

from server import public_url
from server.app import create_app
from server.cli.commands import cli
from server.cli.serve import note_public_url
from server.db import database
from server.demo.tour import load_tour
from server.models import Device
from server.printing.escpos_decode import decode
from server.printing.printers import clear_dummy_output, dummy_output

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run a CLI command against a fresh SQLite file and instance folder."""
    monkeypatch.setenv("XEPHANG_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("XEPHANG_ASYNC_MODE", "threading")
    monkeypatch.setenv("XEPHANG_SECRET_KEY", "cli-test-secret")
    monkeypatch.setenv("XEPHANG_PUBLIC_URL", "http://yenthe.test")
    monkeypatch.setenv("FLASK_SKIP_DOTENV", "1")
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    monkeypatch.setenv("XEPHANG_INSTANCE_PATH", str(tmp_path / "instance"))
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return run


def test_ticket_preview_writes_the_raster_as_a_png(invoke: Invoke, tmp_path: Path):
    out = tmp_path / "ticket.png"
    result = invoke("ticket-preview", "--out", str(out), "--priority", "elderly")
    assert result.exit_code == 0, result.output
    assert "576×" in result.output
    image = Image.open(out)
    assert image.mode == "1" and image.width == 576 and image.height > 800
    assert read_qr(image) == ["https://xephang.example.gov.vn/t/preview"]


def test_ticket_preview_numbers_the_ticket_with_the_services_prefix(invoke: Invoke, tmp_path: Path):
    out = str(tmp_path / "ticket.png")
    assert invoke("ticket-preview", "--out", out).output.endswith("ticket E012\n")  # Lao động
    chosen = invoke("ticket-preview", "--out", out, "--service", "Đất đai")
    assert chosen.output.endswith("ticket A012\n")
    given = invoke("ticket-preview", "--out", out, "--service", "Đất đai", "--number", "A101")
    assert given.output.endswith("ticket A101\n")
    unknown = invoke("ticket-preview", "--out", out, "--service", "Thuế")
    assert unknown.exit_code == 2 and "--number is needed" in unknown.output


@pytest.mark.parametrize("width", ["384", "512"])
def test_ticket_preview_other_widths(invoke: Invoke, tmp_path: Path, width: str):
    out = tmp_path / f"ticket-{width}.png"
    result = invoke(
        "ticket-preview", "--out", str(out), "--width", width, "--number", "V105", "--url", "x:y"
    )
    assert result.exit_code == 0, result.output
    image = Image.open(out)
    assert image.width == int(width)
    assert read_qr(image) == ["x:y"]


def test_ticket_preview_of_a_stored_ticket(invoke: Invoke, tmp_path: Path):
    assert invoke("seed-demo", "--password", "pw").exit_code == 0
    tour = load_tour(str(tmp_path / "instance"))
    assert tour is not None
    kiosk = next(device for device in tour.devices if device.name == "Kiosk sảnh chính")
    app = create_app()
    ticket = (
        app.test_client()
        .post(
            "/api/v1/tickets",
            json={"service_id": 1},
            headers={"Authorization": f"Bearer {kiosk.token}"},
        )
        .json
    )
    database(app).engine.dispose()  # type: ignore[union-attr]
    out = tmp_path / "stored.png"
    result = invoke("ticket-preview", "--ticket-id", str(ticket["id"]), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"ticket {ticket['number']}" in result.output
    assert read_qr(Image.open(out)) == [f"http://yenthe.test/t/{ticket['public_token']}"]
    missing = invoke("ticket-preview", "--ticket-id", "9999", "--out", str(out))
    assert missing.exit_code != 0 and "does not exist" in missing.output


def test_a_stored_ticket_s_preview_has_the_qr_code_of_the_address_the_server_serves_on(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("XEPHANG_PUBLIC_URL")  # the demo as most people start it
    monkeypatch.setattr(public_url, "route_source", lambda _target: None)  # a LAN, no gateway
    monkeypatch.setattr(public_url, "interface_addresses", lambda: ["127.0.0.1", "192.168.1.23"])
    assert invoke("seed-demo", "--password", "pw").exit_code == 0
    tour = load_tour(str(tmp_path / "instance"))
    assert tour is not None
    kiosk = next(device for device in tour.devices if device.name == "Kiosk sảnh chính")
    app = create_app()
    note_public_url(app, "0.0.0.0", 5200)  # `xephang demo --host 0.0.0.0 --port 5200`
    ticket = (
        app.test_client()
        .post("/api/v1/tickets", json={"service_id": 1}, headers=bearer(kiosk.token))
        .json
    )
    database(app).engine.dispose()  # type: ignore[union-attr]
    served = f"http://192.168.1.23:5200/t/{ticket['public_token']}"
    assert ticket["public_url"] == served  # what the kiosk shows and the printer prints

    out = tmp_path / "stored.png"
    result = invoke("ticket-preview", "--ticket-id", str(ticket["id"]), "--out", str(out))

    assert result.exit_code == 0, result.output
    assert read_qr(Image.open(out)) == [served]
    assert f"QR code: {served}" in result.output


def test_print_test_page_on_a_dummy_and_a_network_printer(invoke: Invoke):
    clear_dummy_output()
    result = invoke("print-test", "--printer", "dummy:cli-test", "--width", "384")
    assert result.exit_code == 0, result.output
    assert "printer status: ok" in result.output
    job = decode(dummy_output("cli-test"))
    assert job.image().width == 384 and job.cut
    with fake_printer() as printer:
        assert invoke("print-test", "--printer", printer.url).exit_code == 0
        [data] = printer.wait_for_jobs(1)
        assert decode(data).image().width == 576
        printer.paper_out = True
        empty = invoke("print-test", "--printer", printer.url)
        assert empty.exit_code == 1 and "paper_out" in empty.output
        printer.stop()
        unplugged = invoke("print-test", "--printer", printer.url)
        assert unplugged.exit_code == 1 and "offline" in unplugged.output
    bad = invoke("print-test", "--printer", "lpt://1")
    assert bad.exit_code == 1 and "scheme" in bad.output


def device_id(name: str) -> str:
    """The id of a demo device by its name."""
    app = create_app()
    try:
        session = database(app).session()  # type: ignore[misc]
        return str(session.scalars(select(Device.id).where(Device.name == name)).one())
    finally:
        database(app).engine.dispose()  # type: ignore[union-attr]


def test_device_printer_settings(invoke: Invoke):
    assert invoke("seed-demo", "--password", "pw").exit_code == 0
    kiosk = device_id("Kiosk sảnh chính")
    result = invoke("device", "printer", kiosk, "--printer", "tcp://10.0.0.5:9100")
    assert result.exit_code == 0, result.output
    assert "printer tcp://10.0.0.5:9100" in result.output
    result = invoke("device", "printer", kiosk, "--printer", "agent", "--paper-width", "384")
    assert "printer agent, paper width 384 dots" in result.output
    shown = invoke("device", "printer", kiosk)
    assert "printer agent, paper width 384 dots" in shown.output
    bad = invoke("device", "printer", kiosk, "--printer", "tcp://")
    assert bad.exit_code == 1 and "invalid_field" in bad.output
    loopback = invoke("device", "printer", kiosk, "--printer", "tcp://127.0.0.1:5432")
    assert loopback.exit_code == 1 and "XEPHANG_PRINTER_NETWORKS" in loopback.output
    model = invoke("device", "printer", kiosk, "--printer", "usb://0416:5011?profile=POS-5890")
    assert "paper width 384 dots" in model.output, model.output
    display = invoke("device", "printer", device_id("Màn hình sảnh"), "--printer", "agent")
    assert display.exit_code == 1 and "kiosk" in display.output


def test_print_agent_refuses_a_bad_printer_url(invoke: Invoke):
    result = invoke(
        "print-agent", "--server", "http://127.0.0.1:9", "--token", "t", "--printer", "lp0"
    )
    assert result.exit_code == 1 and "scheme" in result.output
