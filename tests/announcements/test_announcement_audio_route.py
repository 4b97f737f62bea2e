"""Tests for `/audio/call.wav`: only calls the server made, a bounded cache, renders per address."""

from __future__ import annotations

import io
import math
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import World, running_app
from flask import Flask
from flask.testing import FlaskClient

from server.announcements.audio import AnnouncementAudio
from server.announcements.call_audio import CallAudio, signed_audio_url
from server.announcements.chime import SAMPLE_RATE
from server.announcements.phrases import CLIP_VOCABULARY
from server.realtime.socket import socketio

CLIP_SECONDS = 0.05


def make_clip_set(folder: Path) -> Path:
    """A complete clip set of short tones: renders are quick and need no espeak-ng."""
    folder.mkdir()
    count = round(CLIP_SECONDS * SAMPLE_RATE)
    tone = b"".join(
        round(6000 * math.sin(2 * math.pi * 440 * i / SAMPLE_RATE)).to_bytes(
            2, "little", signed=True
        )
        for i in range(count)
    )
    for name in CLIP_VOCABULARY:
        with wave.open(str(folder / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(SAMPLE_RATE)
            out.writeframes(tone)
    return folder


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Settings a test changes for its app (overridden per test by parametrising)."""
    return {}


@pytest.fixture
def app(database_url: str, tmp_path: Path, settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    """The test app, speaking from a clip set so that rendering is fast and deterministic."""
    overrides = {"CLIPS_DIR": str(make_clip_set(tmp_path / "clips")), **settings_overrides}
    with running_app(database_url, tmp_path, **overrides) as app:
        yield app


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the app renders (cache hits are not renders)."""
    rendered: list[str] = []
    real = AnnouncementAudio.render

    def counting(self: AnnouncementAudio, text: str, clip_names: Any = None, **form: Any) -> Any:
        rendered.append(text)
        return real(self, text, clip_names, **form)

    monkeypatch.setattr(AnnouncementAudio, "render", counting)
    return rendered


def cache_folder(app: Flask) -> Path:
    return Path(app.config["AUDIO_CACHE_DIR"])


def cached_files(app: Flask) -> list[Path]:
    folder = cache_folder(app)
    return sorted(folder.glob("*.wav")) if folder.exists() else []


def called_announcement(app: Flask, client: FlaskClient, world: World) -> dict[str, Any]:
    """Issue a ticket, call it at counter 1, and give the announcement the display was sent."""
    display = socketio.test_client(app, auth={"token": world.display[1]})
    display.get_received()
    issued = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert issued.status_code == 201
    called = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    )
    assert called.status_code == 200
    [call] = [p["args"][0] for p in display.get_received() if p["name"] == "ticket_called"]
    display.disconnect()
    return dict(call["announcement"])


def called_audio_url(app: Flask, client: FlaskClient, world: World) -> str:
    """Issue a ticket, call it at counter 1, and give the audio URL the display was sent."""
    return str(called_announcement(app, client, world)["audio_url"])


def signed(app: Flask, number: str, counter: str = "1") -> str:
    """The URL the server would send for such a call."""
    return signed_audio_url(CallAudio(number, counter), app.config["SECRET_KEY"])


def test_a_called_tickets_audio_answers_its_wav(app: Flask, client: FlaskClient, world: World):
    url = called_audio_url(app, client, world)
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "audio/wav"
    assert response.data[:4] == b"RIFF"
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    etag = response.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    part = client.get(url, headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.data == b"RIFF"
    assert [path.read_bytes() for path in cached_files(app)] == [response.data]


def test_the_following_form_is_the_short_speech_without_the_chime(
    app: Flask, client: FlaskClient, world: World
):
    announcement = called_announcement(app, client, world)
    follow = announcement["follow"]
    assert follow["text"] == "A một đến quầy số một"
    full = client.get(announcement["audio_url"])
    short = client.get(follow["audio_url"])
    assert full.status_code == short.status_code == 200
    with wave.open(io.BytesIO(full.data)) as reader:
        full_seconds = reader.getnframes() / SAMPLE_RATE
    with wave.open(io.BytesIO(short.data)) as reader:
        short_seconds = reader.getnframes() / SAMPLE_RATE
    # Each test clip lasts CLIP_SECONDS: "a một đến quầy số một" is 4 clips, the full call
    # adds "mời", "công dân", "có số thứ tự", the 0.8 s chime and the breath after it.
    assert short_seconds == pytest.approx(4 * CLIP_SECONDS, abs=0.001)
    assert full_seconds == pytest.approx(0.8 + 0.15 + 7 * CLIP_SECONDS, abs=0.001)
    assert len(cached_files(app)) == 2


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda url: url.split("&sig=")[0], id="unsigned"),
        pytest.param(lambda url: url.replace("&sig=", "&follow=1&sig="), id="follow"),
        pytest.param(lambda url: url.replace("number=A001", "number=A002"), id="other-number"),
        pytest.param(lambda url: url.replace("counter=1", "counter=2"), id="other-counter"),
        pytest.param(lambda url: url.replace("recall=0", "recall=1"), id="recall"),
        pytest.param(lambda url: url.split("&sig=")[0] + "&sig=" + "A" * 43, id="forged-sig"),
        pytest.param(lambda url: url + "x", id="changed-sig"),
    ],
)
def test_urls_the_server_did_not_sign_are_refused_and_render_nothing(
    app: Flask, client: FlaskClient, world: World, renders: list[str], change: Any
):
    url = called_audio_url(app, client, world)
    assert "&sig=" in url
    response = client.get(change(url))
    assert response.status_code == 403
    assert response.json is not None
    assert response.json["error"]["code"] == "audio_not_issued"
    assert renders == []
    assert cached_files(app) == []


