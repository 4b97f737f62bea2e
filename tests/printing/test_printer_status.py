"""Printer status: DLE EOT answers read bit by bit and combined into the cause of a fault."""

import pytest

from server.printing.printer_status import Paper, PrinterState, parse_status, state_from_answers


@pytest.mark.parametrize(
    ("n", "byte", "expected"),
    [
        (1, 0x16, {"online": True}),  # drawer pin high, online
        (1, 0x1E, {"online": False}),
        (2, 0x12, {"cover_open": False, "error": False}),
        (2, 0x16, {"cover_open": True, "error": False}),
        (2, 0x32, {"cover_open": False, "error": False, "paper": "out"}),
        (2, 0x52, {"cover_open": False, "error": True}),
        (4, 0x12, {"paper": "ok"}),
        (4, 0x1E, {"paper": "near_end"}),
        (4, 0x72, {"paper": "out"}),
        (4, 0x7E, {"paper": "out"}),
    ],
)
def test_parse_status_reads_the_documented_bits(
    n: int, byte: int, expected: dict[str, object]
) -> None:
    assert parse_status(n, byte) == expected


@pytest.mark.parametrize(("n", "byte"), [(1, 0x00), (4, 0xFF), (3, 0x12)])
def test_parse_status_refuses_garbage(n: int, byte: int) -> None:
    with pytest.raises(ValueError):
        parse_status(n, byte)


def test_answers_combine_into_one_state_naming_the_cause() -> None:
    assert state_from_answers({1: 0x12, 2: 0x12, 4: 0x12}) == PrinterState()
    assert state_from_answers({1: 0x12, 2: 0x12, 4: 0x1E}).paper is Paper.NEAR_END
    paper_out = state_from_answers({1: 0x1E, 2: 0x32, 4: 0x72})
    assert (paper_out.online, paper_out.paper, paper_out.fault) == (False, Paper.OUT, "paper_out")
    assert state_from_answers({1: 0x1E, 2: 0x16, 4: 0x12}).fault == "cover_open"
    assert state_from_answers({1: 0x1E, 2: 0x52, 4: 0x12}).fault == "error"
    assert state_from_answers({1: 0x1E}).fault == "offline"
    assert state_from_answers({1: 0x12, 2: 0x12, 4: 0x1E}).fault is None
