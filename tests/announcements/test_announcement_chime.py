"""Tests for the synthesised chime and the WAV writer."""

import math
import wave
from array import array
from pathlib import Path

import pytest

from server.announcements.chime import SAMPLE_RATE, chime_samples, write_wav


def tone_power(samples: array, start: float, end: float, frequency: float, rate: int) -> float:
    """Goertzel power of one frequency within [start, end) seconds."""
    window = samples[round(start * rate) : round(end * rate)]
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    previous = before_previous = 0.0
    for sample in window:
        previous, before_previous = sample + coefficient * previous - before_previous, previous
    return previous**2 + before_previous**2 - coefficient * previous * before_previous


@pytest.mark.parametrize("rate", [SAMPLE_RATE, 16000, 44100])
def test_chime_lasts_about_eight_tenths_of_a_second(rate: int) -> None:
    samples = chime_samples(rate)
    assert samples.typecode == "h"
    assert len(samples) == round(0.8 * rate)


def test_chime_is_audible_without_clipping_and_ends_on_silence() -> None:
    samples = chime_samples()
    peak = max(abs(sample) for sample in samples)
    assert 0.3 * 32767 < peak < 32767
    assert abs(samples[0]) < 100
    assert max(abs(sample) for sample in samples[-20:]) < 0.01 * 32767


def test_chime_is_ding_then_dong() -> None:
    samples = chime_samples()
    ding, dong = 659.25, 523.25
    early = (0.02, 0.3)
    late = (0.45, 0.75)
    assert tone_power(samples, *early, ding, SAMPLE_RATE) > 10 * tone_power(
        samples, *early, dong, SAMPLE_RATE
    )
    assert tone_power(samples, *late, dong, SAMPLE_RATE) > 2 * tone_power(
        samples, *late, ding, SAMPLE_RATE
    )


def test_write_wav_round_trips(tmp_path: Path) -> None:
    samples = array("h", [0, 1, -1, 32767, -32768, 1234])
    path = tmp_path / "out.wav"
    write_wav(path, samples, 8000)
    with wave.open(str(path), "rb") as written:
        assert (written.getnchannels(), written.getsampwidth(), written.getframerate()) == (
            1,
            2,
            8000,
        )
        frames = written.readframes(written.getnframes())
    assert frames == b"".join(sample.to_bytes(2, "little", signed=True) for sample in samples)
