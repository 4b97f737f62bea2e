"""Tests for the spoken call phrase and its recorded-clip sequence."""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.announcements.phrases import (
    AUDIENCES,
    CLIP_TEXT,
    CLIP_VOCABULARY,
    call_phrase,
    clip_names,
)

ticket_numbers = st.builds(
    lambda letters, value, width: letters + str(value).zfill(width),
    st.text(alphabet="ABCDĐEGHKLMNPQRSTUVXYabcdđ", max_size=2),
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=1, max_value=4),
)
counters = st.one_of(
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=1, max_value=99).map(str),
    st.sampled_from(["B", "3 b", "mười hai"]),
)
audiences = st.sampled_from(["citizen", "customer"])
dialects = st.sampled_from(["north", "south"])


def spoken_words(text: str) -> list[str]:
    """Words as heard: case, commas and hyphens inside letter names make no sound."""
    return re.sub(r"[,\-]", " ", text.lower()).split()


def test_call_phrase_example_from_design() -> None:
    assert call_phrase("A012", 3) == "Mời công dân có số thứ tự a mười hai đến quầy số ba"


def test_call_phrase_recall() -> None:
    assert (
        call_phrase("A012", 3, recall=True)
        == "Xin nhắc lại, mời công dân có số thứ tự a mười hai đến quầy số ba"
    )


def test_call_phrase_electricity_desk_says_customer() -> None:
    assert (
        call_phrase("D105", "7", audience="customer")
        == "Mời khách hàng có số thứ tự dê một trăm linh năm đến quầy số bảy"
    )


def test_call_phrase_south_with_two_letters() -> None:
    assert (
        call_phrase("AB1025", 24, dialect="south")
        == "Mời công dân có số thứ tự a bê một ngàn không trăm hai mươi lăm"
        " đến quầy số hai mươi bốn"
    )


def test_call_phrase_letters_with_multi_word_names() -> None:
    assert call_phrase("Y21", 1) == "Mời công dân có số thứ tự i dài hai mươi mốt đến quầy số một"


def test_a_call_that_follows_another_says_only_number_and_counter() -> None:
    assert call_phrase("A012", 3, follow=True) == "A mười hai đến quầy số ba"
    assert call_phrase("V5", 7, audience="customer", follow=True) == "Vê năm đến quầy số bảy"
    assert call_phrase("A012", 3, recall=True, follow=True) == (
        "Xin nhắc lại, a mười hai đến quầy số ba"
    )
    assert clip_names("A012", "3", recall=True, follow=True) == [
        "recall",
        "letter_a",
        "muoi",
        "hai",
        "den_quay_so",
        "ba",
    ]


@pytest.mark.parametrize("number", ["A0", "A000", "a0"])
def test_call_phrase_reads_all_zero_ticket_as_zero(number: str) -> None:
    assert call_phrase(number, 1).endswith("a không đến quầy số một")


@pytest.mark.parametrize(
    ("counter", "spoken"),
    [(3, "ba"), ("3", "ba"), ("03", "ba"), (" 15 ", "mười lăm"), ("B", "B"), ("Thuế  2", "Thuế 2")],
)
def test_call_phrase_counter(counter: str | int, spoken: str) -> None:
    assert call_phrase("A1", counter).endswith(f"đến quầy số {spoken}")


def test_call_phrase_normalises_counter_label_to_nfc() -> None:
    phrase = call_phrase("A1", unicodedata.normalize("NFD", "Thuế"))
    assert phrase.endswith("Thuế")
    assert unicodedata.is_normalized("NFC", phrase)


@pytest.mark.parametrize("number", ["", "A", "12A", "A-12", "A12345", "Ă12"])
def test_call_phrase_rejects_malformed_ticket_numbers(number: str) -> None:
    with pytest.raises(ValueError):
        call_phrase(number, 1)


def test_call_phrase_rejects_unknown_audience_and_empty_counter() -> None:
    with pytest.raises(ValueError, match="audience"):
        call_phrase("A1", 1, audience="patient")
    with pytest.raises(ValueError, match="empty"):
        call_phrase("A1", "  ")


