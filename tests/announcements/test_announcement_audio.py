"""Tests for rendering and caching announcement audio."""

import logging
import math
import shutil
import unicodedata
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest

from server.announcements import audio
from server.announcements.audio import AnnouncementAudio, AudioUnavailable, load_wav, resample
from server.announcements.chime import SAMPLE_RATE, chime_samples
from server.announcements.phrases import call_phrase, clip_names

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)

# Chime plus the pause before speech, in samples: where the spoken part begins.
SPEECH_START = len(chime_samples()) + round(0.15 * SAMPLE_RATE)
PHRASE = call_phrase("A012", 3)
CLIPS = clip_names("A012", 3)

ClipMaker = Callable[..., Path]


def rms(samples: array) -> float:
    return math.sqrt(sum(sample * sample for sample in samples) / len(samples))


def read_output(path: Path) -> array:
    """Read a rendered file, checking it has the one format every rendering must have."""
    with wave.open(str(path), "rb") as rendered:
        assert rendered.getnchannels() == 1
        assert rendered.getsampwidth() == 2
        assert rendered.getframerate() == SAMPLE_RATE
    return load_wav(path)


def write_raw_wav(path: Path, frames: bytes, *, rate: int, channels: int, width: int) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def pcm16(values: list[int]) -> bytes:
    return b"".join(value.to_bytes(2, "little", signed=True) for value in values)


@pytest.fixture
def make_clip(tmp_path: Path) -> ClipMaker:
    """Factory for small mono 16-bit tone clips in a clips directory."""
    clips_dir = tmp_path / "clips"
    clips_dir.mkdir()

    def make(name: str, seconds: float = 0.1, rate: int = SAMPLE_RATE, hz: float = 440) -> Path:
        count = round(seconds * rate)
        tone = [round(8000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(count)]
        return write_raw_wav(clips_dir / f"{name}.wav", pcm16(tone), rate=rate, channels=1, width=2)

    return make


@pytest.fixture
def counting_espeak(tmp_path: Path) -> tuple[str, Path]:
    """A wrapper around the real espeak-ng that logs each run, to see cache hits."""
    runs = tmp_path / "espeak-runs"
    script = tmp_path / "espeak-counting"
    script.write_text(f'#!/bin/sh\necho run >> "{runs}"\nexec espeak-ng "$@"\n')
    script.chmod(0o755)
    return str(script), runs


def espeak_runs(runs: Path) -> int:
    return len(runs.read_text().splitlines()) if runs.exists() else 0


def leftovers(cache_dir: Path) -> list[str]:
    return sorted(path.name for path in cache_dir.iterdir() if not path.name.endswith(".wav"))


@needs_espeak
def test_render_with_espeak_makes_an_audible_call(tmp_path: Path) -> None:
    announcer = AnnouncementAudio(tmp_path / "cache")
    path = announcer.render(PHRASE)
    assert path == announcer.path_for(announcer.audio_key(PHRASE))
    samples = read_output(path)
    speech = samples[SPEECH_START:]
    assert 1.0 < len(speech) / SAMPLE_RATE < 15.0
    assert rms(speech) > 500
    assert samples[: len(chime_samples())] == chime_samples()
    assert leftovers(tmp_path / "cache") == []


@needs_espeak
def test_render_reuses_the_cache(tmp_path: Path, counting_espeak: tuple[str, Path]) -> None:
    binary, runs = counting_espeak
    announcer = AnnouncementAudio(tmp_path / "cache", espeak_binary=binary)
    first = announcer.render(PHRASE)
    modified = first.stat().st_mtime_ns
    again = announcer.render(unicodedata.normalize("NFD", PHRASE))
    assert again == first
    assert first.stat().st_mtime_ns == modified
    assert espeak_runs(runs) == 1

    recall = announcer.render(call_phrase("A012", 3, recall=True))
    assert recall != first
    assert espeak_runs(runs) == 2
    assert len(read_output(recall)) > len(read_output(first))


@needs_espeak
def test_render_south_voice_is_a_separate_cache_entry(tmp_path: Path) -> None:
    north = AnnouncementAudio(tmp_path / "cache")
    south = AnnouncementAudio(tmp_path / "cache", voice="vi-vn-x-south")
    assert north.render(PHRASE) != south.render(PHRASE)
    assert rms(read_output(south.render(PHRASE))[SPEECH_START:]) > 500


def test_audio_key_depends_on_text_and_voice_not_normal_form(tmp_path: Path) -> None:
    announcer = AnnouncementAudio(tmp_path)
    key = announcer.audio_key(PHRASE)
    assert len(key) == 32
    assert int(key, 16) >= 0
    assert announcer.audio_key(unicodedata.normalize("NFD", PHRASE)) == key
    assert announcer.audio_key(call_phrase("A012", 4)) != key
    assert AnnouncementAudio(tmp_path, speed=170).audio_key(PHRASE) != key
    assert AnnouncementAudio(tmp_path, voice="vi-vn-x-south").audio_key(PHRASE) != key


@pytest.mark.parametrize("key", ["", "../etc/passwd", "A" * 32, "0" * 31, "0" * 33, "g" * 32])
def test_path_for_rejects_anything_but_a_key(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="not an audio key"):
        AnnouncementAudio(tmp_path).path_for(key)


def test_path_for_stays_in_the_cache(tmp_path: Path) -> None:
    announcer = AnnouncementAudio(tmp_path / "cache")
    key = announcer.audio_key(PHRASE)
    assert announcer.path_for(key) == tmp_path / "cache" / f"{key}.wav"


def test_missing_espeak_without_clips_is_unavailable(tmp_path: Path) -> None:
    announcer = AnnouncementAudio(tmp_path / "cache", espeak_binary=str(tmp_path / "no-espeak"))
    with pytest.raises(AudioUnavailable, match="not installed"):
        announcer.render(PHRASE)
    assert not (tmp_path / "cache").exists() or leftovers(tmp_path / "cache") == []


def test_failing_espeak_is_unavailable_and_leaves_nothing(tmp_path: Path) -> None:
    false = shutil.which("false")
    assert false is not None
    announcer = AnnouncementAudio(tmp_path / "cache", espeak_binary=false)
    with pytest.raises(AudioUnavailable, match="exit code 1"):
        announcer.render(PHRASE)
    assert list((tmp_path / "cache").iterdir()) == []


def test_hanging_espeak_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "espeak-hangs"
    script.write_text("#!/bin/sh\nexec sleep 30\n")
    script.chmod(0o755)
    monkeypatch.setattr(audio, "ESPEAK_TIMEOUT_S", 0.2)
    announcer = AnnouncementAudio(tmp_path / "cache", espeak_binary=str(script))
    with pytest.raises(AudioUnavailable, match="took over"):
        announcer.render(PHRASE)
    assert list((tmp_path / "cache").iterdir()) == []


def test_empty_text_without_clips_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="empty"):
        AnnouncementAudio(tmp_path).render("  ")


