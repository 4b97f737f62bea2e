"""Staff lists sort Vietnamese names by given name, then the rest (and the browser agrees)."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from server.rules.person_names import given_name_key

ORDERED = json.loads((Path(__file__).with_name("given_name_order.json")).read_text("utf-8"))[
    "ordered"
]


def test_names_sort_by_given_name_in_the_vietnamese_alphabet_then_the_rest() -> None:
    shuffled = ORDERED[:]
    random.Random(16).shuffle(shuffled)
    assert sorted(shuffled, key=given_name_key) == ORDERED
    assert sorted(reversed(ORDERED), key=given_name_key) == ORDERED


def test_the_demo_clerks_are_found_under_their_given_names() -> None:
    clerks = ["Nguyễn Văn Hùng", "Trần Thị Thu Hằng", "Lê Minh Tuấn", "Phạm Thị Lan Anh"]
    assert sorted(clerks, key=given_name_key) == [
        "Phạm Thị Lan Anh",
        "Trần Thị Thu Hằng",
        "Nguyễn Văn Hùng",
        "Lê Minh Tuấn",
    ]


def test_composed_and_decomposed_spellings_sort_together() -> None:
    composed = "Trần Thị Thu Hằng"
    decomposed = unicodedata.normalize("NFD", composed)
    assert given_name_key(composed)[:2] == given_name_key(decomposed)[:2]
    assert given_name_key("ĐỨC")[:2] == given_name_key("đức")[:2]


@given(st.text(), st.text())
def test_any_text_has_a_key_and_the_order_is_total(first: str, second: str) -> None:
    a, b = given_name_key(first), given_name_key(second)
    assert (a == b) == (first == second)
