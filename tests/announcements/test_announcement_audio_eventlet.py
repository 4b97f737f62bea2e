"""The renderer under eventlet's monkey-patching, as `xephang run` serves (in a child process)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from support_server import REPO_ROOT

CHILD = textwrap.dedent(
    """
    import eventlet

    eventlet.monkey_patch()

    import json
    import sys
    import threading
    from pathlib import Path

    from server.announcements import audio

    folder = Path(sys.argv[1])
    threads = []
    real_assemble = audio.assemble

    def assemble(paths, chime=True):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_assemble(paths, chime)

    audio.assemble = assemble
    audio.ESPEAK_TIMEOUT_S = 0.5
    hanging = folder / "espeak-hangs"
    hanging.write_text("#!/bin/sh\\nexec sleep 30\\n")
    hanging.chmod(0o755)
    try:
        audio.AnnouncementAudio(folder / "a", espeak_binary=str(hanging)).render("xin chào")
        outcome = "rendered"
    except audio.AudioUnavailable as error:
        outcome = str(error)
    audio.ESPEAK_TIMEOUT_S = 30
    renderer = audio.AnnouncementAudio(folder / "b", espeak_binary=str(folder / "none"))
    wav = renderer.render("một")
    renderer.render("một", chime=False)  # the speech alone is assembled off the hub as well
    print(json.dumps({"hanging": outcome, "riff": wav.wav[:4].decode(), "on_hub": threads}))
    """
)


def test_under_eventlet_a_hanging_program_times_out_and_samples_are_made_off_the_hub(
    tmp_path: Path,
):
    # Under eventlet, subprocess.run(timeout=) raised a TimeoutExpired that no handler caught:
    # a hanging espeak-ng was a 500 instead of a 503.
    finished = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["hanging"] == "espeak-ng took over 0.5 s"
    assert result["riff"] == "RIFF"
    assert result["on_hub"] == [False, False]  # assembled in a native thread, not the hub's
