"""Render call phrases to WAV in a disk cache bounded by size, from clips or from espeak-ng.

Speech comes from, in this order (design §7):
1. the office's recorded clip set, when it has every clip the call needs;
2. the system's `espeak-ng` program (Debian's package), when installed: what the office IT
   installed, updates with the system, and may carry extra voices;
3. the libespeak-ng and voice data of the `espeakng-loader` package, a dependency of
   xephang, so a plain `pip install` speaks with no apt at all. It runs as its own process
   (`espeak_library.py`, the same command line as the program), like the system one.

Files are named by a key of what decides their sound; the least recently played go first
when a new file would take the folder over its bound. Under eventlet the speech program is a
green subprocess and the sample work (decode, resample, chime, encode) runs in a native
thread (`server.offload`), so rendering never holds the hub.
"""

from __future__ import annotations  # lets annotations say array[int] on Python 3.11

import functools
import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import wave
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import BinaryIO

from server.announcements.chime import SAMPLE_RATE, chime_samples, write_wav
from server.offload import run_off_hub

if sys.platform != "win32":
    import fcntl

logger = logging.getLogger(__name__)

ESPEAK_TIMEOUT_S = 30
DEFAULT_CACHE_BYTES = 100 * 1024 * 1024
BUNDLED_SPEECH_SCRIPT = Path(__file__).with_name("espeak_library.py")
# Bump when the rendering changes (chime, gap, format) so stale cache entries are not served.
_RENDER_VERSION = "1"
_GAP_S = 0.15  # a breath between the chime and the first word
_KEY = re.compile(r"[0-9a-f]{32}")
_CACHED_FILE = re.compile(r"[0-9a-f]{32}\.wav")  # only these are ever evicted
_CLIP_NAME = re.compile(r"[a-z0-9_]+")  # also keeps clip names from reaching outside clips_dir
_STALE_TEMP_S = 3600  # a temporary file this old was left by a process that died writing it


class AudioUnavailable(RuntimeError):
    """No speech possible: no espeak-ng could speak and no clip set covers the call."""


@dataclass(frozen=True)
class Rendering:
    """A rendered call: its cache key (also its ETag) and the WAV file's bytes."""

    key: str
    wav: bytes


@dataclass(frozen=True)
class SpeechEngine:
    """An espeak-ng command line: its name for messages and the words before its options."""

    name: str
    command: tuple[str, ...]


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


def load_wav(path: Path | io.BytesIO, rate: int = SAMPLE_RATE) -> array[int]:
    """Read a PCM WAV file of any width, channel count and rate as mono 16-bit at `rate`."""
    with wave.open(str(path) if isinstance(path, Path) else path, "rb") as source:
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


@functools.cache
def _opening() -> array[int]:
    """The chime and the breath after it, the same before every call."""
    return chime_samples() + array("h", bytes(2 * round(_GAP_S * SAMPLE_RATE)))


def assemble(speech_files: list[Path], chime: bool = True) -> bytes:
    """The WAV bytes of the chime, a breath, then the speech files one after another (CPU work).

    Without `chime` the speech alone: a call that follows another in a burst (design §7).
    """
    samples = array("h", _opening()) if chime else array("h")
    for path in speech_files:
        samples += load_wav(path)
    buffer = io.BytesIO()
    write_wav(buffer, samples)
    return buffer.getvalue()


