"""Render call phrases to cached WAV files, from an office's recorded clips or from espeak-ng."""

from __future__ import annotations  # lets annotations say array[int] on Python 3.11

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import wave
from array import array
from pathlib import Path

from server.announcements.chime import SAMPLE_RATE, chime_samples, write_wav

logger = logging.getLogger(__name__)

ESPEAK_TIMEOUT_S = 30
# Bump when the rendering changes (chime, gap, format) so stale cache entries are not served.
_RENDER_VERSION = "1"
_GAP_S = 0.15  # a breath between the chime and the first word
_KEY = re.compile(r"[0-9a-f]{32}")
_CLIP_NAME = re.compile(r"[a-z0-9_]+")  # also keeps clip names from reaching outside clips_dir


class AudioUnavailable(RuntimeError):
    """No speech possible: espeak-ng is missing or failed and no clip set covers the call."""


def resample(samples: array[int], source_rate: int, target_rate: int) -> array[int]:
    """Resample 16-bit samples by linear interpolation; plenty for speech on a lobby speaker."""
    if source_rate <= 0 or target_rate <= 0:
        raise ValueError(f"sample rates must be positive, got {source_rate} and {target_rate}")
    if source_rate == target_rate or not samples:
        return array("h", samples)
    count = max(1, round(len(samples) * target_rate / source_rate))
    step = source_rate / target_rate
    last = len(samples) - 1
    resampled = array("h", bytes(2 * count))
    for i in range(count):
        position = i * step
        j = int(position)
        if j >= last:
            resampled[i] = samples[last]
            continue
        fraction = position - j
        # Between two int16 values, so the result is always in range.
        resampled[i] = round(samples[j] + (samples[j + 1] - samples[j]) * fraction)
    return resampled


