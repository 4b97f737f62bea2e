"""Announcement audio, served without a token so a lobby display can play it.

Only calls the server made are rendered (their URLs are signed, `call_audio`); renders (not
cache hits) are limited per client address, and the cache folder is bounded by size.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Blueprint, Response, current_app, request

from server.announcements.audio import AnnouncementAudio, AudioUnavailable
from server.announcements.call_audio import AudioNotIssued, CallAudio, verified_call
from server.request_context.error_body import error_response
from server.request_context.rate_limit import over_limit, too_many_requests

log = logging.getLogger(__name__)

bp = Blueprint("audio", __name__)

# What /audio/test.wav says: one fixed call, so checking a display's sound renders one file.
TEST_CALL = CallAudio(number="A1", counter="1")
MAX_AGE_S = 86400


def audio_renderer() -> AnnouncementAudio:
    """The app's audio renderer (cache on disk bounded by size, optional clip set)."""
    renderer = current_app.extensions.get("xephang_audio")
    if renderer is None:
        cache = current_app.config["AUDIO_CACHE_DIR"] or str(
            Path(current_app.instance_path) / "audio-cache"
        )
        clips = current_app.config["CLIPS_DIR"] or None
        renderer = AnnouncementAudio(
            cache_dir=Path(cache),
            clips_dir=Path(clips) if clips else None,
            max_cache_bytes=round(float(current_app.config["AUDIO_CACHE_MB"]) * 1024 * 1024),
        )
        current_app.extensions["xephang_audio"] = renderer
    return renderer


@bp.get("/audio/call.wav")
def call_audio() -> Response:
    """The chime and the spoken call of a call the server made (the URL of its announcement).

    The same call's `follow` URL (signed as well) is the speech alone, in its short words.
    """
    try:
        call = verified_call(request.args, current_app.config["SECRET_KEY"])
    except AudioNotIssued:
        return error_response(
            "audio_not_issued",
            "Đường dẫn âm thanh này không do máy chủ cấp cho một lượt gọi số",
            403,
        )
    return _serve(call)


@bp.get("/audio/test.wav")
def test_audio() -> Response:
    """A fixed call (number A1 to counter 1), to check a display PC's sound by hand."""
    return _serve(TEST_CALL)


def _serve(call: CallAudio) -> Response:
    """Answer the call's WAV from the cache, or render it if this address may render now."""
    renderer = audio_renderer()
    text, clips = call.text(), call.clip_names()
    rendering = renderer.cached(text, clips, chime=call.chime)
    if rendering is None:
        retry_after = over_limit("audio_render")
        if retry_after is not None:
            return too_many_requests(retry_after)
        try:
            rendering = renderer.render(text, clips, chime=call.chime)
        except AudioUnavailable as error:
            log.warning("no announcement audio: %s", error)
            return error_response(
                "audio_unavailable",
                "Máy chủ chưa đọc được lời gọi số: cài espeak-ng hoặc bộ ghi âm của cơ quan",
                503,
            )
    response = Response(rendering.wav, mimetype="audio/wav")
    response.set_etag(rendering.key)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE_S
    # Answers 304 to a display that has it, and byte ranges as media players ask for them.
    response.make_conditional(request, accept_ranges=True, complete_length=len(rendering.wav))
    return response
