"""Audio URLs of calls, signed under the secret key, so the server renders only calls it made.

A URL names the call's parts (any server process can render it, none needs to remember it)
and an HMAC of them (itsdangerous, the signer Flask's own cookies use). Anyone can fetch a
URL the server handed out, but nobody can make up a new one: the set of renderable audio is
the set of calls really made, each in its two forms (the call on its own, and the call that
follows another in a burst).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from itsdangerous import Signer

from server.announcements.phrases import AUDIENCES, call_phrase, clip_names

PATH = "/audio/call.wav"
DIALECTS = ("north", "south")
_SALT = "xephang.call-audio"
_MAX_PART = 64  # ticket and counter numbers are at most 16 characters in the database


class AudioNotIssued(ValueError):
    """An audio URL the server did not sign: unsigned, forged, or changed after signing."""


@dataclass(frozen=True)
class CallAudio:
    """What an announcement says: a ticket number to a counter, for an audience, in a dialect.

    `follow` is the form a display plays when the call comes right after another one: no
    chime, and the short words ("A mười hai đến quầy số ba"), so a burst of calls at opening
    time is heard in about half the time.
    """

    number: str
    counter: str
    audience: str = "citizen"
    recall: bool = False
    dialect: str = "north"
    follow: bool = False

    @property
    def chime(self) -> bool:
        """Whether the audio starts with the chime: only a call heard on its own does."""
        return not self.follow

    def text(self) -> str:
        """The spoken words."""
        return call_phrase(
            self.number,
            self.counter,
            audience=self.audience,
            recall=self.recall,
            dialect=self.dialect,
            follow=self.follow,
        )

    def clip_names(self) -> list[str] | None:
        """The office clips that say it, or None when a counter label has no clip."""
        try:
            return clip_names(
                self.number,
                self.counter,
                audience=self.audience,
                recall=self.recall,
                dialect=self.dialect,
                follow=self.follow,
            )
        except ValueError:
            return None


def _signer(secret: str) -> Signer:
    return Signer(secret, salt=_SALT, digest_method=hashlib.sha256)


def _message(call: CallAudio) -> str:
    # JSON of a list: no separator a part could contain can make two calls sign alike.
    parts: list[str | int] = [
        call.number,
        call.counter,
        call.audience,
        int(call.recall),
        call.dialect,
    ]
    if call.follow:
        parts.append("follow")  # appended only then, so URLs signed before it still verify
    return json.dumps(parts, ensure_ascii=False)


def signed_audio_url(call: CallAudio, secret: str) -> str:
    """The server-relative URL of the call's audio, with its signature."""
    signature = _signer(secret).get_signature(_message(call)).decode("ascii")
    fields: dict[str, str | int] = {
        "number": call.number,
        "counter": call.counter,
        "audience": call.audience,
        "recall": int(call.recall),
        "dialect": call.dialect,
    }
    if call.follow:
        fields["follow"] = 1
    return f"{PATH}?{urlencode({**fields, 'sig': signature})}"


def verified_call(args: Mapping[str, str], secret: str) -> CallAudio:
    """The call named by an audio URL's query, when the server signed exactly these parts."""
    signature = args.get("sig", "")
    if not signature:
        raise AudioNotIssued("the audio URL carries no signature")
    recall = args.get("recall", "0")
    follow = args.get("follow", "0")
    call = CallAudio(
        number=args.get("number", ""),
        counter=args.get("counter", ""),
        audience=args.get("audience", "citizen"),
        recall=recall == "1",
        dialect=args.get("dialect", "north"),
        follow=follow == "1",
    )
    flags_valid = recall in ("0", "1") and follow in ("0", "1")
    if not flags_valid or not _signer(secret).verify_signature(_message(call), signature):
        raise AudioNotIssued("the audio URL's signature does not match its call")
    # Signed parts came from a real call; checked again so a leaked key cannot reach espeak-ng
    # with anything but a short call.
    if not (0 < len(call.number) <= _MAX_PART and 0 < len(call.counter) <= _MAX_PART):
        raise AudioNotIssued("the audio URL names no call")
    if call.audience not in AUDIENCES or call.dialect not in DIALECTS:
        raise AudioNotIssued("the audio URL names no call")
    return call