def test_made_up_calls_are_refused_and_render_nothing(
    app: Flask, client: FlaskClient, renders: list[str]
):
    for number in range(1, 50):
        response = client.get(f"/audio/call.wav?number=A{number}&counter=3")
        assert response.status_code == 403
    other_key = signed_audio_url(CallAudio("A1", "1"), "not the server's key")
    assert client.get(other_key).status_code == 403
    assert renders == []
    assert not cache_folder(app).exists()


@pytest.mark.parametrize("settings_overrides", [{"AUDIO_RENDERS_PER_MINUTE": 2}])
def test_renders_are_limited_per_address(app: Flask, client: FlaskClient, renders: list[str]):
    first = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get(signed(app, "A1"), environ_base=first).status_code == 200
    assert client.get(signed(app, "A2"), environ_base=first).status_code == 200
    refused = client.get(signed(app, "A3"), environ_base=first)
    assert refused.status_code == 429
    assert refused.json is not None
    assert refused.json["error"]["code"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) >= 1
    assert renders == [
        "Mời công dân có số thứ tự a một đến quầy số một",
        "Mời công dân có số thứ tự a hai đến quầy số một",
    ]
    # What is cached is still served to that address; another address may render.
    assert client.get(signed(app, "A1"), environ_base=first).status_code == 200
    assert (
        client.get(signed(app, "A3"), environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200
    )
    assert len(renders) == 3


@pytest.mark.parametrize("settings_overrides", [{"AUDIO_CACHE_MB": 0.2}])
def test_the_audio_cache_stays_within_its_setting(app: Flask, client: FlaskClient):
    bound = 0.2 * 1024 * 1024
    sizes = []
    for number in range(1, 13):
        response = client.get(signed(app, f"B{number}", counter=str(number % 4 + 1)))
        assert response.status_code == 200
        sizes.append(len(response.data))
        assert sum(path.stat().st_size for path in cache_folder(app).iterdir()) <= bound
    assert sum(sizes) > 2 * bound  # the calls would have taken more than twice the bound
    assert 0 < len(cached_files(app)) < len(sizes)


def test_the_test_sound_is_one_fixed_call(app: Flask, client: FlaskClient, renders: list[str]):
    first = client.get("/audio/test.wav")
    assert first.status_code == 200 and first.data[:4] == b"RIFF"
    assert client.get("/audio/test.wav?number=B9").data == first.data
    assert renders == ["Mời công dân có số thứ tự a một đến quầy số một"]


@pytest.mark.parametrize("settings_overrides", [{"CLIPS_DIR": ""}])
def test_no_voice_at_all_answers_503(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(AnnouncementAudio, "speech_engine", lambda self: None)
    response = client.get(signed(app, "A1"))
    assert response.status_code == 503
    assert response.json is not None
    assert response.json["error"]["code"] == "audio_unavailable"
    assert "espeak-ng" in response.json["error"]["message"]


@pytest.mark.parametrize("settings_overrides", [{"AUDIO_CACHE_MB": 2.5}])
def test_the_cache_bound_comes_from_its_setting(app: Flask) -> None:
    from server.web.audio import audio_renderer

    assert audio_renderer().max_cache_bytes == round(2.5 * 1024 * 1024)