def load_wav(path: Path, rate: int = SAMPLE_RATE) -> array[int]:
    """Read a PCM WAV file of any width, channel count and rate as mono 16-bit at `rate`."""
    with wave.open(str(path), "rb") as source:
        channels = source.getnchannels()
        width = source.getsampwidth()
        source_rate = source.getframerate()
        frames = source.readframes(source.getnframes())
    if width == 1:
        # 8-bit WAV is unsigned around 128; every wider width is signed.
        samples = array("h", ((byte - 128) << 8 for byte in frames))
    else:
        # Keep the two most significant bytes of each little-endian sample: that is
        # the 16-bit value for 16-bit input and a truncation for 24- and 32-bit.
        high_bytes = bytearray(2 * (len(frames) // width))
        high_bytes[0::2] = frames[width - 2 :: width]
        high_bytes[1::2] = frames[width - 1 :: width]
        samples = array("h", high_bytes)
        if sys.byteorder == "big":
            samples.byteswap()
    if channels > 1:
        per_channel = [samples[channel::channels] for channel in range(channels)]
        samples = array("h", (sum(frame) // channels for frame in zip(*per_channel, strict=True)))
    return resample(samples, source_rate, rate)


def _silence(seconds: float) -> array[int]:
    return array("h", bytes(2 * round(seconds * SAMPLE_RATE)))


class AnnouncementAudio:
    """Turn call phrases into chime-prefixed WAV files in a cache directory, rendering each once."""

    def __init__(
        self,
        cache_dir: Path,
        clips_dir: Path | None = None,
        espeak_binary: str = "espeak-ng",
        voice: str = "vi",
        speed: int = 150,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.clips_dir = Path(clips_dir) if clips_dir is not None else None
        self.espeak_binary = espeak_binary
        self.voice = voice
        self.speed = speed

    def audio_key(self, text: str) -> str:
        """Name the espeak-ng rendering of `text` with these voice settings."""
        return _digest("espeak", self.voice, str(self.speed), unicodedata.normalize("NFC", text))

    def path_for(self, key: str) -> Path:
        """Locate the cached WAV file for `key`, refusing anything that is not a key."""
        # Keys arrive from audio URLs, so this is what stops "../" reaching the disk.
        if not _KEY.fullmatch(key):
            raise ValueError(f"not an audio key: {key!r}")
        return self.cache_dir / f"{key}.wav"

    def render(self, text: str, clip_names: list[str] | None = None) -> Path:
        """Return the cached WAV for a call, from recorded clips when all exist, else espeak-ng."""
        clips = self._clip_paths(clip_names)
        if clips is not None:
            path = self.path_for(_clips_key(clips))
            if path.is_file():
                return path
            try:
                speech = array("h")
                for clip in clips:
                    speech += load_wav(clip)
            except (wave.Error, EOFError, OSError) as error:
                # A broken clip must not silence the lobby: synthesise instead.
                logger.warning("recorded clip set unusable (%s); using espeak-ng", error)
            else:
                self._store(path, speech)
                return path
        text = unicodedata.normalize("NFC", text)
        if not text.strip():
            raise ValueError("nothing to say: the announcement text is empty")
        path = self.path_for(self.audio_key(text))
        if path.is_file():
            return path
        self._store(path, self._speak(text))
        return path

    def _clip_paths(self, clip_names: list[str] | None) -> list[Path] | None:
        """Give the clip files for `clip_names`, or None unless every one of them exists."""
        if self.clips_dir is None or not clip_names:
            return None
        for name in clip_names:
            if not _CLIP_NAME.fullmatch(name):
                raise ValueError(f"not a clip name: {name!r}")
        paths = [self.clips_dir / f"{name}.wav" for name in clip_names]
        missing = [path.name for path in paths if not path.is_file()]
        if missing:
            logger.info("clip set lacks %s; using espeak-ng", ", ".join(missing))
            return None
        return paths

    def _speak(self, text: str) -> array[int]:
        """Synthesise `text` with espeak-ng into normalised samples."""
        binary = shutil.which(self.espeak_binary)
        if binary is None:
            raise AudioUnavailable(
                f"{self.espeak_binary!r} is not installed and no recorded clip set covers this call"
            )
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        handle, raw_name = tempfile.mkstemp(suffix=".espeak.wav", dir=self.cache_dir)
        os.close(handle)
        raw = Path(raw_name)
        # "--" so a phrase can never be taken for an espeak-ng option.
        command = [binary, "-v", self.voice, "-s", str(self.speed), "-w", str(raw), "--", text]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=ESPEAK_TIMEOUT_S)
            return load_wav(raw)
        except subprocess.TimeoutExpired as error:
            raise AudioUnavailable(f"espeak-ng took over {ESPEAK_TIMEOUT_S} s") from error
        except subprocess.CalledProcessError as error:
            stderr = error.stderr.decode("utf-8", "replace").strip()
            raise AudioUnavailable(
                f"espeak-ng failed with exit code {error.returncode}: {stderr}"
            ) from error
        except (OSError, wave.Error, EOFError) as error:
            raise AudioUnavailable(f"espeak-ng produced no usable audio: {error}") from error
        finally:
            raw.unlink(missing_ok=True)

    def _store(self, path: Path, speech: array[int]) -> None:
        """Write chime + pause + speech to `path` atomically, so readers never see half a file."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(suffix=".wav.tmp", dir=self.cache_dir)
        os.close(handle)
        temp = Path(temp_name)
        try:
            write_wav(temp, chime_samples() + _silence(_GAP_S) + speech)
            # mkstemp makes the file private; whoever serves the cache needs to read it.
            temp.chmod(0o644)
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)  # only still there if writing failed


def _digest(*parts: str) -> str:
    """Hash the parts that decide a rendering into a short, URL-safe key."""
    joined = "\0".join((_RENDER_VERSION, *parts))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def _clips_key(clips: list[Path]) -> str:
    """Key a clip rendering by each clip's name, size and mtime, so re-recorded clips re-render."""
    parts = []
    for clip in clips:
        stat = clip.stat()
        parts.append(f"{clip.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest("clips", *parts)
