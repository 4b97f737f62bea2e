"""A `browser:` kiosk prints its tickets from the page: the server sends it the lines, no job."""

from __future__ import annotations

from conftest import World, bearer, upcoming_slots

from server.models import Device, PrintJob
from server.realtime.socket import socketio
from server.services.printing.print_jobs import set_kiosk_printer


def browser_kiosk(make_device, world: World):  # type: ignore[no-untyped-def]
    return make_device(world.office, "kiosk", printer="browser:", paper_width=384)


def test_a_browser_kiosk_gets_the_printout_and_no_print_job(
    app, client, world: World, session, make_device
):
    kiosk, token = browser_kiosk(make_device, world)
    display = socketio.test_client(app, auth={"token": world.display[1]})
    display.get_received()
    agent = socketio.test_client(app, auth={"token": token, "client": "print-agent"})
    agent.get_received()

    response = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
    )

    assert response.status_code == 201
    ticket = response.json
    printout = ticket["printout"]
    assert printout["office_lines"] == ["UBND HUYỆN THỬ", "BỘ PHẬN MỘT CỬA"]
    assert printout["title"] == "PHIẾU SỐ THỨ TỰ"
    assert printout["number"] == ticket["number"] == "A001"
    assert printout["service_name"] == "Đất đai"
    assert printout["priority"] is None
    assert printout["counters"] == "Quầy 1"
    assert printout["lines"][0] == "Số người đang chờ trước: 0"
    assert printout["lines"][-1].startswith("Ngày ") and "(buổi " in printout["lines"][-1]
    assert (
        printout["qr_url"]
        == ticket["public_url"]
        == f"http://xephang.test/t/{ticket['public_token']}"
    )
    assert printout["note"] == "Vui lòng giữ phiếu và chờ gọi số"
    assert session.query(PrintJob).count() == 0
    assert "print_job" not in [p["name"] for p in agent.get_received()]
    [issued] = [p["args"][0] for p in display.get_received() if p["name"] == "ticket_issued"]
    assert "printout" not in issued["ticket"]  # screens get the ticket as before

    reprint = client.post(f"/api/v1/tickets/{ticket['id']}/reprint", headers=bearer(token))
    assert reprint.status_code == 409
    assert reprint.json["error"]["code"] == "printed_in_browser"
    assert session.get(Device, kiosk.id).settings["printer"] == "browser:"


def test_a_priority_ticket_printout_carries_the_mark_and_its_note(
    client, world: World, make_device
):
    _, token = browser_kiosk(make_device, world)
    response = client.post(
        "/api/v1/tickets",
        json={"service_id": world.justice.id, "priority": "pregnant"},
        headers=bearer(token),
    )
    printout = response.json["printout"]
    assert printout["priority"] == "ƯU TIÊN – Phụ nữ mang thai"
    assert printout["note"].startswith("Vui lòng xuất trình giấy tờ tại quầy")


def test_a_checked_in_booking_prints_with_its_slot_time(client, world: World, session, make_device):
    world.land.appointments_enabled = True
    session.commit()
    _, token = browser_kiosk(make_device, world)
    slot = upcoming_slots(client, world.land.id)[1]
    booked = client.post(
        "/api/v1/public/appointments", json={"service_id": world.land.id, "start": slot["start"]}
    )
    response = client.post(
        "/api/v1/appointments/check-in",
        json={"code": booked.json["code"]},
        headers=bearer(token),
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    printout = response.json["printout"]
    assert printout["number"] == response.json["number"]
    assert printout["lines"][0] == f"Lịch hẹn lúc {slot['start'][11:16]}"
    assert session.query(PrintJob).count() == 0


def test_other_kiosks_get_no_printout(client, world: World):
    response = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert response.status_code == 201 and "printout" not in response.json


def test_reception_cannot_print_on_a_browser_kiosk(client, world: World, session, make_device):
    kiosk, _ = browser_kiosk(make_device, world)
    response = client.post(
        "/api/v1/tickets",
        json={"service_id": world.land.id, "print_device_id": kiosk.id},
        headers=world.headers("clerk1"),
    )
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid_field"
    assert "trình duyệt" in response.json["error"]["message"]


def test_browser_is_a_printer_setting(client, world: World, session):
    device = set_kiosk_printer(session, world.kiosk[0].id, "browser:", 576)
    assert device.settings["printer"] == "browser:"
    response = client.post(
        f"/api/v1/admin/offices/{world.office.id}/devices",
        json={"kind": "kiosk", "name": "Kiosk in trình duyệt", "settings": {"printer": "browser:"}},
        headers=world.headers("admin"),
    )
    assert response.status_code == 201, response.json
    assert session.get(Device, response.json["device"]["id"]).settings["printer"] == "browser:"
