"""Announcement audio, served without a token so a lobby display can play it."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, send_file

from server.announcements.audio import AnnouncementAudio, AudioUnavailable
from server.announcements.phrases import call_phrase, clip_names

bp = Blueprint("audio", __name__)

NUMBER_PATTERN = re.compile(r"^[A-Za-z]{0,3}\d{1,4}$")
COUNTER_PATTERN = re.compile(r"^[0-9A-Za-z]{1,4}$")


def audio_renderer() -> AnnouncementAudio:
    """The app's audio renderer (cache on disk, optional clip set)."""
    renderer = current_app.extensions.get("xephang_audio")
    if renderer is None:
        cache = current_app.config["AUDIO_CACHE_DIR"] or str(
            Path(current_app.instance_path) / "audio-cache"
        )
        clips = current_app.config["CLIPS_DIR"] or None
        renderer = AnnouncementAudio(
            cache_dir=Path(cache), clips_dir=Path(clips) if clips else None
        )
        current_app.extensions["xephang_audio"] = renderer
    return renderer


@bp.get("/audio/call.wav")
def call_audio() -> Response:
    """The chime and the spoken call for a number at a counter (only these parts: no free text)."""
    number = request.args.get("number", "")
    counter = request.args.get("counter", "")
    audience = request.args.get("audience", "citizen")
    dialect = request.args.get("dialect", "north")
    recall = request.args.get("recall", "0") == "1"
    if not NUMBER_PATTERN.match(number) or not COUNTER_PATTERN.match(counter):
        abort(404)
    if audience not in ("citizen", "customer") or dialect not in ("north", "south"):
        abort(404)
    text = call_phrase(number, counter, audience=audience, recall=recall, dialect=dialect)
    try:
        clips: list[str] | None = clip_names(
            number, counter, audience=audience, recall=recall, dialect=dialect
        )
    except ValueError:
        clips = None
    try:
        path = audio_renderer().render(text, clips)
    except AudioUnavailable:
        abort(503)
    response = send_file(path, mimetype="audio/wav", max_age=86400)
    return response
