"""Print jobs on the server: rendered after commit, sent to the agent, answered, reprinted."""

from __future__ import annotations

import base64
import re
import time
from datetime import timedelta

import pytest
from conftest import World, bearer
from printer_support import fake_printer, read_qr
from waiting import wait_until

from server.models import Device, PrintJob, Ticket, utcnow
from server.printing.escpos_decode import decode
from server.printing.printers import clear_dummy_output, dummy_output
from server.realtime.socket import socketio
from server.services.printing.ticket_print import MAX_PRINTS_PER_TICKET

AGENT = {"client": "print-agent"}


def connect(app, token: str, **auth):  # type: ignore[no-untyped-def]
    """A Socket.IO test client with a device token (a print agent when client="print-agent")."""
    client = socketio.test_client(app, auth={"token": token, **auth})
    assert client.is_connected()
    return client


def events_named(client, name: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Payloads of received events with that name."""
    return [packet["args"][0] for packet in client.get_received() if packet["name"] == name]


def wait_for(client, name: str, count: int = 1, timeout: float = 10.0) -> list[dict]:  # type: ignore[no-untyped-def]
    """The next `count` events with that name (print jobs go out from a background task)."""
    found: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(found) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(found)} of {count} {name} events in {timeout} s")
        found += events_named(client, name)
        time.sleep(0.01)
    return found


def issue(client, world: World, who: str = "kiosk", **fields):  # type: ignore[no-untyped-def]
    """POST /tickets for Đất đai (or `service_id`)."""
    body = {"service_id": world.land.id, **fields}
    return client.post("/api/v1/tickets", json=body, headers=world.headers(who))


def job_status(session, job_id: int) -> str:  # type: ignore[no-untyped-def]
    """The stored status of a job, read fresh."""
    session.expire_all()
    job = session.get(PrintJob, job_id)
    return str(job.status) if job else ""


def test_issue_pushes_the_rendered_ticket_to_the_kiosk_agent_only(app, client, world: World):
    agent = connect(app, world.kiosk[1], **AGENT)
    display = connect(app, world.display[1])
    other_kiosk = connect(app, world.other_kiosk[1], **AGENT)
    for listener in (agent, display, other_kiosk):
        listener.get_received()

    ticket = issue(client, world).json

    [job] = wait_for(agent, "print_job")
    assert job["format"] == "escpos" and job["paper_width"] == 576
    assert job["ticket"]["id"] == ticket["id"] and job["ticket"]["number"] == "A001"
    assert isinstance(job["job_id"], int)
    decoded = decode(base64.b64decode(job["data"]))
    image = decoded.image()
    assert image.width == 576 and image.height > 576
    assert decoded.cut
    assert read_qr(image) == [f"http://xephang.test/t/{ticket['public_token']}"]
    assert read_qr(image) == [ticket["public_url"]]
    assert [packet["name"] for packet in display.get_received()] == ["ticket_issued"]
    assert other_kiosk.get_received() == []


def test_paper_width_follows_the_kiosk_setting(app, client, world: World, make_device):
    _, token = make_device(world.office, "kiosk", paper_width=384)
    agent = connect(app, token, **AGENT)
    agent.get_received()
    response = client.post(
        "/api/v1/tickets", json={"service_id": world.justice.id}, headers=bearer(token)
    )
    [job] = wait_for(agent, "print_job")
    image = decode(base64.b64decode(job["data"])).image()
    assert job["paper_width"] == 384 and image.width == 384
    assert read_qr(image) == [response.json["public_url"]]


def test_result_reaches_the_kiosk_page(app, client, world: World):
    page = connect(app, world.kiosk[1])
    ticket = issue(client, world).json
    page.get_received()
    job_id = events_for_ticket_job(app, ticket["id"])
    client.post(
        f"/api/v1/print-jobs/{job_id}/result",
        json={"status": "failed", "reason": "paper_out"},
        headers=world.headers("kiosk"),
    )
    received = page.get_received()
    update = next(p["args"][0] for p in received if p["name"] == "print_job_updated")
    assert update["ticket_id"] == ticket["id"] and update["status"] == "failed"
    assert update["reason"] == "paper_out" and update["message"] == "Máy in hết giấy"
    status = next(p["args"][0] for p in received if p["name"] == "printer_status")
    assert status["status"] == "paper_out" and status["message"] == "Máy in hết giấy"


def events_for_ticket_job(app, ticket_id: int) -> int:  # type: ignore[no-untyped-def]
    """The id of the ticket's first print job."""
    from server.db import database

    session = database(app).session()
    return int(session.query(PrintJob).filter_by(ticket_id=ticket_id).order_by(PrintJob.id)[0].id)


def test_the_kiosk_page_is_not_sent_old_jobs_but_a_connecting_agent_is(
    app, client, world: World, session
):
    live = connect(app, world.kiosk[1], **AGENT)
    first = issue(client, world).json
    second = issue(client, world).json
    old = issue(client, world).json
    wait_for(live, "print_job", 3)  # sent live; the agent then goes away unanswered
    live.disconnect()
    printed_job = events_for_ticket_job(app, first["id"])
    client.post(
        f"/api/v1/print-jobs/{printed_job}/result",
        json={"status": "printed"},
        headers=world.headers("kiosk"),
    )
    stale = session.query(PrintJob).filter_by(ticket_id=old["id"]).one()
    stale.created_at = utcnow() - timedelta(hours=1)  # the citizen has long gone
    session.commit()

    page = connect(app, world.kiosk[1])
    assert events_named(page, "print_job") == []
    agent = connect(app, world.kiosk[1], **AGENT)
    resent = events_named(agent, "print_job")
    assert [job["ticket"]["id"] for job in resent] == [second["id"]]


def test_agent_gone_means_printer_offline(app, client, world: World, session):
    page = connect(app, world.kiosk[1])
    agent = connect(app, world.kiosk[1], **AGENT)
    client.post(
        "/api/v1/devices/printer-status", json={"status": "ok"}, headers=world.headers("kiosk")
    )
    page.get_received()
    agent.disconnect()
    [status] = events_named(page, "printer_status")
    assert status["status"] == "offline" and status["message"] == "Máy in không kết nối"
    me = client.get("/api/v1/auth/me", headers=world.headers("kiosk")).json
    assert me["device"]["printer_status"] == "offline"
    page.disconnect()  # the touch screen leaving says nothing about the printer
    assert session.get(Device, world.kiosk[0].id).printer_status == "offline"


def test_printer_status_report(app, client, world: World):
    page = connect(app, world.kiosk[1])
    page.get_received()

    def report(status, who="kiosk"):  # type: ignore[no-untyped-def]
        return client.post(
            "/api/v1/devices/printer-status", json={"status": status}, headers=world.headers(who)
        )

    response = report("paper_out")
    assert response.status_code == 200
    assert response.json["status"] == "paper_out" and response.json["message"] == "Máy in hết giấy"
    assert response.json["device_id"] == world.kiosk[0].id
    assert [e["status"] for e in events_named(page, "printer_status")] == ["paper_out"]
    report("paper_out")
    assert events_named(page, "printer_status") == []  # unchanged: nothing to tell
    assert report("paper_near_end").json["message"] == "Máy in sắp hết giấy"
    assert report("ok").json["message"] is None
    for bad in ("OK", "jammed", 3, None):
        assert report(bad).status_code == 422
    assert report("ok", "display").json["error"]["code"] == "forbidden"
    assert report("ok", "clerk1").status_code == 403
    assert client.post("/api/v1/devices/printer-status", json={"status": "ok"}).status_code == 401


def test_reprint_by_the_issuing_kiosk(app, client, world: World, session):
    ticket = issue(client, world).json
    agent = connect(app, world.kiosk[1], **AGENT)
    agent.get_received()

    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/reprint", headers=world.headers("kiosk")
    )

    assert response.status_code == 201, response.json
    assert response.json["ticket_id"] == ticket["id"] and response.json["status"] == "pending"
    # The original, unanswered job may be sent again on connect: wait for the reprint's own.
    deadline = time.monotonic() + 10
    jobs: list[dict] = []
    while not any(j["job_id"] == response.json["id"] for j in jobs):
        assert time.monotonic() < deadline, jobs
        jobs += events_named(agent, "print_job")
        time.sleep(0.01)
    [job] = [j for j in jobs if j["job_id"] == response.json["id"]]
    assert job["ticket"]["number"] == ticket["number"]
    other = client.post(
        f"/api/v1/tickets/{ticket['id']}/reprint", headers=world.headers("other_kiosk")
    )
    assert other.status_code == 403
    assert session.query(PrintJob).filter_by(ticket_id=ticket["id"]).count() == 2


