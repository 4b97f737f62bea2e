"""Tests for signing and verifying the audio URLs of calls."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from server.announcements.call_audio import (
    PATH,
    AudioNotIssued,
    CallAudio,
    signed_audio_url,
    verified_call,
)
from server.announcements.phrases import call_phrase, clip_names
from server.services.settings import QueueSettings

SECRET = "office-secret"
CALL = CallAudio(number="A012", counter="3", audience="citizen", recall=False, dialect="north")


def query_of(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert parts.path == PATH and not parts.netloc  # server-relative (design §5)
    return dict(parse_qsl(parts.query))


def test_a_signed_url_names_its_call() -> None:
    query = query_of(signed_audio_url(CALL, SECRET))
    assert query["number"] == "A012" and query["counter"] == "3" and query["recall"] == "0"
    assert verified_call(query, SECRET) == CALL


@pytest.mark.parametrize(
    "call",
    [
        CallAudio("Đ105", "Một cửa 2", audience="customer", recall=True, dialect="south"),
        CallAudio("B7", "12"),
    ],
)
def test_any_real_call_round_trips(call: CallAudio) -> None:
    assert verified_call(query_of(signed_audio_url(call, SECRET)), SECRET) == call


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("number", "A013"),
        ("counter", "4"),
        ("audience", "customer"),
        ("recall", "1"),
        ("dialect", "south"),
        ("sig", "forged"),
        ("sig", "!!!not-base64!!!"),
        ("recall", "2"),
    ],
)
def test_a_changed_part_is_refused(field: str, value: str) -> None:
    query = query_of(signed_audio_url(CALL, SECRET))
    query[field] = value
    with pytest.raises(AudioNotIssued, match="signature does not match"):
        verified_call(query, SECRET)


def test_an_unsigned_url_is_refused() -> None:
    query = query_of(signed_audio_url(CALL, SECRET))
    del query["sig"]
    with pytest.raises(AudioNotIssued, match="no signature"):
        verified_call(query, SECRET)
    with pytest.raises(AudioNotIssued, match="no signature"):
        verified_call({"number": "A1", "counter": "1"}, SECRET)


def test_another_key_signs_differently() -> None:
    query = query_of(signed_audio_url(CALL, "another deployment's key"))
    with pytest.raises(AudioNotIssued):
        verified_call(query, SECRET)


def test_signed_parts_that_name_no_call_are_refused() -> None:
    for call in (CallAudio("", "1"), CallAudio("A1", "1" * 65), CallAudio("A1", "1", "x")):
        with pytest.raises(AudioNotIssued, match="names no call"):
            verified_call(query_of(signed_audio_url(call, SECRET)), SECRET)


def test_the_following_form_is_signed_for_itself() -> None:
    follow = CallAudio("A012", "3", follow=True)
    query = query_of(signed_audio_url(follow, SECRET))
    assert query["follow"] == "1"
    assert verified_call(query, SECRET) == follow
    # Neither form can be turned into the other: each is signed as it is.
    assert "follow" not in query_of(signed_audio_url(CALL, SECRET))
    for changed in ({**query, "follow": "0"}, {k: v for k, v in query.items() if k != "follow"}):
        with pytest.raises(AudioNotIssued, match="signature does not match"):
            verified_call(changed, SECRET)
    full = query_of(signed_audio_url(CALL, SECRET))
    for flag in ("1", "2"):
        with pytest.raises(AudioNotIssued, match="signature does not match"):
            verified_call({**full, "follow": flag}, SECRET)


def test_the_following_form_has_no_chime_and_short_words() -> None:
    follow = CallAudio("A012", "3", follow=True)
    assert CALL.chime and not follow.chime
    assert follow.text() == call_phrase("A012", "3", follow=True) == "A mười hai đến quầy số ba"
    assert follow.clip_names() == clip_names("A012", "3", follow=True)


def test_the_call_says_the_phrase_and_its_clips() -> None:
    assert CALL.text() == call_phrase("A012", "3")
    assert CALL.clip_names() == clip_names("A012", "3")
    assert CallAudio("A1", "Quầy Ưu tiên").clip_names() is None  # no clip: speech instead


def test_queue_settings_never_show_the_secret() -> None:
    settings = QueueSettings(audio_secret="s3cr3t-value")
    assert "s3cr3t-value" not in repr(settings)
