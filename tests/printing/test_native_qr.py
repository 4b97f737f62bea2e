"""Printers whose python-escpos profile draws QR codes get the ticket's QR as GS ( k."""

from __future__ import annotations

import pytest
from conftest import World, bearer
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from printer_support import fake_printer, read_qr
from test_ticket_raster import make_content

from server.printing.escpos_decode import decode
from server.printing.escpos_encode import NativeQr, encode_native_qr, encode_ticket
from server.printing.profiles import draws_qr
from server.printing.raster import WIDTH_58MM, WIDTH_80MM, ticket_parts
from server.rules.errors import DomainError
from server.services.printing.print_jobs import set_kiosk_printer

URL = "https://xephang.example.gov.vn/t/7f3a9c2e"


def test_the_qr_command_is_python_escpos_s_own_between_centring_and_left():
    escpos = Dummy()
    escpos.qr(URL, ec=QR_ECLEVEL_M, size=6, native=True)

    assert encode_native_qr(NativeQr(URL, 6)) == b"\x1ba\x01" + escpos.output + b"\x1ba\x00"
    with pytest.raises(ValueError, match=r"1\.\.16"):
        encode_native_qr(NativeQr(URL, 17))


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
def test_a_ticket_with_the_printer_s_qr_prints_as_the_raster_one_does(width: int):
    content = make_content(qr_url=URL)
    raster_job = encode_ticket(ticket_parts(content, width))
    native_job = encode_ticket(ticket_parts(content, width, native_qr=True))

    native = decode(native_job)
    [qr_op] = [op for op in native.ops if op[0] == "qr"]
    assert qr_op[1] == URL and int(qr_op[2]) >= 3
    assert native.cut and read_qr(native.image()) == [URL]
    # The printer draws the same modules at the same size and place: the same ticket, dot for dot.
    assert native.image().tobytes() == decode(raster_job).image().tobytes()
    assert len(native_job) < 0.9 * len(raster_job)  # the QR's raster rows are not sent


def test_which_profiles_draw_qr_codes():
    assert draws_qr("TM-T20II") and draws_qr("TM-T88V")
    assert not draws_qr("NT-5890K")  # a cheap 58 mm model without GS ( k
    assert not draws_qr(None) and not draws_qr("") and not draws_qr("no-such-model")


@pytest.mark.parametrize(("profile", "native"), [("TM-T20II", True), ("NT-5890K", False)])
def test_the_server_prints_the_qr_as_the_kiosk_s_printer_profile_allows(
    client, world: World, session, make_device, profile: str, native: bool
):
    with fake_printer() as printer:
        kiosk, token = make_device(world.office, "kiosk", printer=printer.url)
        set_kiosk_printer(session, kiosk.id, None, None, profile)
        ticket = client.post(
            "/api/v1/tickets", json={"service_id": world.land.id}, headers=bearer(token)
        ).json
        [data] = printer.wait_for_jobs(1)

    decoded = decode(data)
    assert (b"\x1d(k" in data) is native
    assert read_qr(decoded.image()) == [ticket["public_url"]]


def test_an_unknown_profile_is_refused(session, world: World):
    with pytest.raises(DomainError) as refused:
        set_kiosk_printer(session, world.kiosk[0].id, None, None, "TM-NOPE")
    assert refused.value.code == "invalid_field" and "TM-NOPE" in refused.value.message
    device = set_kiosk_printer(session, world.kiosk[0].id, None, None, "TM-T20II")
    assert device.settings["printer_profile"] == "TM-T20II"
    device = set_kiosk_printer(session, world.kiosk[0].id, None, None, "")
    assert "printer_profile" not in device.settings


def test_a_profile_sets_the_kiosk_s_paper_unless_one_is_given(session, world: World):
    device = set_kiosk_printer(session, world.kiosk[0].id, None, None, "POS-5890")
    assert (device.settings["printer_profile"], device.settings["paper_width"]) == ("POS-5890", 384)
    device = set_kiosk_printer(session, world.kiosk[0].id, None, 512, "TM-T20II")
    assert device.settings["paper_width"] == 512