def test_reprint_limits_and_finished_tickets(client, world: World):
    ticket = issue(client, world).json
    url = f"/api/v1/tickets/{ticket['id']}/reprint"
    for _ in range(MAX_PRINTS_PER_TICKET - 1):
        assert client.post(url, headers=world.headers("kiosk")).status_code == 201
    limited = client.post(url, headers=world.headers("kiosk"))
    assert limited.status_code == 409 and limited.json["error"]["code"] == "reprint_limit"
    done = issue(client, world, service_id=world.justice.id).json
    client.post(f"/api/v1/tickets/{done['id']}/cancel", headers=world.headers("clerk1"))
    closed = client.post(f"/api/v1/tickets/{done['id']}/reprint", headers=world.headers("kiosk"))
    assert closed.status_code == 409 and closed.json["error"]["code"] == "ticket_closed"
    missing = client.post("/api/v1/tickets/999999/reprint", headers=world.headers("kiosk"))
    assert missing.status_code == 404


def test_reprint_by_staff_names_a_kiosk(client, world: World):
    ticket = issue(client, world).json
    url = f"/api/v1/tickets/{ticket['id']}/reprint"
    assert client.post(url, headers=world.headers("clerk1")).status_code == 422
    elsewhere = client.post(
        url, json={"print_device_id": world.other_kiosk[0].id}, headers=world.headers("clerk1")
    )
    assert elsewhere.status_code == 422
    here = client.post(
        url, json={"print_device_id": world.kiosk[0].id}, headers=world.headers("clerk1")
    )
    assert here.status_code == 201 and here.json["device_id"] == world.kiosk[0].id
    assert client.post(url, headers=world.headers("other_clerk")).status_code == 403