def test_render_from_clips_concatenates_without_espeak(
    tmp_path: Path, make_clip: ClipMaker
) -> None:
    clips = [
        make_clip(name, seconds=0.1 + 0.01 * i, hz=300 + 50 * i) for i, name in enumerate(CLIPS)
    ]
    announcer = AnnouncementAudio(
        tmp_path / "cache",
        clips_dir=tmp_path / "clips",
        espeak_binary=str(tmp_path / "no-espeak"),
    )
    path = announcer.render(PHRASE, CLIPS)
    samples = read_output(path)
    expected_speech = array("h")
    for clip in clips:
        expected_speech += load_wav(clip)
    pause = array("h", bytes(2 * (SPEECH_START - len(chime_samples()))))
    assert samples[:SPEECH_START] == chime_samples() + pause
    assert samples[SPEECH_START:] == expected_speech
    assert announcer.render(PHRASE, CLIPS) == path
    assert leftovers(tmp_path / "cache") == []


def test_clips_at_other_rates_are_resampled(tmp_path: Path, make_clip: ClipMaker) -> None:
    make_clip("moi", seconds=0.5, rate=44100)
    make_clip("ba", seconds=0.5, rate=8000)
    announcer = AnnouncementAudio(tmp_path / "cache", clips_dir=tmp_path / "clips")
    speech = read_output(announcer.render("Mời ba", ["moi", "ba"]))[SPEECH_START:]
    assert len(speech) == pytest.approx(SAMPLE_RATE, abs=2)
    assert rms(speech) > 4000


