"""Ticket and test-page rasters: exact width, 1-bit, inside the margins, nothing clipped."""

from datetime import datetime

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from printer_support import read_qr

from server.printing.raster import (
    BODY_MIN_DOTS,
    WIDTH_58MM,
    WIDTH_80MM,
    load_font,
    margin_for,
    qr_matrix,
    render_test_page,
    render_text_block,
    render_ticket,
    style_sizes,
    wrap_text,
)
from server.printing.ticket_layout import Style, TicketContent, ticket_blocks

LONG_SERVICE = (
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền "
    "của Việt Nam cấp hoặc chứng nhận"
)


def make_content(**overrides: object) -> TicketContent:
    values: dict[str, object] = {
        "office_lines": ("UBND PHƯỜNG BẾN NGHÉ", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"),
        "number": "A015",
        "service_name": LONG_SERVICE,
        "priority_label": "Người cao tuổi",
        "counters_line": "Quầy 1, 2",
        "people_ahead": 7,
        "estimated_wait_minutes": 25,
        "issued_local": datetime(2026, 11, 26, 9, 41),
        "session_name": "sáng",
        "qr_url": "https://xephang.example.gov.vn/t/7f3a9c2e",
        "agency": "UBND QUẬN 1 – TP. HỒ CHÍ MINH",
    }
    values.update(overrides)
    return TicketContent(**values)  # type: ignore[arg-type]


def is_blank(image: Image.Image) -> bool:
    return image.convert("L").getextrema() == (255, 255)


def ink_pixels(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


@pytest.mark.parametrize("width", [WIDTH_80MM, 512, WIDTH_58MM])
def test_ticket_fills_exact_width_inside_margins(width: int) -> None:
    ticket = render_ticket(make_content(), width)

    margin = margin_for(width)
    assert ticket.mode == "1"
    assert ticket.width == width
    assert is_blank(ticket.crop((0, 0, margin, ticket.height)))
    assert is_blank(ticket.crop((width - margin, 0, width, ticket.height)))
    assert not is_blank(ticket.crop((margin, 0, width - margin, ticket.height)))
    # A ticket stays a ticket: well under 16 cm of paper even with the longest service name.
    assert ticket.height < 1300


def test_unbreakable_long_word_shrinks_then_breaks_but_stays_inside() -> None:
    word = "Đăngkýthườngtrúchocôngdânđủđiềukiệntheoquyđịnhcủaphápluật" * 2

    ticket = render_ticket(make_content(service_name=word, number="B1234"), WIDTH_58MM)

    margin = margin_for(WIDTH_58MM)
    assert is_blank(ticket.crop((0, 0, margin, ticket.height)))
    assert is_blank(ticket.crop((WIDTH_58MM - margin, 0, WIDTH_58MM, ticket.height)))


def test_wrap_keeps_every_line_within_width() -> None:
    font = load_font(30, bold=True)
    text = LONG_SERVICE + " " + "Khôngxuốngdòngđược" * 4

    lines = wrap_text(text, font, 300)

    assert len(lines) > 3
    assert all(
        font.getbbox(line, anchor="ls")[2] - font.getbbox(line, anchor="ls")[0] <= 300
        for line in lines
    )
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("text", ["ỄỖỆ ẪẶ ỹ ỵ gỵ", "PHIẾU SỐ THỨ TỰ", "Người cao tuổi – ƯU TIÊN"])
def test_text_block_never_clips_ink(text: str) -> None:
    font = load_font(40, bold=True)
    free = Image.new("L", (1200, 300), 255)
    ImageDraw.Draw(free).text((100, 150), text, font=font, fill=0, anchor="ls")

    block = render_text_block(text, width=1000, size=40, bold=True)

    assert ink_pixels(block) == ink_pixels(free)


def test_priority_mark_is_an_inverted_box() -> None:
    without = render_ticket(make_content(priority_label=None))
    with_mark = render_ticket(make_content())

    # Black from margin to margin, row after row: only the box (and 2-dot rules) do that.
    def rows_black_at_both_edges(ticket: Image.Image) -> int:
        left, right = margin_for(ticket.width), ticket.width - margin_for(ticket.width) - 1
        return sum(
            ticket.getpixel((left, y)) == 0 and ticket.getpixel((right, y)) == 0
            for y in range(ticket.height)
        )

    assert rows_black_at_both_edges(without) == 4  # the two separator rules
    assert rows_black_at_both_edges(with_mark) > 4 + 30


def find_qr(ticket: Image.Image, url: str) -> tuple[int, int] | None:
    """Locate the QR modules of `url` (as qr_matrix makes them) as (top row, dots per module)."""
    matrix = qr_matrix(url)
    modules = len(matrix)
    for box in range(1, ticket.width // modules + 1):
        size = modules * box
        expected = Image.new("1", (modules, modules))
        expected.putdata([0 if cell else 255 for row in matrix for cell in row])
        expected = expected.resize((size, size), Image.Resampling.NEAREST)
        left = (ticket.width - size) // 2
        first_row = expected.crop((0, 0, size, 1)).tobytes()
        for top in range(ticket.height - size + 1):
            if ticket.crop((left, top, left + size, top + 1)).tobytes() != first_row:
                continue
            if ticket.crop((left, top, left + size, top + size)).tobytes() == expected.tobytes():
                return top, box
    return None


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
def test_qr_of_the_ticket_url_is_printed_centred(width: int) -> None:
    url = "https://xephang.example.gov.vn/t/7f3a9c2e"

    ticket = render_ticket(make_content(qr_url=url), width)

    found = find_qr(ticket, url)

    assert found is not None
    top, dots_per_module = found
    assert dots_per_module >= 3  # smaller modules do not survive thermal printing
    assert ticket.height // 2 < top < ticket.height - 100  # below the wait lines, above the note
    assert find_qr(render_ticket(make_content(qr_url=url + "x"), width), url) is None


def test_too_narrow_width_is_refused() -> None:
    with pytest.raises(ValueError, match="too narrow"):
        render_ticket(make_content(), 100)


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
def test_test_page_has_exact_width_and_full_width_ruler(width: int) -> None:
    page = render_test_page(width)

    assert page.mode == "1"
    assert page.width == width
    # The ruler's edge ticks reach both sides, showing whether the printer loses edge dots.
    assert not is_blank(page.crop((0, 0, 2, 10)))
    assert not is_blank(page.crop((width - 2, 0, width, 10)))


@pytest.mark.parametrize(
    "url", ["https://xephang.example.gov.vn/t/7f3a9c2e", "http://127.0.0.1:5000/t/" + "Ab9-_" * 8]
)
def test_qr_matrix_reads_back_as_the_url_with_medium_error_correction(url: str) -> None:
    matrix = qr_matrix(url)
    modules = len(matrix)
    # Version v has 17 + 4v modules; these URLs need version 3 or 4 at medium correction.
    assert all(len(row) == modules for row in matrix) and modules in (29, 33)
    # Finder patterns sit in three corners with no quiet zone around them.
    assert matrix[0][:7] == [True] * 7 and matrix[0][-7:] == [True] * 7
    picture = Image.new("L", (modules + 8, modules + 8), 255)
    picture.putdata(
        [
            0 if 4 <= x < modules + 4 and 4 <= y < modules + 4 and matrix[y - 4][x - 4] else 255
            for y in range(modules + 8)
            for x in range(modules + 8)
        ]
    )
    picture = picture.resize((picture.width * 4, picture.height * 4))
    assert read_qr(picture) == [url]
    assert zxingcpp.read_barcode(picture).extra["ECLevel"] == "M"


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
def test_body_text_is_at_least_three_millimetres_on_any_paper(width: int) -> None:
    """People ahead, the wait, the time and the note: 24 dots (3 mm at 8 dots/mm) or more."""
    sizes = style_sizes(ticket_blocks(make_content()), width)
    assert sizes[Style.INFO] >= BODY_MIN_DOTS == 24
    note = make_content(note="Vui lòng chờ đến lượt; số đã qua sẽ được gọi lại khi có quầy trống")
    assert style_sizes(ticket_blocks(note), width)[Style.NOTE] >= BODY_MIN_DOTS
    render_ticket(note, width)  # and it still renders within the paper (checked above)
