"""No staff or screen payload carries a citizen's key or personal data (design §5, §12).

Whoever holds a ticket's public token can follow and rate it, so a lobby display, a kiosk or
a clerk that could read tokens could rate in the citizen's place. A busy day is played over
the REST API while a lobby display, a kiosk, a counter display, a rating tablet, a clerk and a
manager listen on their sockets; then every GET route of the API document is read by every
kind of caller, with the staff pages. Each issued token and dossier code is searched for in
the serialized JSON of all of it. Only the issuer's 201 answer, the print job sent to the
kiosk that prints the ticket, and the citizen's own public ticket may carry them.

The day also has a remote number and bookings made from phones with phone numbers and ID
numbers (design §12): neither the phone number (staff see its last 3 digits) nor the ID
number may show anywhere staff or screens look, nor in the exports.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conftest import PASSWORD, World, upcoming_slots
from flask import current_app
from flask.testing import FlaskClient
from waiting import wait_until

from server.api.contract import openapi_document
from server.realtime.socket import socketio
from server.services.reports.export import GROUPS

DOSSIERS = {
    "reception": "000.00.21.H12-240603-0007",
    "reception_unprinted": "000.00.21.H12-240603-0008",
    "kiosk": "000.00.21.H12-240603-0009",
}
LISTENERS = ("display", "kiosk", "counter_display", "rating1", "clerk1", "manager")
CALLERS = ("admin", "manager", "clerk1", "clerk2", "display", "kiosk", "counter_display", "rating1")
STAFF_PAGES = ("/counter", "/dashboard", "/reports", "/admin", "/display", "/kiosk")
# Phones and ID numbers given from phones (design §12); a phone is searched for without its
# leading 0 or +84, so that either spelling is found.
PHONES = {"remote": "0912345678", "booking": "+84987654321", "checked_in": "0355501234"}
CITIZEN_IDS = {"booking": "001099012345", "checked_in": "079188000777"}
# The citizen's side: the holder of the token reads these, no member of staff needs to.
CITIZEN_ROUTES = re.compile(r"^/api/v1/public/")


@dataclass
class Day:
    """What a busy day left behind: the secrets issued and every staff or screen payload seen."""

    client: FlaskClient
    world: World
    counter_display: tuple[Any, str]
    secrets: dict[str, str] = field(default_factory=dict)  # secret → what it is (for messages)
    issued: list[dict[str, Any]] = field(default_factory=list)  # the issuers' 201 answers
    payloads: list[tuple[str, str]] = field(default_factory=list)  # (where, serialized text)

    def headers(self, who: str) -> dict[str, str]:
        """Bearer header of a participant (the counter display is made for this test)."""
        if who == "counter_display":
            return {"Authorization": f"Bearer {self.counter_display[1]}"}
        return self.world.headers(who)

    def token_of(self, who: str) -> str:
        """A participant's bearer token."""
        return self.headers(who)["Authorization"].removeprefix("Bearer ")

    def issue(self, who: str, service_id: int, **fields: Any) -> dict[str, Any]:
        """POST /tickets as the issuer: the one answer that may carry the key, kept apart."""
        response = self.client.post(
            "/api/v1/tickets", json={"service_id": service_id, **fields}, headers=self.headers(who)
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        ticket = dict(response.json or {})
        self.secrets[ticket["public_token"]] = f"public token of {ticket['number']}"
        if fields.get("dossier_code"):
            self.secrets[fields["dossier_code"]] = f"dossier code of {ticket['number']}"
        self.issued.append(ticket)
        return ticket

    def personal(self, what: str, phone: str | None = None, citizen_id: str | None = None) -> None:
        """Personal data given from a phone, to search for."""
        if phone:
            self.secrets[phone.removeprefix("+84").removeprefix("0")] = f"phone of {what}"
        if citizen_id:
            self.secrets[citizen_id] = f"ID number of {what}"

    def post(self, who: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A staff or device action; its answer is a payload to search."""
        response = self.client.post(f"/api/v1{path}", json=body, headers=self.headers(who))
        assert response.status_code < 300, f"{who} {path}: {response.get_data(as_text=True)}"
        self.payloads.append((f"{who}: POST {path}", response.get_data(as_text=True)))
        return dict(response.json or {})


def listen(app: Any, token: str) -> Any:
    """A socket of a screen or a clerk, as its page connects."""
    listener = socketio.test_client(app, auth={"token": token})
    assert listener.is_connected()
    return listener


def busy_day(day: Day) -> None:
    """Kiosk and reception issuing (with dossier codes), calls, recalls, transfers, parking,
    no-show and requeue, completion and both kinds of rating, a reprint, counters closing."""
    world = day.world
    land, justice = world.land.id, world.justice.id
    counter1, counter2 = world.counter1.id, world.counter2.id
    kiosk_id = world.kiosk[0].id
    for service_id in (land, land, justice, justice):
        day.issue("kiosk", service_id)
    at_kiosk = day.issue("kiosk", land, dossier_code=DOSSIERS["kiosk"])
    reception = day.issue(
        "clerk1",
        land,
        channel="reception",
        dossier_code=DOSSIERS["reception"],
        print_device_id=kiosk_id,
    )
    day.issue("clerk2", justice, channel="reception", dossier_code=DOSSIERS["reception_unprinted"])

    first = day.post("clerk1", f"/counters/{counter1}/call-next")
    day.post("clerk1", f"/tickets/{first['id']}/recall")
    day.post("clerk1", f"/tickets/{first['id']}/start")
    day.post("clerk1", f"/tickets/{first['id']}/complete")
    day.post("rating1", f"/tickets/{first['id']}/rating", {"level": "very_satisfied"})

    moved = day.post("clerk2", f"/counters/{counter2}/call-next")
    day.post("clerk2", f"/tickets/{moved['id']}/start")
    day.post("clerk2", f"/tickets/{moved['id']}/transfer", {"service_id": land})

    picked = day.post("clerk1", f"/counters/{counter1}/call-next", {"ticket_id": reception["id"]})
    day.post("clerk1", f"/tickets/{picked['id']}/start")
    day.post("clerk1", f"/tickets/{picked['id']}/park")
    day.post("clerk1", f"/tickets/{picked['id']}/resume")
    day.post("clerk1", f"/tickets/{reception['id']}/reprint", {"print_device_id": kiosk_id})

    missed = day.post("clerk1", f"/counters/{counter1}/call-next", {"ticket_id": at_kiosk["id"]})
    day.post("clerk1", f"/tickets/{missed['id']}/recall")
    day.post("clerk1", f"/tickets/{missed['id']}/no-show")
    day.post("clerk1", f"/tickets/{missed['id']}/requeue")

    sent = day.post("clerk2", f"/counters/{counter2}/call-next")
    day.post("clerk2", f"/tickets/{sent['id']}/transfer", {"counter_id": counter1})

    served = day.post("clerk1", f"/counters/{counter1}/call-next", {"ticket_id": sent["id"]})
    day.post("clerk1", f"/tickets/{served['id']}/start")
    day.post("clerk1", f"/counters/{counter1}/call-next")  # completes it, calls the next one
    phone = next(t for t in day.issued if t["id"] == served["id"])
    rated = day.client.post(
        f"/api/v1/public/tickets/{phone['public_token']}/rating", json={"level": "satisfied"}
    )
    assert rated.status_code == 201, rated.get_data(as_text=True)

    waiting = day.client.get(f"/api/v1/counters/{counter2}/queue", headers=day.headers("clerk2"))
    day.post("clerk2", f"/tickets/{waiting.json['waiting'][0]['id']}/cancel")
    day.post("clerk2", f"/counters/{counter2}/pause")
    day.post("clerk2", f"/counters/{counter2}/close")


def from_phones(day: Day) -> None:
    """A remote number and bookings made from phones; one booking checked in and called."""
    world = day.world
    land = world.land.id
    remote = day.client.post(
        "/api/v1/public/tickets", json={"service_id": land, "phone": PHONES["remote"]}
    )
    assert remote.status_code == 201, remote.get_data(as_text=True)
    day.secrets[remote.json["public_token"]] = "public token of the remote number"
    day.personal("the remote number", phone=PHONES["remote"])
    day.issued.append(remote.json)
    slot = upcoming_slots(day.client, land)[1]  # its check-in window is open
    for what in ("booking", "checked_in"):
        booked = day.client.post(
            "/api/v1/public/appointments",
            json={
                "service_id": land,
                "start": slot["start"],
                "phone": PHONES[what],
                "citizen_id": CITIZEN_IDS[what],
            },
        )
        assert booked.status_code == 201, booked.get_data(as_text=True)
        day.secrets[booked.json["public_token"]] = f"public token of the {what}"
        day.personal(f"the {what}", PHONES[what], CITIZEN_IDS[what])
    checked = day.client.post(
        "/api/v1/appointments/check-in",
        json={"citizen_id": CITIZEN_IDS["checked_in"], "service_id": land},
        headers=day.headers("clerk1"),
    )
    assert checked.status_code == 201, checked.get_data(as_text=True)
    day.secrets[checked.json["public_token"]] = "public token of the appointment ticket"
    day.issued.append(checked.json)  # the clerk's 201 answer carries it, for printing
    queue = day.client.get(
        f"/api/v1/counters/{world.counter1.id}/queue", headers=day.headers("clerk1")
    )
    day.post("clerk1", f"/tickets/{queue.json['counter']['ticket']['id']}/start")  # the last call
    called = day.post(
        "clerk1", f"/counters/{world.counter1.id}/call-next", {"ticket_id": checked.json["id"]}
    )
    assert called["slot_start"] is not None


def filled(path: str, day: Day, ticket_id: int, counter_id: int) -> str:
    """A documented path with the day's ids in it."""
    values = {
        "office_id": day.world.office.id,
        "ticket_id": ticket_id,
        "counter_id": counter_id,
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def readable(data: bytes) -> str:
    """A body as text to search; an XLSX export is a zip of XML parts."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return data.decode("utf-8", errors="replace")


def read_every_route(day: Day) -> None:
    """Every documented GET of the API, by every kind of caller, for every ticket and counter."""
    office_id = day.world.office.id
    queries = {
        "/api/v1/reports/export": [
            *(f"office_id={office_id}&format=csv&group={group}" for group in GROUPS),
            f"office_id={office_id}&format=xlsx",
        ],
    }
    paths = [
        path
        for path, operations in openapi_document(current_app)["paths"].items()
        if "get" in operations and not CITIZEN_ROUTES.match(path)
    ]
    ticket_ids = [ticket["id"] for ticket in day.issued]
    counter_ids = [day.world.counter1.id, day.world.counter2.id]
    for path in paths:
        combos = {
            filled(path, day, ticket_id, counter_id)
            for ticket_id in (ticket_ids if "{ticket_id}" in path else ticket_ids[:1])
            for counter_id in (counter_ids if "{counter_id}" in path else counter_ids[:1])
        }
        for url in sorted(combos):
            for query in queries.get(path, [f"office_id={office_id}"]):
                for who in CALLERS:
                    response = day.client.get(f"{url}?{query}", headers=day.headers(who))
                    day.payloads.append((f"{who}: GET {url}?{query}", readable(response.data)))


def read_staff_pages(app: Any, day: Day) -> None:
    """The screens' and staff pages' HTML, as a logged-in admin's browser gets them."""
    browser = app.test_client()
    login = browser.post("/api/v1/auth/login", json={"username": "admin", "password": PASSWORD})
    assert login.status_code == 200
    counter1 = day.world.counter1.id
    for page in (*STAFF_PAGES, f"/display/counter/{counter1}", f"/counter/{counter1}/rating"):
        day.payloads.append((f"page {page}", browser.get(page).get_data(as_text=True)))


def leaks(day: Day, allowed: Callable[[str], bool] = lambda _where: False) -> list[str]:
    """Every (payload, secret) pair where a secret shows, outside what §5 allows."""
    return [
        f"{what} in {where}"
        for where, text in day.payloads
        if not allowed(where)
        for secret, what in day.secrets.items()
        if secret in text
    ]


def test_no_staff_or_screen_payload_of_a_busy_day_carries_a_citizens_key(
    app, client, session, world: World, make_device
):
    world.land.remote_enabled = True
    world.land.appointments_enabled = True
    session.commit()
    day = Day(client, world, make_device(world.office, "counter_display", world.counter1))
    sockets = {who: listen(app, day.token_of(who)) for who in LISTENERS}
    busy_day(day)
    from_phones(day)
    for listener in sockets.values():
        listener.emit("sync")  # a fresh `state` in the middle of the day
    late = listen(app, day.token_of("display"))  # a display switched on late: its first state
    read_every_route(day)
    read_staff_pages(app, day)

    listeners = {**sockets, "late display": late}
    packets: dict[str, list[dict[str, Any]]] = {who: [] for who in listeners}

    def print_jobs_arrived() -> bool:
        for who, listener in listeners.items():
            packets[who] += listener.get_received()
        # Jobs are rendered in the background: 5 kiosk tickets, 1 from reception, 1 reprint.
        return sum(p["name"] == "print_job" for p in packets["kiosk"]) == 7

    wait_until(print_jobs_arrived)
    received: dict[str, list[str]] = {}
    for who, packets_of in packets.items():
        for packet in packets_of:
            name = packet["name"]
            received.setdefault(who, []).append(name)
            text = json.dumps(packet["args"], ensure_ascii=False)
            day.payloads.append((f"socket of {who}: {name}", text))

    # The walk saw what it claims to: every secret, every kind of event, on every screen.
    personal = len(PHONES) + len(CITIZEN_IDS) + 2  # with the two bookings' tokens
    assert len(day.secrets) == len(day.issued) + len(DOSSIERS) + personal
    day_lists = [
        text
        for where, text in day.payloads
        if where.startswith("clerk1: GET /api/v1/offices/")
        and where.split("?")[0].endswith("/appointments")
    ]
    assert day_lists and all("321" in text and "234" in text for text in day_lists), day_lists
    for who in LISTENERS:
        assert {"state", "ticket_issued", "ticket_called", "ticket_updated"} <= set(received[who])
    assert "counter_updated" in received["display"]
    assert any(where.startswith("admin: GET /api/v1/counters/") for where, _ in day.payloads)
    print_jobs = "socket of kiosk: print_job"
    found = leaks(day, allowed=lambda where: where == print_jobs)
    assert found == [], "\n".join(found)
    # The search does find a key where §5 puts it: the jobs sent to the kiosk that prints them.
    assert leaks(day) and all(leak.endswith(f" in {print_jobs}") for leak in leaks(day))
