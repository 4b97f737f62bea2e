"""Server-side printing reaches only the networks the operator allows (XEPHANG_PRINTER_NETWORKS)."""

from __future__ import annotations

import socket
import time

import pytest
from conftest import World, bearer
from printer_support import fake_printer

from server.config import load_settings
from server.models import PrintJob
from server.printing.allowed_networks import (
    DEFAULT_PRINTER_NETWORKS,
    AddressNotAllowed,
    AllowedNetworks,
)
from server.printing.delivery import print_checked
from server.printing.printers import PrinterError

DEFAULT = AllowedNetworks.parse(DEFAULT_PRINTER_NETWORKS)


@pytest.mark.parametrize(
    "address", ["10.0.0.5", "172.16.4.2", "172.31.255.254", "192.168.1.50", "fd12:3456::5"]
)
def test_private_lan_addresses_are_allowed_by_default(address: str) -> None:
    assert DEFAULT.allows(address)
    assert DEFAULT.check(address, 9100) == address


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # the server itself: its database, Redis, admin ports
        "::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "169.254.169.254",  # link-local: cloud metadata
        "fe80::1",
        "172.32.0.1",
        "8.8.8.8",
        "100.64.0.1",
    ],
)
def test_loopback_link_local_and_public_addresses_are_refused(address: str) -> None:
    assert not DEFAULT.allows(address)
    with pytest.raises(AddressNotAllowed):
        DEFAULT.check(address, 9100)


def test_a_name_counts_by_the_addresses_it_resolves_to() -> None:
    with pytest.raises(AddressNotAllowed, match="outside"):
        DEFAULT.check("localhost", 9100)
    with pytest.raises(AddressNotAllowed, match="resolve"):
        DEFAULT.check("no-such-printer.invalid", 9100)
    assert AllowedNetworks.parse("127.0.0.0/8,::1/128").check("localhost", 9100) in (
        "127.0.0.1",
        "::1",
    )


def test_the_setting_is_checked_at_start() -> None:
    assert load_settings({})["PRINTER_NETWORKS"] == DEFAULT_PRINTER_NETWORKS
    assert AllowedNetworks.parse("").networks == ()
    assert load_settings({"XEPHANG_PRINTER_NETWORKS": "192.168.10.0/24"})["PRINTER_NETWORKS"]
    with pytest.raises(ValueError, match="XEPHANG_PRINTER_NETWORKS: 'lan' is not a network"):
        load_settings({"XEPHANG_PRINTER_NETWORKS": "192.168.10.0/24, lan"})


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refused_address_is_never_connected_to_open_port_or_not() -> None:
    with fake_printer() as printer:
        with pytest.raises(PrinterError) as open_port:
            print_checked(printer.url, b"\x1b@", allowed=DEFAULT)
        assert printer.jobs == [] and printer.status_queries == 0
        assert print_checked(printer.url, b"\x1b@") == "ok"  # the print agent is not limited
    with pytest.raises(PrinterError) as closed_port:
        print_checked(f"tcp://127.0.0.1:{_closed_port()}", b"\x1b@", allowed=DEFAULT)

    assert (open_port.value.reason, open_port.value.message) == ("offline", "Máy in không kết nối")
    assert (closed_port.value.reason, closed_port.value.message) == (
        open_port.value.reason,
        open_port.value.message,
    )
    assert "outside XEPHANG_PRINTER_NETWORKS" in open_port.value.detail


def _job_of(session, ticket_id: int, timeout: float = 10.0) -> PrintJob:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session.expire_all()
        job = session.query(PrintJob).filter_by(ticket_id=ticket_id).one()
        if job.status != "pending":
            return job
        time.sleep(0.05)
    raise TimeoutError("the print job was not answered")


def test_server_never_prints_to_a_refused_address_already_in_the_database(
    app, client, world: World, session, make_device
) -> None:
    app.config["PRINTER_NETWORKS"] = DEFAULT_PRINTER_NETWORKS  # loopback no longer allowed
    with fake_printer() as printer:
        answers = []
        for url in (printer.url, f"tcp://127.0.0.1:{_closed_port()}"):
            _, token = make_device(world.office, "kiosk", printer=url)  # set before the rule
            ticket = client.post(
                "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
            ).json
            job = _job_of(session, ticket["id"])
            answers.append((job.status, job.reason))
        assert printer.jobs == [] and printer.status_queries == 0
    assert answers == [("failed", "offline"), ("failed", "offline")]
