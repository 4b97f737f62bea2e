"""Announcement audio from the real server process: voice without apt, renders off the hub."""

from __future__ import annotations

import io
import math
import queue
import wave
from array import array
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio
from sqlalchemy.orm import Session
from support_server import ServerProcess, running_server, seed_office

from server.announcements.chime import SAMPLE_RATE, chime_samples
from server.db import make_engine
from server.services.accounts.credentials import create_device, create_user, issue_user_token

pytestmark = pytest.mark.server

SPEECH_START = len(chime_samples()) + round(0.15 * SAMPLE_RATE)


def staff_tokens(database_url: str, office_id: int) -> tuple[str, str]:
    """A clerk's bearer token and a lobby display's device token."""
    engine = make_engine(database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            clerk = create_user(session, "canbo1", "pw-12345678", "clerk", office_id, "Cán bộ")
            token = issue_user_token(session, clerk, 12)["token"]
            _, display_token = create_device(session, "display", office_id, "Màn hình sảnh")
            return token, display_token
    finally:
        engine.dispose()


def call_and_hear(server: ServerProcess, database_url: str) -> dict[str, Any]:
    """Issue a ticket, call it, and give the `ticket_called` event the lobby display received."""
    office = seed_office(database_url)
    clerk, display_token = staff_tokens(database_url, office.office_id)
    calls: queue.Queue[dict[str, Any]] = queue.Queue()
    display = socketio.Client(reconnection=False)
    display.on("ticket_called", calls.put)
    display.connect(
        server.url, auth={"token": display_token}, transports=["websocket"], wait_timeout=10
    )
    try:
        issued = requests.post(
            f"{server.url}/api/v1/tickets",
            json={"service_id": office.service_ids[0]},
            headers={"Authorization": f"Bearer {office.kiosk_token}"},
            timeout=10,
        )
        assert issued.status_code == 201, issued.text
        called = requests.post(
            f"{server.url}/api/v1/counters/{office.counter_id}/call-next",
            headers={"Authorization": f"Bearer {clerk}"},
            timeout=10,
        )
        assert called.status_code == 200, called.text
        return calls.get(timeout=10)
    finally:
        display.disconnect()


def bare_path(folder: Path, *programs: Path) -> str:
    """A PATH of one folder holding only `programs`: no system espeak-ng unless given."""
    folder.mkdir()
    for program in programs:
        (folder / program.name).symlink_to(program)
    return str(folder)


def test_without_system_espeak_a_call_answers_a_real_wav(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = {
        "XEPHANG_DATABASE_URL": url,
        "XEPHANG_SECRET_KEY": "k",
        "XEPHANG_AUDIO_CACHE_DIR": str(tmp_path / "audio"),
        "PATH": bare_path(tmp_path / "bin"),  # as after `pip install xephang` on a bare system
    }
    with running_server(env) as server:
        call = call_and_hear(server, url)
        audio = requests.get(server.url + call["announcement"]["audio_url"], timeout=30)
    assert audio.status_code == 200, audio.text
    assert audio.headers["Content-Type"] == "audio/wav"
    assert audio.content[:4] == b"RIFF" and audio.content[8:12] == b"WAVE"
    with wave.open(io.BytesIO(audio.content)) as reader:
        assert (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (
            SAMPLE_RATE,
            1,
            2,
        )
        speech = array("h", reader.readframes(reader.getnframes()))[SPEECH_START:]
    assert 2.0 < len(speech) / SAMPLE_RATE < 8.0  # "Mời công dân có số thứ tự a một …"
    assert math.sqrt(sum(sample * sample for sample in speech) / len(speech)) > 500
