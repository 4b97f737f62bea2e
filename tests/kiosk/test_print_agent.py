"""The print agent against the real server and a fake network printer, failure paths included."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from cups_support import running_cups
from printer_support import FakePrinter, fake_printer, read_qr
from sqlalchemy import select
from sqlalchemy.orm import Session
from support_server import free_port, running_server, seed_office
from waiting import wait_until

from kiosk.agent import PrintAgent, Settings, decode_job
from server.db import make_engine
from server.models import Device, PrintJob
from server.printing.escpos_decode import decode
from server.printing.printers import clear_dummy_output, dummy_output
from server.services.accounts.credentials import create_device

pytestmark = pytest.mark.server

FAST = Settings(status_interval=0.5, retry_interval=0.3, retry_for=60, reconnect_delay_max=1)


@dataclass
class Office:
    """A running server with an office; each test adds its own kiosk."""

    url: str
    database_url: str
    service_id: int
    office_id: int

    def add_kiosk(self, **settings: Any) -> tuple[int, str]:
        """A new kiosk device: (id, token)."""
        engine = make_engine(self.database_url)
        try:
            with Session(engine) as session:
                device, token = create_device(
                    session, "kiosk", self.office_id, "Kiosk thử", None, settings
                )
                return device.id, token
        finally:
            engine.dispose()

    def read(self, query: Callable[[Session], Any]) -> Any:
        """Run a read against the server's database."""
        engine = make_engine(self.database_url)
        try:
            with Session(engine) as session:
                return query(session)
        finally:
            engine.dispose()

    def issue(self, token: str) -> dict[str, Any]:
        """Issue a ticket as the kiosk."""
        response = requests.post(
            f"{self.url}/api/v1/tickets",
            json={"service_id": self.service_id},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    def job(self, ticket_id: int) -> PrintJob:
        """The ticket's latest print job."""
        return self.read(
            lambda s: s.scalars(
                select(PrintJob).where(PrintJob.ticket_id == ticket_id).order_by(PrintJob.id.desc())
            ).first()
        )

    def printer_status(self, device_id: int) -> str | None:
        """The kiosk's printer state as the server keeps it."""
        return self.read(lambda s: s.get(Device, device_id).printer_status)

    def public_ticket(self, ticket: dict[str, Any]) -> dict[str, Any]:
        """The citizen's view of a ticket."""
        response = requests.get(
            f"{self.url}/api/v1/public/tickets/{ticket['public_token']}", timeout=10
        )
        assert response.status_code == 200
        return dict(response.json())


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """One production server for the module (kiosks differ per test)."""
    work: Path = tmp_path_factory.mktemp("agent")
    database_url = f"sqlite:///{work / 'agent.sqlite3'}"
    seeded = seed_office(database_url)
    env = {
        "XEPHANG_DATABASE_URL": database_url,
        "XEPHANG_SECRET_KEY": "agent-tests",
        "XEPHANG_LOG_REQUESTS": "false",
    }
    with running_server(env, log_path=work / "server.log") as server:
        yield Office(server.url, database_url, seeded.service_ids[0], seeded.office_id)


@pytest.fixture
def start_agent() -> Iterator[Callable[..., PrintAgent]]:
    """Start print agents; all are stopped after the test."""
    agents: list[PrintAgent] = []

    def start(url: str, token: str, printer: str, settings: Settings = FAST) -> PrintAgent:
        agent = PrintAgent(url, token, printer, settings)
        agents.append(agent)
        agent.start()
        wait_until(lambda: agent.sio.connected, 20.0, "agent connected")
        return agent

    yield start
    for agent in agents:
        agent.stop()


def assert_ticket_bytes(
    office: Office, data: bytes, ticket: dict[str, Any], width: int = 576
) -> None:
    """The job decodes to a raster of the paper width, with the ticket's QR, then a cut."""
    job = decode(data)
    image = job.image()
    assert image.width == width and image.height > width
    # Without XEPHANG_PUBLIC_URL the QR points at the address the kiosk reached the server on.
    assert read_qr(image) == [f"{office.url}/t/{ticket['public_token']}"]
    assert job.ops[-1][0] == "cut"


def test_agent_prints_an_issued_ticket(office: Office, start_agent):
    kiosk_id, token = office.add_kiosk()
    with fake_printer() as printer:
        start_agent(office.url, token, printer.url)
        ticket = office.issue(token)
        [data] = printer.wait_for_jobs(1)
        assert_ticket_bytes(office, data, ticket)
        wait_until(lambda: office.job(ticket["id"]).status == "printed", 20.0, "job printed")
        wait_until(lambda: office.printer_status(kiosk_id) == "ok", 20.0, "printer ok")
        assert printer.status_queries >= 2  # asked before and after the job


def test_the_production_server_prints_to_an_allowed_network_printer(office: Office):
    # The real server under eventlet checks the address, connects and prints: no agent.
    with fake_printer() as printer:
        kiosk_id, token = office.add_kiosk(printer=printer.url)
        ticket = office.issue(token)
        [data] = printer.wait_for_jobs(1)
        assert_ticket_bytes(office, data, ticket)
        wait_until(lambda: office.job(ticket["id"]).status == "printed", 20.0, "job printed")
        wait_until(lambda: office.printer_status(kiosk_id) == "ok", 20.0, "printer ok")


def test_agent_prints_through_a_cups_queue(
    office: Office, start_agent, monkeypatch: pytest.MonkeyPatch
):
    _, token = office.add_kiosk()
    with fake_printer() as printer, running_cups() as cups:
        monkeypatch.setenv("CUPS_SERVER", cups.env["CUPS_SERVER"])
        cups.add_raw_queue("xephang-kiosk", f"socket://127.0.0.1:{printer.port}")
        start_agent(office.url, token, "cups://xephang-kiosk")
        ticket = office.issue(token)
        [data] = printer.wait_for_jobs(1)
        assert_ticket_bytes(office, data, ticket)
        wait_until(lambda: office.job(ticket["id"]).status == "printed", 20.0, "job printed")
        assert printer.status_queries == 0  # the job went through CUPS untouched


def test_printer_refusing_connections_fails_visibly_then_retries(office: Office, start_agent):
    kiosk_id, token = office.add_kiosk()
    printer = FakePrinter().start()
    printer.stop()  # unplugged: the port refuses connections
    try:
        start_agent(office.url, token, printer.url)
        ticket = office.issue(token)
        wait_until(lambda: office.job(ticket["id"]).status == "failed", 20.0, "job failed")
        job = office.job(ticket["id"])
        assert job.reason == "offline"
        assert office.printer_status(kiosk_id) == "offline"
        public = office.public_ticket(ticket)
        assert public["status"] == "waiting" and public["number"] == ticket["number"]
        printer.start()  # plugged back in: the agent's retry prints the waiting ticket
        [data] = printer.wait_for_jobs(1)
        assert_ticket_bytes(office, data, ticket)
        wait_until(lambda: office.job(ticket["id"]).status == "printed", 20.0, "printed on retry")
        wait_until(lambda: office.printer_status(kiosk_id) == "ok", 20.0, "printer ok again")
    finally:
        printer.stop()


def test_printer_dying_mid_job_is_a_failure_not_a_print(office: Office, start_agent):
    _, token = office.add_kiosk()
    with fake_printer(drop_after=4000) as printer:
        start_agent(office.url, token, printer.url)
        ticket = office.issue(token)
        wait_until(lambda: office.job(ticket["id"]).status == "failed", 20.0, "job failed")
        assert office.job(ticket["id"]).reason == "offline"
        assert office.public_ticket(ticket)["status"] == "waiting"
        assert printer.jobs == []
        printer.drop_after = None  # repaired
        [data] = printer.wait_for_jobs(1)
        assert_ticket_bytes(office, data, ticket)
        wait_until(lambda: office.job(ticket["id"]).status == "printed", 20.0, "printed on retry")


def test_jobs_issued_while_the_agent_was_away_print_when_it_connects(office: Office, start_agent):
    _, token = office.add_kiosk(paper_width=384)
    first = office.issue(token)
    second = office.issue(token)
    with fake_printer() as printer:
        start_agent(office.url, token, printer.url)
        jobs = printer.wait_for_jobs(2)
        for data, ticket in zip(jobs, (first, second), strict=True):
            assert_ticket_bytes(office, data, ticket, width=384)
        wait_until(lambda: office.job(second["id"]).status == "printed", 20.0, "both printed")


def test_paper_out_is_known_before_anyone_taps(office: Office, start_agent):
    kiosk_id, token = office.add_kiosk()
    with fake_printer() as printer:
        printer.paper_out = True
        agent = start_agent(office.url, token, printer.url)
        wait_until(
            lambda: office.printer_status(kiosk_id) == "paper_out", 20.0, "paper out reported"
        )
        printer.paper_out = False  # a new roll
        wait_until(lambda: office.printer_status(kiosk_id) == "ok", 20.0, "paper back")
        agent.stop()
        wait_until(lambda: office.printer_status(kiosk_id) == "offline", 20.0, "agent gone")


def test_print_job_payloads_are_checked():
    data = base64.b64encode(b"\x1b@").decode()
    job = decode_job({"job_id": 3, "format": "escpos", "data": data, "ticket": {"number": "A1"}}, 5)
    assert (job.job_id, job.number, job.data, job.received_at) == (3, "A1", b"\x1b@", 5)
    for bad in (
        None,
        {"format": "escpos", "data": data},
        {"job_id": True, "format": "escpos", "data": data},
        {"job_id": 1, "format": "pdf", "data": data},
        {"job_id": 1, "format": "escpos", "data": "not base64!"},
        {"job_id": 1, "format": "escpos", "data": ""},
    ):
        with pytest.raises(ValueError):
            decode_job(bad, 0)


class FlakyServer:
    """A requests.Session stand-in: unreachable until `up`, then records what it is sent."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.up = False
        self.received: list[tuple[str, dict[str, Any]]] = []

    def post(self, url: str, json: dict[str, Any], timeout: float) -> Any:
        if not self.up:
            raise requests.ConnectionError("server away")
        self.received.append((url.split("/api/v1")[1], json))
        return type("Answer", (), {"status_code": 200, "text": ""})()


def test_results_wait_for_the_server_and_printed_jobs_are_not_printed_twice():
    clear_dummy_output()
    server = FlakyServer()
    agent = PrintAgent("http://server.invalid", "t", "dummy:agent-test", FAST, http=server)  # type: ignore[arg-type]
    data = base64.b64encode(b"\x1b@").decode()
    agent._on_print_job({"job_id": 9, "format": "escpos", "data": data})
    agent.run_once()
    assert agent.state.reports  # printed, but the server did not hear it yet
    agent._on_print_job({"job_id": 9, "format": "escpos", "data": data})  # sent again
    server.up = True
    agent.run_once()
    results = [body for path, body in server.received if path.startswith("/print-jobs/9")]
    assert results == [{"status": "printed"}, {"status": "printed"}]
    assert agent.state.jobs == [] and agent.state.reports == []
    assert dummy_output("agent-test") == b"\x1b@"  # printed once
    assert ("/devices/printer-status", {"status": "ok"}) in server.received


def test_agent_reconnects_after_a_server_restart(tmp_path: Path, start_agent):
    database_url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    seeded = seed_office(database_url)
    env = {"XEPHANG_DATABASE_URL": database_url, "XEPHANG_SECRET_KEY": "restart"}
    port = free_port()
    with fake_printer() as printer:
        with running_server(env, port, log_path=tmp_path / "first.log") as server:
            office = Office(server.url, database_url, seeded.service_ids[0], seeded.office_id)
            agent = start_agent(server.url, seeded.kiosk_token, printer.url)
        wait_until(lambda: not agent.sio.connected, 20.0, "agent noticed the server is gone")
        with running_server(env, port, log_path=tmp_path / "second.log"):
            wait_until(lambda: agent.sio.connected, 20.0, "agent reconnected")
            ticket = office.issue(seeded.kiosk_token)
            [data] = printer.wait_for_jobs(1)
            assert_ticket_bytes(office, data, ticket)
            wait_until(lambda: office.job(ticket["id"]).status == "printed", 20.0, "job printed")


def test_a_reprint_replaces_the_job_waiting_for_a_retry():
    server = FlakyServer()
    server.up = True
    agent = PrintAgent("http://server.invalid", "t", "dummy:?status=paper_out", FAST, http=server)  # type: ignore[arg-type]
    data = base64.b64encode(b"\x1b@").decode()
    ticket = {"id": 4, "number": "A004"}
    agent._on_print_job({"job_id": 1, "format": "escpos", "data": data, "ticket": ticket})
    agent.run_once()
    assert [job.job_id for job in agent.state.jobs] == [1]  # failed, waiting for a retry
    assert ("/print-jobs/1/result", {"status": "failed", "reason": "paper_out"}) in server.received
    agent._on_print_job({"job_id": 2, "format": "escpos", "data": data, "ticket": ticket})
    agent._on_print_job({"job_id": 3, "format": "escpos", "data": data, "ticket": {"id": 5}})
    agent.run_once()
    assert [job.job_id for job in agent.state.jobs] == [2, 3]