def test_re_recorded_clip_renders_again(tmp_path: Path, make_clip: ClipMaker) -> None:
    make_clip("moi", seconds=0.2)
    announcer = AnnouncementAudio(tmp_path / "cache", clips_dir=tmp_path / "clips")
    before = announcer.render("Mời", ["moi"])
    make_clip("moi", seconds=0.3)
    after = announcer.render("Mời", ["moi"])
    assert after != before
    assert len(read_output(after)) - len(read_output(before)) == round(0.1 * SAMPLE_RATE)


def test_incomplete_clip_set_falls_back_to_espeak(tmp_path: Path, make_clip: ClipMaker) -> None:
    for name in CLIPS[:-1]:
        make_clip(name)
    announcer = AnnouncementAudio(
        tmp_path / "cache",
        clips_dir=tmp_path / "clips",
        espeak_binary=str(tmp_path / "no-espeak"),
    )
    # With no espeak-ng either, the fallback shows itself as AudioUnavailable.
    with pytest.raises(AudioUnavailable):
        announcer.render(PHRASE, CLIPS)


@needs_espeak
def test_incomplete_or_broken_clip_set_uses_espeak(
    tmp_path: Path, make_clip: ClipMaker, caplog: pytest.LogCaptureFixture
) -> None:
    for name in CLIPS[:-1]:
        make_clip(name)
    announcer = AnnouncementAudio(tmp_path / "cache", clips_dir=tmp_path / "clips")
    espeak_path = announcer.path_for(announcer.audio_key(PHRASE))
    assert announcer.render(PHRASE, CLIPS) == espeak_path

    (tmp_path / "clips" / f"{CLIPS[-1]}.wav").write_bytes(b"not a wav file")
    espeak_path.unlink()
    with caplog.at_level(logging.WARNING, logger=audio.__name__):
        assert announcer.render(PHRASE, CLIPS) == espeak_path
    assert "unusable" in caplog.text


def test_clip_names_cannot_leave_the_clips_directory(tmp_path: Path) -> None:
    announcer = AnnouncementAudio(tmp_path / "cache", clips_dir=tmp_path / "clips")
    with pytest.raises(ValueError, match="not a clip name"):
        announcer.render(PHRASE, ["../secret"])


def test_load_wav_converts_widths_and_mixes_channels(tmp_path: Path) -> None:
    # Constant signals survive every conversion exactly, so the values can be checked.
    eight_bit = write_raw_wav(
        tmp_path / "8.wav", bytes([128 + 10] * 100), rate=SAMPLE_RATE, channels=1, width=1
    )
    assert set(load_wav(eight_bit)) == {10 * 256}
    value_24 = (1500 << 8).to_bytes(3, "little", signed=True)
    twenty_four = write_raw_wav(
        tmp_path / "24.wav", value_24 * 100, rate=SAMPLE_RATE, channels=1, width=3
    )
    assert set(load_wav(twenty_four)) == {1500}
    value_32 = (-700 << 16).to_bytes(4, "little", signed=True)
    thirty_two = write_raw_wav(
        tmp_path / "32.wav", value_32 * 100, rate=SAMPLE_RATE, channels=1, width=4
    )
    assert set(load_wav(thirty_two)) == {-700}
    stereo = write_raw_wav(
        tmp_path / "stereo.wav", pcm16([2000, 4000] * 100), rate=SAMPLE_RATE, channels=2, width=2
    )
    assert list(load_wav(stereo)) == [3000] * 100


def test_resample_keeps_duration_and_level() -> None:
    constant = array("h", [1234] * 44100)
    assert list(resample(constant, 44100, SAMPLE_RATE)) == [1234] * SAMPLE_RATE
    ramp = array("h", range(0, 1000, 10))
    upsampled = resample(ramp, 100, 200)
    assert len(upsampled) == 200
    assert upsampled[:5].tolist() == [0, 5, 10, 15, 20]
    assert resample(ramp, 8000, 8000) == ramp
    assert resample(array("h"), 8000, SAMPLE_RATE) == array("h")
    with pytest.raises(ValueError, match="positive"):
        resample(ramp, 0, SAMPLE_RATE)