class AnnouncementAudio:
    """Turn call phrases into WAV files (chime first unless asked not to), each rendered once."""

    def __init__(
        self,
        cache_dir: Path,
        clips_dir: Path | None = None,
        espeak_binary: str = "espeak-ng",
        voice: str = "vi",
        speed: int = 150,
        *,
        bundled_espeak: bool = True,
        max_cache_bytes: int = DEFAULT_CACHE_BYTES,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.clips_dir = Path(clips_dir) if clips_dir is not None else None
        self.espeak_binary = espeak_binary
        self.voice = voice
        self.speed = speed
        self.bundled_espeak = bundled_espeak
        self.max_cache_bytes = max_cache_bytes
        # Under eventlet a green lock: writing and evicting run on the hub, never in a thread.
        self._lock = threading.Lock()

    def audio_key(self, text: str, chime: bool = True) -> str:
        """Name the espeak-ng rendering of `text` with these voice settings."""
        return _digest(
            "espeak",
            self.voice,
            str(self.speed),
            unicodedata.normalize("NFC", text),
            *_speech_only(chime),
        )

    def path_for(self, key: str) -> Path:
        """Locate the cached WAV file for `key`, refusing anything that is not a key."""
        if not _KEY.fullmatch(key):
            raise ValueError(f"not an audio key: {key!r}")
        return self.cache_dir / f"{key}.wav"

    def speech_engine(self) -> SpeechEngine | None:
        """The espeak-ng to run: the system program, else the bundled library, else none."""
        binary = shutil.which(self.espeak_binary)
        if binary is not None:
            return SpeechEngine("espeak-ng", (binary,))
        if self.bundled_espeak and find_spec("espeakng_loader") is not None:
            # -I: the script needs only the standard library and espeakng-loader.
            return SpeechEngine(
                "espeak-ng of espeakng-loader",
                (sys.executable, "-I", str(BUNDLED_SPEECH_SCRIPT)),
            )
        return None

    def cached(
        self, text: str, clip_names: list[str] | None = None, *, chime: bool = True
    ) -> Rendering | None:
        """The call's rendering if the cache holds it (nothing is rendered), else None."""
        clips = self._clip_paths(clip_names)
        if clips is not None:
            return self._read(_clips_key(clips, chime))
        return self._read(self.audio_key(text, chime))

    def render(
        self, text: str, clip_names: list[str] | None = None, *, chime: bool = True
    ) -> Rendering:
        """The call's WAV, cached or rendered now: from recorded clips if all exist, else speech.

        The chime comes first unless `chime` is false (a call that follows another).
        """
        clips = self._clip_paths(clip_names)
        if clips is not None:
            key = _clips_key(clips, chime)
            found = self._read(key)
            if found is not None:
                return found
            try:
                wav = run_off_hub(assemble, clips, chime)
            except (wave.Error, EOFError, OSError) as error:
                # A broken clip must not silence the lobby: synthesise instead.
                logger.warning("recorded clip set unusable (%s); using espeak-ng", error)
            else:
                return self._store(key, wav)
        text = unicodedata.normalize("NFC", text)
        if not text.strip():
            raise ValueError("nothing to say: the announcement text is empty")
        key = self.audio_key(text, chime)
        found = self._read(key)
        if found is not None:
            return found
        return self._store(key, self._speak(text, chime))

    def cache_size(self) -> int:
        """Bytes the cached renderings take now."""
        return sum(size for _, size, _ in self._cached_files())

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

    def _speak(self, text: str, chime: bool) -> bytes:
        """Synthesise `text` with espeak-ng and assemble the announcement's WAV bytes."""
        engine = self.speech_engine()
        if engine is None:
            raise AudioUnavailable(
                f"{self.espeak_binary!r} is not installed, nor the espeakng-loader package, "
                "and no recorded clip set covers this call"
            )
        with tempfile.TemporaryDirectory(prefix="xephang-speech-") as folder:
            raw = Path(folder) / "speech.wav"
            # "--" so a phrase can never be taken for an option.
            command = [
                *engine.command,
                "-v",
                self.voice,
                "-s",
                str(self.speed),
                "-w",
                str(raw),
                "--",
                text,
            ]
            errors = Path(folder) / "stderr.txt"
            try:
                with errors.open("wb") as stderr:
                    returncode = _run(command, stderr)
            except subprocess.TimeoutExpired as error:
                raise AudioUnavailable(f"{engine.name} took over {ESPEAK_TIMEOUT_S} s") from error
            except OSError as error:
                raise AudioUnavailable(f"{engine.name} could not start: {error}") from error
            if returncode != 0:
                said = errors.read_text("utf-8", "replace").strip()
                raise AudioUnavailable(f"{engine.name} failed with exit code {returncode}: {said}")
            try:
                return run_off_hub(assemble, [raw], chime)
            except (OSError, wave.Error, EOFError) as error:
                raise AudioUnavailable(
                    f"{engine.name} produced no usable audio: {error}"
                ) from error

    def _read(self, key: str) -> Rendering | None:
        """The cached rendering for `key`, marked as just used, or None."""
        path = self.path_for(key)
        try:
            wav = path.read_bytes()
            os.utime(path)  # the modification time is the last use: eviction goes by it
        except FileNotFoundError:
            return None  # never rendered, or evicted between the read and the touch
        return Rendering(key, wav)

    def _store(self, key: str, wav: bytes) -> Rendering:
        """Keep `wav` under `key` (atomically), first evicting the least recently used files."""
        if len(wav) > self.max_cache_bytes:
            logger.warning(
                "a %d-byte announcement is larger than the whole audio cache (%d bytes); "
                "served without keeping it",
                len(wav),
                self.max_cache_bytes,
            )
            return Rendering(key, wav)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with self._lock, self._folder_lock():
            if not self._make_room(len(wav)):
                return Rendering(key, wav)
            handle, temp_name = tempfile.mkstemp(suffix=".wav.tmp", dir=self.cache_dir)
            temp = Path(temp_name)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(wav)
                # mkstemp makes the file private; whoever serves the cache needs to read it.
                temp.chmod(0o644)
                os.replace(temp, self.path_for(key))
            finally:
                temp.unlink(missing_ok=True)  # only still there if writing failed
        return Rendering(key, wav)

    def _cached_files(self) -> list[tuple[float, int, Path]]:
        """(last use, size, path) of every cached rendering; other files are not ours."""
        found = []
        try:
            entries = list(os.scandir(self.cache_dir))
        except FileNotFoundError:
            return []
        for entry in entries:
            if not _CACHED_FILE.fullmatch(entry.name):
                continue
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue  # evicted by another process meanwhile
            found.append((stat.st_mtime, stat.st_size, Path(entry.path)))
        return found

    def _make_room(self, incoming: int) -> bool:
        """Evict least recently used renderings until `incoming` more bytes fit the bound."""
        self._sweep_stale_temps()
        files = sorted(self._cached_files())
        total = sum(size for _, size, _ in files)
        for _, size, path in files:
            if total + incoming <= self.max_cache_bytes:
                break
            try:
                path.unlink()
            except FileNotFoundError:
                pass  # another process evicted it first
            except OSError as error:  # e.g. open in a reader on Windows: try the next one
                logger.warning("cannot evict %s: %s", path.name, error)
                continue
            total -= size
        return total + incoming <= self.max_cache_bytes

    def _sweep_stale_temps(self) -> None:
        """Remove temporary files left by a process that died while writing."""
        limit = time.time() - _STALE_TEMP_S
        for path in self.cache_dir.glob("*.wav.tmp"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except FileNotFoundError:
                pass

    @contextmanager
    def _folder_lock(self) -> Iterator[None]:
        """Hold the cache folder against other server processes that share it (POSIX)."""
        if sys.platform == "win32":
            yield
            return
        with open(self.cache_dir / ".lock", "ab") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _run(command: list[str], stderr: BinaryIO) -> int:
    """Run a speech program to its end or ESPEAK_TIMEOUT_S; its exit code.

    Popen and wait rather than subprocess.run(timeout=): under eventlet, run() raises a
    TimeoutExpired of a second copy of the subprocess module that no `except` here would
    catch, while the green wait() raises this module's own.
    """
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
    )
    try:
        return process.wait(timeout=ESPEAK_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


def _digest(*parts: str) -> str:
    """Hash the parts that decide a rendering into a short, URL-safe key."""
    joined = "\0".join((_RENDER_VERSION, *parts))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def _clips_key(clips: list[Path], chime: bool = True) -> str:
    """Key a clip rendering by each clip's name, size and mtime, so re-recorded clips re-render."""
    parts = []
    for clip in clips:
        stat = clip.stat()
        parts.append(f"{clip.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest("clips", *parts, *_speech_only(chime))


def _speech_only(chime: bool) -> tuple[str, ...]:
    """The key part of a rendering without the chime; none with it, so cached files stay valid."""
    return () if chime else ("no-chime",)
