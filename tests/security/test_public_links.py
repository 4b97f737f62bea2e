"""Pairing links and ticket QR codes come from XEPHANG_PUBLIC_URL, never from a request's Host."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from conftest import World, running_app
from flask import Flask

from server import public_url
from server.cli.serve import note_public_url
from server.demo.tour import DemoTour, print_tour
from server.printing.qr_svg import qr_svg
from server.public_url import FALLBACK_SETTING, LAST_RESORT, serving_url

EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


@pytest.fixture
def app(database_url: str, tmp_path) -> Iterator[Flask]:
    """The app as an operator who never set XEPHANG_PUBLIC_URL runs it."""
    with running_app(database_url, tmp_path, PUBLIC_URL="") as app:
        yield app


def links_of_a_new_kiosk_and_ticket(client, world: World) -> tuple[dict, dict, str]:
    """A device created and a ticket issued and its QR fetched, all with a forged Host header."""
    device = client.post(
        f"/api/v1/admin/offices/{world.office.id}/devices",
        json={"kind": "kiosk", "name": "Kiosk sảnh"},
        headers={**world.headers("admin"), **EVIL},
    )
    assert device.status_code == 201, device.json
    ticket = client.post(
        "/api/v1/tickets",
        json={"service_id": world.land.id},
        headers={**world.headers("kiosk"), **EVIL},
    )
    assert ticket.status_code == 201, ticket.json
    qr = client.get(f"/api/v1/public/tickets/{ticket.json['public_token']}/qr.svg", headers=EVIL)
    assert qr.status_code == 200
    return device.json, ticket.json, qr.get_data(as_text=True)


def test_a_forged_host_changes_no_link_when_the_public_url_is_set(app, client, world: World):
    app.config["PUBLIC_URL"] = "https://xephang.yenthe.gov.vn/"
    device, ticket, qr = links_of_a_new_kiosk_and_ticket(client, world)
    assert device["pairing_url"].startswith("https://xephang.yenthe.gov.vn/kiosk?token=")
    assert device["public_url_configured"] is True
    expected = f"https://xephang.yenthe.gov.vn/t/{ticket['public_token']}"
    assert ticket["public_url"] == expected
    assert qr == qr_svg(expected)


def test_a_forged_host_changes_no_link_when_the_public_url_is_unset(app, client, world: World):
    app.config[FALLBACK_SETTING] = "http://192.168.1.10:5000"  # as `xephang run` notes it
    device, ticket, qr = links_of_a_new_kiosk_and_ticket(client, world)
    assert device["pairing_url"].startswith("http://192.168.1.10:5000/kiosk?token=")
    assert device["public_url_configured"] is False  # the admin page then warns
    expected = f"http://192.168.1.10:5000/t/{ticket['public_token']}"
    assert ticket["public_url"] == expected
    assert qr == qr_svg(expected)
    del app.config[FALLBACK_SETTING]  # a process that is not `xephang run`
    _, ticket, _ = links_of_a_new_kiosk_and_ticket(client, world)
    assert ticket["public_url"] == f"{LAST_RESORT}/t/{ticket['public_token']}"


def test_the_ticket_qr_code_is_inside_the_public_read_limit(app, client, world: World):
    app.config["PUBLIC_READS_PER_MINUTE"] = 2
    _, ticket, _ = links_of_a_new_kiosk_and_ticket(client, world)  # one QR read
    url = f"/api/v1/public/tickets/{ticket['public_token']}/qr.svg"
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429 and refused.json["error"]["code"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) >= 1


def test_the_server_says_at_start_when_the_public_url_is_unset(app, caplog):
    with caplog.at_level(logging.WARNING, logger="xephang"):
        note_public_url(app, "127.0.0.1", 8000)
    assert app.config[FALLBACK_SETTING] == "http://127.0.0.1:8000"
    assert public_url.served_url(app.instance_path) == "http://127.0.0.1:8000"  # for the CLI
    assert "XEPHANG_PUBLIC_URL is not set" in caplog.text
    assert "http://127.0.0.1:8000" in caplog.text
    caplog.clear()
    app.config["PUBLIC_URL"] = "https://xephang.yenthe.gov.vn"
    with caplog.at_level(logging.WARNING, logger="xephang"):
        note_public_url(app, "0.0.0.0", 5000)
    assert caplog.text == ""


def test_a_wildcard_bind_address_is_never_a_link():
    assert "0.0.0.0" not in serving_url("0.0.0.0", 5000)
    assert serving_url("0.0.0.0", 5000).endswith(":5000")
    assert serving_url("::1", 8000) == "http://[::1]:8000"
    assert serving_url("queue.local", 80) == "http://queue.local:80"


def test_on_a_lan_without_gateway_links_use_the_address_phones_reach(monkeypatch):
    monkeypatch.setattr(public_url, "route_source", lambda _target: None)  # no default route
    monkeypatch.setattr(
        public_url,
        "interface_addresses",
        lambda: ["127.0.0.1", "169.254.7.7", "52.1.2.3", "192.168.1.23"],
    )
    assert serving_url("0.0.0.0", 5200) == "http://192.168.1.23:5200"  # private first
    monkeypatch.setattr(public_url, "interface_addresses", lambda: ["127.0.0.1", "52.1.2.3"])
    assert serving_url("::", 5200) == "http://52.1.2.3:5200"
    monkeypatch.setattr(public_url, "interface_addresses", lambda: ["127.0.0.1"])
    assert serving_url("0.0.0.0", 5200) == "http://127.0.0.1:5200"  # nothing else to offer


def test_this_machine_s_addresses_are_found_and_loopback_is_never_chosen():
    assert "127.0.0.1" in public_url.interface_addresses()
    assert public_url.best_address(["127.0.0.1", "::1", "fe80::1", "0.0.0.0"]) is None
    assert public_url.is_loopback("http://127.0.0.1:5000")
    assert public_url.is_loopback("http://[::1]:80") and public_url.is_loopback("http://localhost")
    assert not public_url.is_loopback("http://192.168.1.23:5200")


def test_the_tour_warns_when_the_public_url_is_unset(capsys):
    tour = DemoTour(password="demo")
    print_tour(tour, "http://192.168.1.10:5000", configured=False)
    out = capsys.readouterr().out
    assert "WARNING: XEPHANG_PUBLIC_URL is not set" in out and "http://192.168.1.10:5000" in out
    print_tour(tour, "https://xephang.yenthe.gov.vn")
    assert "WARNING" not in capsys.readouterr().out
