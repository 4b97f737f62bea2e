"""Tests for rendering and caching announcement audio."""

import io
import logging
import math
import os
import shutil
import time
import unicodedata
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest

from server.announcements import audio
from server.announcements.audio import (
    AnnouncementAudio,
    AudioUnavailable,
    Rendering,
    SpeechEngine,
    load_wav,
    resample,
)
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


def read_output(wav: bytes) -> array:
    """Read a rendering, checking it has the one format every rendering must have."""
    with wave.open(io.BytesIO(wav), "rb") as rendered:
        assert rendered.getnchannels() == 1
        assert rendered.getsampwidth() == 2
        assert rendered.getframerate() == SAMPLE_RATE
    return load_wav(io.BytesIO(wav))


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
    """Files in the cache that are not renderings (temporary files left behind)."""
    if not cache_dir.exists():
        return []
    return sorted(
        path.name
        for path in cache_dir.iterdir()
        if not path.name.endswith(".wav") and path.name != ".lock"
    )


@pytest.fixture
def no_system_espeak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH that holds no espeak-ng, as on a machine where only `pip install` ran."""
    bare = tmp_path / "bin-without-espeak"
    bare.mkdir()
    monkeypatch.setenv("PATH", str(bare))
    assert shutil.which("espeak-ng") is None


def check_audible_call(rendering: Rendering) -> array:
    """A rendering is a real announcement: a RIFF/WAVE file, 22050 Hz mono, chime then speech."""
    assert rendering.wav[:4] == b"RIFF" and rendering.wav[8:12] == b"WAVE"
    samples = read_output(rendering.wav)
    speech = samples[SPEECH_START:]
    assert 1.0 < len(speech) / SAMPLE_RATE < 15.0
    assert rms(speech) > 500
    assert samples[: len(chime_samples())] == chime_samples()
    return samples


@needs_espeak
def test_render_with_espeak_makes_an_audible_call(tmp_path: Path) -> None:
    announcer = AnnouncementAudio(tmp_path / "cache")
    assert announcer.speech_engine() == SpeechEngine("espeak-ng", (shutil.which("espeak-ng"),))
    rendering = announcer.render(PHRASE)
    assert rendering.key == announcer.audio_key(PHRASE)
    assert announcer.path_for(rendering.key).read_bytes() == rendering.wav
    check_audible_call(rendering)
    assert leftovers(tmp_path / "cache") == []


def test_without_system_espeak_the_bundled_library_speaks(
    tmp_path: Path, no_system_espeak: None
) -> None:
    announcer = AnnouncementAudio(tmp_path / "cache")
    engine = announcer.speech_engine()
    assert engine is not None and engine.name == "espeak-ng of espeakng-loader"
    rendering = announcer.render(PHRASE)
    samples = check_audible_call(rendering)
    # About 4.2 s of speech for this phrase at 150 words a minute, whichever espeak-ng says it.
    assert 3.0 < (len(samples) - SPEECH_START) / SAMPLE_RATE < 6.0
    assert announcer.cached(PHRASE) == rendering
    assert leftovers(tmp_path / "cache") == []


@needs_espeak
def test_the_bundled_library_says_what_the_program_says(tmp_path: Path) -> None:
    program = AnnouncementAudio(tmp_path / "program").render(PHRASE)
    library = AnnouncementAudio(tmp_path / "library", espeak_binary=str(tmp_path / "none"))
    assert library.speech_engine() is not None
    spoken = read_output(library.render(PHRASE).wav)
    assert len(spoken) == pytest.approx(len(read_output(program.wav)), rel=0.1)


def test_bundled_speech_reports_an_unknown_voice(tmp_path: Path, no_system_espeak: None) -> None:
    announcer = AnnouncementAudio(tmp_path / "cache", voice="no-such-voice")
    with pytest.raises(
        AudioUnavailable, match=r"espeakng-loader failed .*no voice 'no-such-voice'"
    ):
        announcer.render(PHRASE)
    assert leftovers(tmp_path / "cache") == []


def test_speech_engine_prefers_the_system_program(tmp_path: Path) -> None:
    program = tmp_path / "espeak-ng"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    assert AnnouncementAudio(tmp_path, espeak_binary=str(program)).speech_engine() == SpeechEngine(
        "espeak-ng", (str(program),)
    )
    missing = str(tmp_path / "missing")
    bundled = AnnouncementAudio(tmp_path, espeak_binary=missing).speech_engine()
    assert bundled is not None and bundled.command[-1].endswith("espeak_library.py")
    assert (
        AnnouncementAudio(tmp_path, espeak_binary=missing, bundled_espeak=False).speech_engine()
        is None
    )


@needs_espeak
def test_render_reuses_the_cache(tmp_path: Path, counting_espeak: tuple[str, Path]) -> None:
    binary, runs = counting_espeak
    announcer = AnnouncementAudio(tmp_path / "cache", espeak_binary=binary)
    assert announcer.cached(PHRASE) is None
    first = announcer.render(PHRASE)
    again = announcer.render(unicodedata.normalize("NFD", PHRASE))
    assert again == first
    assert announcer.cached(PHRASE) == first
    assert espeak_runs(runs) == 1

    recall = announcer.render(call_phrase("A012", 3, recall=True))
    assert recall.key != first.key
    assert espeak_runs(runs) == 2
    assert len(read_output(recall.wav)) > len(read_output(first.wav))


@needs_espeak
def test_render_south_voice_is_a_separate_cache_entry(tmp_path: Path) -> None:
    north = AnnouncementAudio(tmp_path / "cache")
    south = AnnouncementAudio(tmp_path / "cache", voice="vi-vn-x-south")
    assert north.render(PHRASE).key != south.render(PHRASE).key
    assert rms(read_output(south.render(PHRASE).wav)[SPEECH_START:]) > 500


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


def test_no_espeak_at_all_without_clips_is_unavailable(tmp_path: Path) -> None:
    announcer = AnnouncementAudio(
        tmp_path / "cache", espeak_binary=str(tmp_path / "no-espeak"), bundled_espeak=False
    )
    with pytest.raises(AudioUnavailable, match="not installed"):
        announcer.render(PHRASE)
    assert leftovers(tmp_path / "cache") == []


def test_failing_espeak_is_unavailable_and_leaves_nothing(tmp_path: Path) -> None:
    false = shutil.which("false")
    assert false is not None
    announcer = AnnouncementAudio(tmp_path / "cache", espeak_binary=false)
    with pytest.raises(AudioUnavailable, match="exit code 1"):
        announcer.render(PHRASE)
    assert not (tmp_path / "cache").exists()


def test_hanging_espeak_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "espeak-hangs"
    script.write_text("#!/bin/sh\nexec sleep 30\n")
    script.chmod(0o755)
    monkeypatch.setattr(audio, "ESPEAK_TIMEOUT_S", 0.2)
    announcer = AnnouncementAudio(tmp_path / "cache", espeak_binary=str(script))
    with pytest.raises(AudioUnavailable, match="took over"):
        announcer.render(PHRASE)
    assert not (tmp_path / "cache").exists()


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
        bundled_espeak=False,
    )
    rendering = announcer.render(PHRASE, CLIPS)
    samples = read_output(rendering.wav)
    expected_speech = array("h")
    for clip in clips:
        expected_speech += load_wav(clip)
    pause = array("h", bytes(2 * (SPEECH_START - len(chime_samples()))))
    assert samples[:SPEECH_START] == chime_samples() + pause
    assert samples[SPEECH_START:] == expected_speech
    assert announcer.render(PHRASE, CLIPS) == rendering
    assert announcer.cached(PHRASE, CLIPS) == rendering
    assert announcer.cached(PHRASE) is None  # the clip rendering is not the speech one
    assert leftovers(tmp_path / "cache") == []


def test_without_the_chime_clips_are_the_speech_alone(tmp_path: Path, make_clip: ClipMaker) -> None:
    follow = clip_names("A012", 3, follow=True)
    clips = [make_clip(name, hz=300 + 50 * i) for i, name in enumerate(CLIPS)]
    announcer = AnnouncementAudio(tmp_path / "cache", clips_dir=tmp_path / "clips")
    with_chime = announcer.render(PHRASE, follow)
    alone = announcer.render(PHRASE, follow, chime=False)
    expected = array("h")
    for name in follow:
        expected += load_wav(next(clip for clip in clips if clip.stem == name))
    assert read_output(alone.wav) == expected
    assert read_output(with_chime.wav)[SPEECH_START:] == expected
    assert alone.key != with_chime.key
    assert announcer.cached(PHRASE, follow, chime=False) == alone
    assert announcer.cached(PHRASE, follow) == with_chime


@needs_espeak
def test_without_the_chime_speech_starts_at_once(tmp_path: Path) -> None:
    announcer = AnnouncementAudio(tmp_path / "cache")
    text = call_phrase("A012", 3, follow=True)
    alone = read_output(announcer.render(text, chime=False).wav)
    full = read_output(announcer.render(text).wav)
    assert full[SPEECH_START:] == alone
    assert rms(alone[: SAMPLE_RATE // 2]) > 500, "the words start at once, with no chime"
    assert announcer.audio_key(text, chime=False) != announcer.audio_key(text)


def test_clips_at_other_rates_are_resampled(tmp_path: Path, make_clip: ClipMaker) -> None:
    make_clip("moi", seconds=0.5, rate=44100)
    make_clip("ba", seconds=0.5, rate=8000)
    announcer = AnnouncementAudio(tmp_path / "cache", clips_dir=tmp_path / "clips")
    speech = read_output(announcer.render("Mời ba", ["moi", "ba"]).wav)[SPEECH_START:]
    assert len(speech) == pytest.approx(SAMPLE_RATE, abs=2)
    assert rms(speech) > 4000


def test_re_recorded_clip_renders_again(tmp_path: Path, make_clip: ClipMaker) -> None:
    make_clip("moi", seconds=0.2)
    announcer = AnnouncementAudio(tmp_path / "cache", clips_dir=tmp_path / "clips")
    before = announcer.render("Mời", ["moi"])
    make_clip("moi", seconds=0.3)
    after = announcer.render("Mời", ["moi"])
    assert after.key != before.key
    assert len(read_output(after.wav)) - len(read_output(before.wav)) == round(0.1 * SAMPLE_RATE)


def test_incomplete_clip_set_falls_back_to_espeak(tmp_path: Path, make_clip: ClipMaker) -> None:
    for name in CLIPS[:-1]:
        make_clip(name)
    announcer = AnnouncementAudio(
        tmp_path / "cache",
        clips_dir=tmp_path / "clips",
        espeak_binary=str(tmp_path / "no-espeak"),
        bundled_espeak=False,
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
    espeak_key = announcer.audio_key(PHRASE)
    assert announcer.render(PHRASE, CLIPS).key == espeak_key

    (tmp_path / "clips" / f"{CLIPS[-1]}.wav").write_bytes(b"not a wav file")
    announcer.path_for(espeak_key).unlink()
    with caplog.at_level(logging.WARNING, logger=audio.__name__):
        assert announcer.render(PHRASE, CLIPS).key == espeak_key
    assert "unusable" in caplog.text


def folder_bytes(folder: Path) -> int:
    """What every file in the folder takes, whatever it is."""
    return sum(path.stat().st_size for path in folder.iterdir())


def rendering_bytes(clip_seconds: float) -> int:
    """The size of a rendering whose speech lasts `clip_seconds`: header, opening, speech."""
    return 44 + 2 * (SPEECH_START + round(clip_seconds * SAMPLE_RATE))


def test_the_cache_never_exceeds_its_bound(tmp_path: Path, make_clip: ClipMaker) -> None:
    clips = ["moi", "ba", "hai", "bon", "nam", "sau", "bay", "tam"]
    for clip in clips:
        make_clip(clip, seconds=0.3)
    size = rendering_bytes(0.3)
    bound = round(3.5 * size)
    announcer = AnnouncementAudio(
        tmp_path / "cache", clips_dir=tmp_path / "clips", max_cache_bytes=bound
    )
    keys = []
    start = time.time() - 100
    for second, clip in enumerate(clips):
        rendering = announcer.render(clip, [clip])
        # A second apart: file times are coarser than these quick renderings.
        os.utime(announcer.path_for(rendering.key), (start + second, start + second))
        assert len(rendering.wav) == size
        keys.append(rendering.key)
        assert folder_bytes(tmp_path / "cache") <= bound
        assert announcer.cache_size() <= bound
        assert announcer.path_for(rendering.key).read_bytes() == rendering.wav
    # Only what did not fit went, oldest first.
    assert {path.stem for path in (tmp_path / "cache").glob("*.wav")} == set(keys[-3:])


def test_eviction_takes_the_least_recently_played(tmp_path: Path, make_clip: ClipMaker) -> None:
    make_clip("moi", seconds=0.3)
    size = rendering_bytes(0.3)
    announcer = AnnouncementAudio(
        tmp_path / "cache", clips_dir=tmp_path / "clips", max_cache_bytes=3 * size
    )
    now = time.time()
    keys = []
    for age, clip in zip((300, 200, 100), ("moi", "ba", "hai"), strict=True):
        make_clip(clip, seconds=0.3)
        key = announcer.render(clip, [clip]).key
        os.utime(announcer.path_for(key), (now - age, now - age))
        keys.append(key)
    assert announcer.cache_size() == 3 * size
    assert announcer.cached("moi", ["moi"]) is not None  # played again: now the most recent
    make_clip("bon", seconds=0.3)
    newest = announcer.render("bốn", ["bon"]).key
    kept = {path.stem for path in (tmp_path / "cache").glob("*.wav")}
    assert kept == {keys[0], keys[2], newest}  # "ba", the least recently played, was evicted


def test_a_rendering_larger_than_the_bound_is_served_not_kept(
    tmp_path: Path, make_clip: ClipMaker, caplog: pytest.LogCaptureFixture
) -> None:
    make_clip("moi", seconds=0.3)
    announcer = AnnouncementAudio(
        tmp_path / "cache", clips_dir=tmp_path / "clips", max_cache_bytes=1000
    )
    with caplog.at_level(logging.WARNING, logger=audio.__name__):
        rendering = announcer.render("Mời", ["moi"])
    assert rendering.wav[:4] == b"RIFF"
    assert announcer.cache_size() == 0
    assert "larger than the whole audio cache" in caplog.text


def test_eviction_leaves_other_files_alone(tmp_path: Path, make_clip: ClipMaker) -> None:
    make_clip("moi", seconds=0.3)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "notes.txt").write_text("the office's own file")
    (cache / "chime.wav").write_bytes(b"RIFF" + bytes(100))
    stale = cache / "0123.wav.tmp"
    stale.write_bytes(bytes(10))
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    fresh = cache / "4567.wav.tmp"  # another process may be writing it right now
    fresh.write_bytes(bytes(10))
    announcer = AnnouncementAudio(
        cache, clips_dir=tmp_path / "clips", max_cache_bytes=rendering_bytes(0.3)
    )
    for count in range(1, 4):
        announcer.render("Mời", ["moi"] * count)
    names = {path.name for path in cache.iterdir()}
    assert {"notes.txt", "chime.wav", "4567.wav.tmp"} <= names
    assert "0123.wav.tmp" not in names


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
