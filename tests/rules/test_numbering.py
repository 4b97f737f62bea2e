"""Tests for ticket display numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.rules.numbering import format_number, parse_number

prefixes = st.text(st.characters(categories=["Lu", "Ll"]), max_size=3)
sequences = st.integers(min_value=1, max_value=10**7)
widths = st.integers(min_value=1, max_value=6)


@pytest.mark.parametrize(
    ("prefix", "sequence", "width", "expected"),
    [
        ("A", 1, 3, "A001"),
        ("A", 12, 3, "A012"),
        ("A", 999, 3, "A999"),
        ("A", 1000, 3, "A1000"),
        ("A", 12345, 3, "A12345"),
        ("AB", 7, 4, "AB0007"),
        ("B", 5, 1, "B5"),
        ("Đ", 3, 3, "Đ003"),
        ("", 42, 3, "042"),
    ],
)
def test_format_number(prefix, sequence, width, expected):
    assert format_number(prefix, sequence, width) == expected


def test_default_width_is_three():
    assert format_number("C", 5) == "C005"


@pytest.mark.parametrize("sequence", [0, -1, -1000])
def test_sequence_must_be_positive(sequence):
    with pytest.raises(ValueError, match="sequence"):
        format_number("A", sequence)


@pytest.mark.parametrize("width", [0, -3])
def test_width_must_be_positive(width):
    with pytest.raises(ValueError, match="width"):
        format_number("A", 1, width)


@pytest.mark.parametrize("prefix", ["A1", "1", "A-", "A B", "A²"])
def test_prefix_must_be_letters(prefix):
    with pytest.raises(ValueError, match="prefix"):
        format_number(prefix, 1)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("A012", ("A", 12)),
        ("AB0007", ("AB", 7)),
        ("A1000", ("A", 1000)),
        ("A1", ("A", 1)),
        ("Đ003", ("Đ", 3)),
        ("042", ("", 42)),
    ],
)
def test_parse_number(number, expected):
    assert parse_number(number) == expected


@pytest.mark.parametrize(
    "number", ["", "A", "AB", "12A", "A12B3", "A-12", "A 12", " A012", "A012 ", "A000", "A²", "A١٢"]
)
def test_parse_rejects_what_is_not_a_number(number):
    with pytest.raises(ValueError, match="not a ticket number"):
        parse_number(number)


@given(prefixes, sequences, widths)
def test_parse_undoes_format(prefix, sequence, width):
    assert parse_number(format_number(prefix, sequence, width)) == (prefix, sequence)


@given(prefixes, sequences, widths)
def test_number_is_padded_to_width_and_never_truncated(prefix, sequence, width):
    number = format_number(prefix, sequence, width)
    digits = number[len(prefix) :]
    assert len(digits) == max(width, len(str(sequence)))
    assert int(digits) == sequence


@given(prefixes, widths, st.data())
def test_padded_numbers_sort_like_their_sequences(prefix, width, data):
    # Within the padded range, text order (how a list or spreadsheet sorts) is numeric order.
    top = 10**width - 1
    first = data.draw(st.integers(1, top))
    second = data.draw(st.integers(1, top))
    as_text = format_number(prefix, first, width) < format_number(prefix, second, width)
    assert as_text == (first < second)


@given(prefixes, sequences, widths)
def test_format_is_injective_for_a_given_prefix_and_width(prefix, sequence, width):
    assert format_number(prefix, sequence, width) != format_number(prefix, sequence + 1, width)
