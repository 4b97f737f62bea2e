"""The server checks the kiosk printers it drives itself: at start, when a kiosk connects, and
every PRINTER_CHECK_SECONDS, so a dead printer is known before the first citizen's ticket."""

from __future__ import annotations

import socket
import time

from conftest import World
from printer_support import fake_printer

from server.models import Device
from server.realtime import printer_watch
from server.realtime.socket import socketio
from server.services.printing.print_jobs import record_printer_checks, server_printed_kiosks


def dead_printer_url() -> str:
    """A network printer nobody answers at (a port just closed on loopback)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"tcp://127.0.0.1:{port}?timeout=1&status_timeout=1"


def printer_statuses(client) -> list[str]:  # type: ignore[no-untyped-def]
    """The `printer_status` events a Socket.IO test client received since last asked."""
    return [p["args"][0]["status"] for p in client.get_received() if p["name"] == "printer_status"]


def test_a_kiosk_that_starts_hears_its_dead_network_printer_before_any_ticket(
    app, world: World, session, make_device
):
    app.config["PRINTER_CHECK_SECONDS"] = 3600  # the periodic round is not what this waits for
    kiosk, token = make_device(world.office, "kiosk", printer=dead_printer_url())
    assert kiosk.printer_status is None  # nobody has printed on it yet

    screen = socketio.test_client(app, auth={"token": token})
    seen: list[str] = []
    deadline = time.monotonic() + 10
    while "offline" not in seen and time.monotonic() < deadline:
        seen += printer_statuses(screen)
        time.sleep(0.02)

    assert set(seen) == {"offline"}  # told once it changed (two checks may both have told it)
    session.expire_all()
    assert session.get(Device, kiosk.id).printer_status == "offline"
    assert session.get(Device, kiosk.id).printer_status_at is not None
    screen.disconnect()


def test_a_round_asks_only_the_printers_the_server_drives(app, world: World, session, make_device):
    with fake_printer() as printer:
        working, _ = make_device(world.office, "kiosk", printer=printer.url)
        dead, _ = make_device(world.office, "kiosk", printer=dead_printer_url())
        demo, _ = make_device(world.office, "kiosk", printer="dummy:watch")
        by_agent, _ = make_device(world.office, "kiosk", printer="agent")
        in_page, _ = make_device(world.office, "kiosk", printer="browser:")
        driven = {device_id for device_id, _ in server_printed_kiosks(session)}
        assert {working.id, dead.id, demo.id} <= driven
        assert not driven & {by_agent.id, in_page.id, world.kiosk[0].id}

        printer_watch._check_round(app)

        session.expire_all()
        status = {d.id: d.printer_status for d in session.query(Device)}
        assert status[working.id] == "ok" and printer.status_queries > 0
        assert status[dead.id] == "offline" and status[demo.id] == "ok"
        assert status[by_agent.id] is None and status[in_page.id] is None  # their agents' job

        printer.paper_out = True
        printer_watch._check_round(app, {working.id})
        session.expire_all()
        assert session.get(Device, working.id).printer_status == "paper_out"


def test_only_a_changed_state_is_told_and_a_check_is_the_last_contact(
    world: World, session, make_device
):
    kiosk, _ = make_device(world.office, "kiosk", printer="dummy:seen")
    [change] = record_printer_checks(session, [(kiosk.id, "offline")])
    assert change.event == "printer_status" and change.device_id == kiosk.id
    assert change.payload["status"] == "offline"
    assert change.payload["message"] == "Máy in không kết nối"
    first = session.get(Device, kiosk.id).printer_status_at
    assert record_printer_checks(session, [(kiosk.id, "offline")]) == []
    assert session.get(Device, kiosk.id).printer_status_at >= first
    assert record_printer_checks(session, [(kiosk.id, "melted")])[0].payload["status"] == "error"


def test_checks_are_off_at_zero(app, world: World, make_device, monkeypatch):
    assert app.config["PRINTER_CHECK_SECONDS"] == 0  # the tests' setting
    started: list[object] = []
    monkeypatch.setattr(socketio, "start_background_task", lambda *args: started.append(args))
    _, token = make_device(world.office, "kiosk", printer=dead_printer_url())
    screen = socketio.test_client(app, auth={"token": token})
    assert screen.is_connected()
    printer_watch.ensure_printer_watch(app)
    assert started == [] and "xephang_printer_watch" not in app.extensions
    screen.disconnect()