def test_reception_prints_on_a_chosen_kiosk(app, client, world: World, session):
    agent = connect(app, world.kiosk[1], **AGENT)
    agent.get_received()
    plain = issue(client, world, "clerk1").json
    assert events_named(agent, "print_job") == []
    assert session.query(PrintJob).filter_by(ticket_id=plain["id"]).count() == 0

    printed = issue(client, world, "clerk1", print_device_id=world.kiosk[0].id)

    assert printed.status_code == 201
    [job] = wait_for(agent, "print_job")
    assert job["ticket"]["id"] == printed.json["id"] and job["ticket"]["channel"] == "reception"


@pytest.mark.parametrize(
    ("who", "device"), [("clerk1", "display"), ("clerk1", "other_kiosk"), ("kiosk", "other_kiosk")]
)
def test_print_device_must_be_a_kiosk_of_the_office(client, world: World, session, who, device):
    response = issue(client, world, who, print_device_id=getattr(world, device)[0].id)
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid_field"
    assert session.query(Ticket).count() == 0


def test_direct_printing_to_a_dummy_printer(app, client, world: World, session, make_device):
    clear_dummy_output()
    kiosk, token = make_device(world.office, "kiosk", printer="dummy:lobby")
    page = connect(app, token)
    agent = connect(app, token, **AGENT)
    for listener in (page, agent):
        listener.get_received()

    ticket = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
    ).json
    job = session.query(PrintJob).filter_by(ticket_id=ticket["id"]).one()
    wait_until(lambda: job_status(session, job.id) == "printed")

    image = decode(dummy_output("lobby")).image()
    assert read_qr(image) == [ticket["public_url"]]
    assert events_named(agent, "print_job") == []  # the server printed it; nobody else must
    wait_until(lambda: session.get(Device, kiosk.id).printer_status == "ok")


def test_direct_printing_to_a_network_printer_and_its_failure(
    app, client, world: World, session, make_device
):
    with fake_printer() as printer:
        _, token = make_device(world.office, "kiosk", printer=printer.url)
        page = connect(app, token)
        page.get_received()
        ticket = client.post(
            "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
        ).json
        [data] = printer.wait_for_jobs(1)
        job = session.query(PrintJob).filter_by(ticket_id=ticket["id"]).one()
        wait_until(lambda: job_status(session, job.id) == "printed")
        decoded = decode(data)
        assert decoded.cut and decoded.image().width == 576
        assert read_qr(decoded.image()) == [ticket["public_url"]]
        printer.stop()  # unplugged
        second = client.post(
            "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
        ).json
        failed = session.query(PrintJob).filter_by(ticket_id=second["id"]).one()
        wait_until(lambda: job_status(session, failed.id) == "failed")
    session.expire_all()
    assert session.get(PrintJob, failed.id).reason == "offline"
    assert session.get(Ticket, second["id"]).status == "waiting"  # the ticket is safe
    updates = [e for e in events_named(page, "print_job_updated") if e["ticket_id"] == second["id"]]
    assert updates and updates[-1]["message"] == "Máy in không kết nối"


def test_qr_image_of_a_ticket(client, world: World):
    from server.printing.raster import qr_matrix

    ticket = issue(client, world).json
    response = client.get(f"/api/v1/public/tickets/{ticket['public_token']}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    matrix = qr_matrix(ticket["public_url"])
    drawn = {(int(x), int(y)) for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", svg)}
    expected = {
        (x + 4, y + 4) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    }
    assert drawn == expected
    assert f'viewBox="0 0 {len(matrix) + 8} {len(matrix) + 8}"' in svg
    missing = client.get("/api/v1/public/tickets/nope/qr.svg")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "ticket_not_found"