def test_clip_names_example_from_brief() -> None:
    assert clip_names("A012", "3", recall=True) == [
        "recall",
        "moi",
        "cong_dan",
        "co_so_thu_tu",
        "letter_a",
        "muoi",
        "hai",
        "den_quay_so",
        "ba",
    ]


def test_clip_names_regional_and_changed_sounds() -> None:
    assert clip_names("Đ1024", 21, audience="customer") == [
        "moi",
        "khach_hang",
        "co_so_thu_tu",
        "letter_dd",
        "mot",
        "nghin",
        "khong",
        "tram",
        "hai",
        "muoi_thanh",
        "tu",
        "den_quay_so",
        "hai",
        "muoi_thanh",
        "mot_sac",
    ]
    assert clip_names("A105", 15, dialect="south") == [
        "moi",
        "cong_dan",
        "co_so_thu_tu",
        "letter_a",
        "mot",
        "tram",
        "le",
        "nam",
        "den_quay_so",
        "muoi",
        "lam",
    ]


def test_clip_names_for_letter_and_word_counter_labels() -> None:
    assert clip_names("A1", "B")[-1] == "letter_b"
    assert clip_names("A1", "3 b")[-2:] == ["ba", "letter_b"]


def test_clip_names_rejects_labels_without_clips() -> None:
    with pytest.raises(ValueError, match="no recorded clip"):
        clip_names("A1", "Thuế")


def test_clip_vocabulary_names_are_ascii_file_names() -> None:
    for name in CLIP_VOCABULARY:
        assert re.fullmatch(r"[a-z0-9_]+", name), name
    assert CLIP_TEXT.keys() == CLIP_VOCABULARY
    assert {"letter_a", "letter_dd", "letter_z", "mot_sac", "muoi_thanh", "le", "ngan"} <= (
        CLIP_VOCABULARY
    )


@given(ticket_numbers, counters, audiences, st.booleans(), dialects)
def test_call_phrase_is_nfc_and_well_formed(
    number: str, counter: str | int, audience: str, recall: bool, dialect: str
) -> None:
    phrase = call_phrase(number, counter, audience=audience, recall=recall, dialect=dialect)
    assert unicodedata.is_normalized("NFC", phrase)
    assert phrase.startswith("Xin nhắc lại, mời " if recall else "Mời ")
    assert " có số thứ tự " in phrase
    assert " đến quầy số " in phrase


@given(ticket_numbers, counters, audiences, st.booleans(), dialects)
def test_a_following_call_is_the_call_without_its_invitation(
    number: str, counter: str | int, audience: str, recall: bool, dialect: str
) -> None:
    words = {"audience": audience, "recall": recall, "dialect": dialect}
    full = spoken_words(call_phrase(number, counter, **words))
    short = spoken_words(call_phrase(number, counter, follow=True, **words))
    invitation = spoken_words(f"mời {AUDIENCES[audience]} có số thứ tự")
    lead = spoken_words("Xin nhắc lại") if recall else []
    assert full == lead + invitation + short[len(lead) :]
    assert short[: len(lead)] == lead


@given(ticket_numbers, counters, audiences, st.booleans(), dialects, st.booleans())
def test_clips_say_what_the_phrase_says(
    number: str, counter: str | int, audience: str, recall: bool, dialect: str, follow: bool
) -> None:
    words = {"audience": audience, "recall": recall, "dialect": dialect, "follow": follow}
    clips = clip_names(number, counter, **words)
    assert set(clips) <= CLIP_VOCABULARY
    from_clips = spoken_words(" ".join(CLIP_TEXT[clip] for clip in clips))
    from_text = spoken_words(call_phrase(number, counter, **words))
    # A free-form label is written as given (espeak-ng reads "3" and "b" itself)
    # but recorded as the words that say it.
    as_said = {"3": "ba", "b": "bê"}
    assert from_clips == [as_said.get(word, word) for word in from_text]
