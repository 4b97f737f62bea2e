"""Synthesise the "ding-dong" chime played before each call, and write mono 16-bit WAV files."""

from __future__ import annotations  # lets annotations say array[int] on Python 3.11

import math
import sys
import wave
from array import array
from pathlib import Path
from typing import BinaryIO

SAMPLE_RATE = 22050

_DING_HZ = 659.25  # E5
_DONG_HZ = 523.25  # C5, a major third below: the familiar two-tone doorbell
_DONG_START_S = 0.32
_DURATION_S = 0.8
_PEAK = 0.45  # of full scale, leaving headroom so the two tones never clip when they overlap
_ATTACK_S = 0.005  # a short ramp in avoids a click at each strike
_RELEASE_S = 0.05  # and a ramp out makes the chime end on silence


def _bell(t: float, frequency: float) -> float:
    """One struck tone: fundamental plus a soft octave, fading exponentially."""
    if t < 0:
        return 0.0
    attack = min(1.0, t / _ATTACK_S)
    decay = math.exp(-t * 4.5)
    phase = 2 * math.pi * frequency * t
    return attack * decay * (0.8 * math.sin(phase) + 0.2 * math.sin(2 * phase))


def chime_samples(rate: int = SAMPLE_RATE) -> array[int]:
    """Return ~0.8 s of a two-tone chime as signed 16-bit mono samples at `rate`."""
    count = round(_DURATION_S * rate)
    samples = array("h", bytes(2 * count))
    for i in range(count):
        t = i / rate
        release = min(1.0, (_DURATION_S - t) / _RELEASE_S)
        value = _bell(t, _DING_HZ) + _bell(t - _DONG_START_S, _DONG_HZ)
        samples[i] = round(32767 * _PEAK * release * value)
    return samples


def write_wav(target: Path | BinaryIO, samples: array[int], rate: int = SAMPLE_RATE) -> None:
    """Write signed 16-bit mono `samples` to a file path or a binary file object as PCM WAV."""
    data = samples
    if sys.byteorder == "big":
        # WAV stores samples little-endian; swap a copy so the caller's array is untouched.
        data = array("h", samples)
        data.byteswap()
    with wave.open(str(target) if isinstance(target, Path) else target, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())
