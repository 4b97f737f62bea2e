"""What the ticket says and in which order, before any drawing."""

import unicodedata
from datetime import datetime

from server.printing.ticket_layout import (
    Qr,
    Rule,
    Style,
    Text,
    TicketContent,
    issued_line,
    people_ahead_line,
    priority_line,
    slot_line,
    ticket_blocks,
    wait_line,
)


def make_content(**overrides: object) -> TicketContent:
    values: dict[str, object] = {
        "office_lines": ("UBND PHƯỜNG BẾN NGHÉ", "BỘ PHẬN MỘT CỬA"),
        "number": "A015",
        "service_name": "Đăng ký khai sinh",
        "priority_label": None,
        "counters_line": "Quầy 1, 2",
        "people_ahead": 3,
        "estimated_wait_minutes": 12,
        "issued_local": datetime(2026, 11, 26, 9, 41),
        "session_name": "sáng",
        "qr_url": "https://xephang.example/t/abc",
    }
    values.update(overrides)
    return TicketContent(**values)  # type: ignore[arg-type]


def test_wording_of_each_line() -> None:
    assert issued_line(datetime(2026, 11, 26, 9, 41), "sáng") == (
        "Ngày 26/11/2026 – 09:41 (buổi sáng)"
    )
    assert (
        issued_line(datetime(2026, 1, 5, 14, 3), "chiều") == "Ngày 05/01/2026 – 14:03 (buổi chiều)"
    )
    assert people_ahead_line(4) == "Số người đang chờ trước: 4"
    assert wait_line(25) == "Thời gian chờ dự kiến: khoảng 25 phút"
    assert wait_line(0) == "Thời gian chờ dự kiến: dưới 1 phút"
    assert priority_line("Người cao tuổi") == "ƯU TIÊN – Người cao tuổi"
    assert priority_line("  ") == "ƯU TIÊN"
    assert slot_line(datetime(2026, 12, 7, 9, 30)) == "Lịch hẹn lúc 09:30"


def test_blocks_follow_the_design_order() -> None:
    blocks = ticket_blocks(make_content(priority_label="Người khuyết tật", agency="UBND QUẬN 1"))

    styles = [block.style for block in blocks if isinstance(block, Text)]
    assert styles == [
        Style.AGENCY,
        Style.OFFICE,
        Style.OFFICE,
        Style.TITLE,
        Style.NUMBER,
        Style.SERVICE,
        Style.PRIORITY,
        Style.COUNTERS,
        Style.INFO,
        Style.INFO,
        Style.INFO,
        Style.NOTE,
    ]
    kinds = [type(block) for block in blocks]
    assert kinds.index(Rule) < kinds.index(Qr) < len(kinds) - 1
    assert blocks[-1] == Text("Vui lòng giữ phiếu và chờ gọi số", Style.NOTE)


def test_optional_lines_are_left_out() -> None:
    blocks = ticket_blocks(
        make_content(
            counters_line=None, estimated_wait_minutes=None, note="", office_lines=("X", " ")
        )
    )

    styles = [block.style for block in blocks if isinstance(block, Text)]
    assert Style.PRIORITY not in styles
    assert Style.COUNTERS not in styles
    assert Style.NOTE not in styles
    assert styles.count(Style.OFFICE) == 1
    assert styles.count(Style.INFO) == 2  # people ahead and the date line


def test_an_appointment_ticket_prints_its_slot_first_among_the_details() -> None:
    blocks = ticket_blocks(make_content(slot_local=datetime(2026, 12, 7, 14, 15)))

    info = [block.text for block in blocks if isinstance(block, Text) and block.style == Style.INFO]
    assert info[0] == "Lịch hẹn lúc 14:15"
    assert len(info) == 4


def test_text_is_nfc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Chứng thực bản sao")
    assert decomposed != "Chứng thực bản sao"

    blocks = ticket_blocks(make_content(service_name=decomposed))

    assert Text("Chứng thực bản sao", Style.SERVICE) in blocks
