"""Issue 17 end to end, in Chromium against the real server with the demo office.

A citizen books a slot on the office's page on a phone, checks in at the kiosk by scanning the
booking's QR (a scanner types its URL and Enter) and is called before the walk-ins already
waiting; another takes a remote number with a phone and hears "called at counter N" through
the office's SMS gateway (a fake one on 127.0.0.1 that records what it receives).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from browser_support import DemoServer, bearer, demo_server
from notify_support import FakeGateway, fake_gateway
from playwright.sync_api import Browser, expect
from test_kiosk_check_in import open_kiosk, scan
from test_phone_page import open_phone
from waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.server]

LAND = "Đất đai"


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    """The demo office; Đất đai's slots last 5 minutes, so the slot under way has started and
    can still be booked and checked in (its check-in stays open 10 minutes after its start)."""
    with demo_server() as server:
        admin = server.user_token("admin")
        land = service_named(server, LAND)
        answer = requests.patch(
            f"{server.url}/api/v1/admin/services/{land['id']}",
            json={"slot_minutes": 5, "appointments_enabled": True, "remote_enabled": True},
            headers=bearer(admin),
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        yield server


def service_named(demo: DemoServer, name: str) -> dict[str, Any]:
    """A service of the demo district by its name."""
    services = requests.get(f"{demo.url}/api/v1/public/offices/1", timeout=10).json()["services"]
    return dict(next(service for service in services if service["name"] == name))


def call_next(demo: DemoServer, clerk: str, counter_id: int) -> dict[str, Any]:
    """A clerk calls the next citizen at a counter."""
    answer = requests.post(
        f"{demo.url}/api/v1/counters/{counter_id}/call-next",
        headers=bearer(demo.user_token(clerk)),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def counter_of(demo: DemoServer, number: str) -> int:
    """A demo district counter's id by its number."""
    return next(
        device.counter_id
        for device in demo.tour.devices
        if device.office_id == 1 and device.counter_number == number and device.counter_id
    )


def test_a_slot_booked_on_the_phone_and_scanned_at_the_kiosk_goes_before_the_walk_ins(
    demo: DemoServer, browser: Browser
):
    land = service_named(demo, LAND)
    walk_ins = [demo.issue(land["id"])["number"] for _ in range(2)]

    phone, problems = open_phone(browser, f"{demo.url}/o/1")
    offer = phone.locator(".xp-offer").filter(has_text=LAND)
    offer.get_by_role("button", name="Đặt lịch hẹn").tap()
    slot = phone.locator(".xp-slot:not([disabled])").first  # the slot under way
    expect(slot).to_be_visible()
    slot.tap()
    phone.locator("#consent").check()
    phone.get_by_role("button", name="Đặt lịch", exact=True).tap()
    phone.wait_for_url(re.compile(r"/a/[A-Za-z0-9_-]+$"))
    expect(phone.locator("#status")).to_have_text("Đã đặt lịch")
    booking_url = phone.url  # what the booking's QR code encodes
    assert problems == []

    kiosk = open_kiosk(browser, demo)
    scan(kiosk, booking_url)
    number = kiosk.locator(".xk-ticket__number, #ticket-number").first
    expect(number).to_have_text(re.compile(r"^A\d{3}$"), timeout=15000)
    checked_in = number.inner_text()
    assert checked_in not in walk_ins

    called = call_next(demo, "canbo1", counter_of(demo, "1"))
    assert called["number"] == checked_in, "the appointment whose slot started goes first"
    assert called["channel"] == "appointment"
    phone.reload()
    expect(phone.locator("#status")).not_to_have_text("Đã đặt lịch")


def test_a_remote_number_hears_that_it_is_called_through_the_sms_gateway(
    demo: DemoServer, browser: Browser
):
    with fake_gateway() as gateway:
        use_gateway(demo, gateway)
        phone, problems = open_phone(browser, f"{demo.url}/o/1")
        offer = phone.locator(".xp-offer").filter(has_text=LAND)
        offer.get_by_role("button", name="Lấy số từ xa").tap()
        phone.fill("#phone", "0912 345 678")
        phone.get_by_role("button", name="Lấy số", exact=True).tap()
        phone.wait_for_url(re.compile(r"/t/[A-Za-z0-9_-]+$"))
        mine = phone.locator(".xp-ticket__number").inner_text()
        assert problems == []

        counter = counter_of(demo, "2")
        for _ in range(20):  # serve the walk-ins ahead of it, then call it
            called = call_next(demo, "canbo2", counter)
            if called["number"] == mine:
                break
            start(demo, "canbo2", called["id"])  # the next call-next completes it
        else:
            pytest.fail(f"{mine} was never called")
        wait_until(lambda: called_text(gateway, mine) is not None, what="the SMS of the call")
    text = called_text(gateway, mine)
    assert text is not None and "quầy số 2" in text.lower()
    expect(phone.locator("#status")).to_have_text("Đã đến lượt")  # the phone page follows it


def start(demo: DemoServer, clerk: str, ticket_id: int) -> None:
    """The clerk starts serving a called ticket."""
    answer = requests.post(
        f"{demo.url}/api/v1/tickets/{ticket_id}/start",
        headers=bearer(demo.user_token(clerk)),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text


def use_gateway(demo: DemoServer, gateway: FakeGateway) -> None:
    """The demo district sends its SMS through the fake gateway."""
    answer = requests.put(
        f"{demo.url}/api/v1/admin/offices/1/notifier",
        json={"kind": "http_sms", "url": gateway.url, "body_template": "{phone}|{text}"},
        headers=bearer(demo.user_token("admin")),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text


def called_text(gateway: FakeGateway, number: str) -> str | None:
    """The text of the SMS that called `number` to a counter, if one arrived."""
    for received in list(gateway.received):
        phone, _, text = received.body.decode("utf-8").partition("|")
        if phone == "0912345678" and number in text and "quầy" in text.lower():
            return text
    return None
