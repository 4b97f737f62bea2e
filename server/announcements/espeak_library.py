"""Speak like `espeak-ng -v V -s S -w OUT -- TEXT`, through the libespeak-ng of `espeakng-loader`.

The PyPI package `espeakng-loader` ships libespeak-ng and its voice data (Vietnamese
included) but no program, so a plain `pip install` has no `espeak-ng` to run. This script is
that program: run as its own process (`python -I espeak_library.py ...`), so the C library
never shares the server's process: no global synthesiser state between threads, a hang ends
at the caller's timeout, a crash costs one announcement, and the GPL library stays a separate
program as the system `espeak-ng` is. It imports nothing from xephang.
"""

from __future__ import annotations

import argparse
import ctypes
import sys
import wave
from pathlib import Path

AUDIO_OUTPUT_SYNCHRONOUS = 2  # espeak_AUDIO_OUTPUT: hand samples to the callback, return when done
INITIALIZE_DONT_EXIT = 0x8000  # report missing data instead of ending the process
CHARS_UTF8 = 1
END_PAUSE = 0x1000  # the short pause at the end of a sentence, as the espeak-ng program adds
POS_CHARACTER = 1
PARAMETER_RATE = 1
EE_OK = 0

SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class SpeechError(RuntimeError):
    """The library could not be loaded or refused the voice or the text."""


def _library() -> tuple[ctypes.CDLL, str]:
    """Load the bundled libespeak-ng; give it with the folder that holds `espeak-ng-data`."""
    try:
        import espeakng_loader
    except ImportError as error:
        raise SpeechError("the espeakng-loader package is not installed") from error
    try:
        library = ctypes.CDLL(espeakng_loader.get_library_path())
        data_parent = str(Path(espeakng_loader.get_data_path()).parent)
    except (OSError, RuntimeError) as error:
        raise SpeechError(f"libespeak-ng from espeakng-loader cannot be loaded: {error}") from error
    library.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    library.espeak_Initialize.restype = ctypes.c_int
    library.espeak_SetSynthCallback.argtypes = [SYNTH_CALLBACK]
    library.espeak_SetSynthCallback.restype = None
    library.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    library.espeak_SetVoiceByName.restype = ctypes.c_int
    library.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    library.espeak_SetParameter.restype = ctypes.c_int
    library.espeak_Synth.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.c_void_p,
        ctypes.c_void_p,
    ]
    library.espeak_Synth.restype = ctypes.c_int
    library.espeak_Synchronize.restype = ctypes.c_int
    return library, data_parent


def synthesise(text: str, voice: str, speed: int) -> tuple[bytes, int]:
    """16-bit little-endian mono samples of `text` spoken by `voice`, and their sample rate."""
    library, data_parent = _library()
    rate = library.espeak_Initialize(
        AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent.encode(), INITIALIZE_DONT_EXIT
    )
    if rate <= 0:
        raise SpeechError(f"libespeak-ng found no voice data in {data_parent}")
    chunks: list[bytes] = []

    def collect(samples: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if samples and count > 0:
            chunks.append(ctypes.string_at(samples, count * 2))
        return 0  # 0: go on synthesising

    callback = SYNTH_CALLBACK(collect)  # kept in a local so it outlives the synthesis
    library.espeak_SetSynthCallback(callback)
    if library.espeak_SetVoiceByName(voice.encode()) != EE_OK:
        raise SpeechError(f"libespeak-ng has no voice {voice!r}")
    library.espeak_SetParameter(PARAMETER_RATE, speed, 0)
    encoded = text.encode("utf-8")
    status = library.espeak_Synth(
        encoded, len(encoded) + 1, 0, POS_CHARACTER, 0, CHARS_UTF8 | END_PAUSE, None, None
    )
    if status != EE_OK:
        raise SpeechError(f"libespeak-ng refused the text (status {status})")
    library.espeak_Synchronize()
    data = b"".join(chunks)
    if sys.byteorder == "big":
        # The callback hands native shorts; WAV wants little-endian.
        swapped = bytearray(data)
        swapped[0::2], swapped[1::2] = data[1::2], data[0::2]
        data = bytes(swapped)
    return data, rate


def main(argv: list[str] | None = None) -> int:
    """Parse espeak-ng's `-v`, `-s`, `-w` and the text; write the WAV file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", dest="voice", default="vi")
    parser.add_argument("-s", dest="speed", type=int, default=175)
    parser.add_argument("-w", dest="output", required=True)
    parser.add_argument("text")
    args = parser.parse_args(argv)
    try:
        samples, rate = synthesise(args.text, args.voice, args.speed)
    except SpeechError as error:
        print(error, file=sys.stderr)
        return 1
    with wave.open(args.output, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
