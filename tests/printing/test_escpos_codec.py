"""ESC/POS bytes: what we emit decodes back to the same raster."""

import re
from datetime import datetime

import pytest
from PIL import Image, ImageDraw

from server.printing.escpos_decode import DecodeError, decode
from server.printing.escpos_encode import (
    BAND_ROWS,
    encode_raster,
    encode_status_query,
    encode_ticket,
    printable_raster,
)
from server.printing.raster import render_ticket
from server.printing.ticket_layout import TicketContent

REALTIME = re.compile(rb"\x10[\x04\x05\x14]")


def sample_ticket(width: int = 576) -> Image.Image:
    content = TicketContent(
        office_lines=("UBND PHƯỜNG BẾN NGHÉ",),
        number="B102",
        service_name="Đăng ký kết hôn có yếu tố nước ngoài",
        priority_label="Phụ nữ mang thai",
        counters_line="Quầy 3",
        people_ahead=2,
        estimated_wait_minutes=8,
        issued_local=datetime(2026, 11, 26, 14, 5),
        session_name="chiều",
        qr_url="https://xephang.example/t/b102",
    )
    return render_ticket(content, width)


def differing_bytes(first: Image.Image, second: Image.Image) -> int:
    assert first.size == second.size
    return sum(a != b for a, b in zip(first.tobytes(), second.tobytes(), strict=True))


@pytest.mark.parametrize("width", [576, 384])
def test_ticket_round_trips_through_escpos(width: int) -> None:
    ticket = sample_ticket(width)

    job = decode(encode_ticket(ticket))

    assert job.cut
    assert job.image().tobytes() == printable_raster(ticket).tobytes()
    assert differing_bytes(job.image(), ticket) <= 8  # a defused dot changes one byte
    names = [op[0] for op in job.ops]
    assert names[0] == "init"
    assert names[-2:] == ["feed", "cut"]
    assert job.ops[-1] == ("cut", "partial", "0")
    assert set(names[1:-2]) == {"raster"}


def test_tall_image_is_split_into_bands() -> None:
    image = Image.new("1", (576, 2 * BAND_ROWS + 17), 1)
    ImageDraw.Draw(image).line((0, 0, 575, 2 * BAND_ROWS + 16), fill=0, width=3)

    job = decode(encode_raster(image))

    assert [op for op in job.ops] == [
        ("raster", f"576x{BAND_ROWS}"),
        ("raster", f"576x{BAND_ROWS}"),
        ("raster", "576x17"),
    ]
    assert job.image().tobytes() == image.tobytes()


def test_uncut_job_only_feeds() -> None:
    job = decode(encode_ticket(Image.new("1", (384, 10), 1), cut=False, feed_lines=6))

    assert not job.cut
    assert job.ops[-1] == ("feed", "6")


def test_width_is_padded_to_whole_bytes_with_white() -> None:
    image = Image.new("1", (100, 5), 0)

    decoded = decode(encode_raster(image)).image()

    assert decoded.size == (104, 5)
    assert decoded.crop((0, 0, 100, 5)).getextrema() == (0, 0)
    assert decoded.crop((100, 0, 104, 5)).getextrema() == (255, 255)


def test_greyscale_input_is_thresholded() -> None:
    image = Image.new("L", (16, 2), 200)
    image.putpixel((3, 1), 20)

    decoded = decode(encode_raster(image)).image()

    assert [x for x in range(16) for y in range(2) if decoded.getpixel((x, y)) == 0] == [3]


def test_image_bytes_never_look_like_realtime_commands() -> None:
    # Row bytes 10 04 01, 10 05 02 and 10 14 01: DLE EOT 1, DLE ENQ 2, DLE DC4 1.
    row = bytes([0x10, 0x04, 0x01, 0x10, 0x05, 0x02, 0x10, 0x14, 0x01, 0x10, 0x10, 0x04])
    image = Image.frombytes("1", (len(row) * 8, 1), bytes(byte ^ 0xFF for byte in row))

    encoded = encode_raster(image)

    assert REALTIME.search(encoded) is None
    assert differing_bytes(decode(encoded).image(), image) == 4


def test_status_query_asks_printer_offline_and_paper() -> None:
    assert encode_status_query() == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
    assert decode(encode_status_query()).ops == [
        ("status_query", "1"),
        ("status_query", "2"),
        ("status_query", "4"),
    ]


def test_decoder_reads_alignment_line_feeds_and_cut_variants() -> None:
    job = decode(b"\x1ba\x01\n\x1dV\x00\x1dV1\x1dVA\x05")

    assert job.ops == [
        ("align", "center"),
        ("lf",),
        ("cut", "full"),
        ("cut", "partial"),
        ("cut", "full", "5"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"\x1bZ",  # unknown ESC command
        b"A",  # plain text is never emitted
        b"\x1bd",  # ESC d without n
        b"\x1dv0\x00\x02\x00\x02\x00\xff\xff\xff",  # raster one byte short
        b"\x1dv0\x01\x01\x00\x01\x00\xff",  # double-width raster mode
        b"\x1dV\x07",  # unknown cut
        b"\x10\x04\x09",  # not a status we know
        b"\x1ba\x07",  # not a justification
    ],
)
def test_decoder_rejects_unknown_or_truncated_commands(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(data)
