"""A private CUPS scheduler for one test: its own folders and socket, raw queues added on demand."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CUPSD = shutil.which("cupsd") or "/usr/sbin/cupsd"
SOCKET_BACKEND = Path("/usr/lib/cups/backend/socket")


@dataclass
class Cups:
    """A running cupsd; `env` points lp, lpadmin and lpstat at it."""

    root: Path
    env: dict[str, str]

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        """Run a CUPS client command against this scheduler; fail the test if it fails."""
        done = subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=30, check=False
        )
        assert done.returncode == 0, f"{' '.join(command)}: {done.stderr}"
        return done

    def add_raw_queue(self, name: str, device_uri: str) -> None:
        """A raw queue (no driver, bytes passed as they are) on `device_uri`."""
        # CUPS 2.4 warns that raw queues are deprecated; Debian 12's still creates and runs them.
        self.run("lpadmin", "-p", name, "-E", "-v", device_uri, "-m", "raw")


def require_cups() -> None:
    """Skip unless CUPS's scheduler and socket backend are installed (scripts/setup does)."""
    if not (os.access(CUPSD, os.X_OK) and SOCKET_BACKEND.exists() and shutil.which("lp")):
        pytest.skip("CUPS is not installed (apt-get install cups cups-client)")


@contextlib.contextmanager
def running_cups() -> Iterator[Cups]:
    """Start cupsd in the foreground on a socket in a short temporary folder; stop it after."""
    require_cups()
    # A Unix socket path must stay under 108 bytes: pytest's tmp_path can be longer.
    root = Path(tempfile.mkdtemp(prefix="xephang-cups-"))
    for folder in ("spool", "cache", "state", "tmp", "log"):
        (root / folder).mkdir()
    socket_path = root / "cups.sock"
    (root / "cupsd.conf").write_text(
        f"Listen {socket_path}\nLogLevel warn\nWebInterface No\nBrowsing No\n"
        "DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n",
        encoding="utf-8",
    )
    (root / "cups-files.conf").write_text(
        "".join(
            f"{key} {value}\n"
            for key, value in {
                "ServerRoot": root,
                "RequestRoot": root / "spool",
                "CacheDir": root / "cache",
                "StateDir": root / "state",
                "TempDir": root / "tmp",
                "ErrorLog": root / "log/error_log",
                "AccessLog": root / "log/access_log",
                "PageLog": root / "log/page_log",
                "ServerBin": "/usr/lib/cups",
                "DataDir": "/usr/share/cups",
            }.items()
        ),
        encoding="utf-8",
    )
    command = [CUPSD, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**os.environ, "CUPS_SERVER": str(socket_path)}
    try:
        deadline = time.monotonic() + 15
        while True:
            ready = subprocess.run(["lpstat", "-r"], env=env, capture_output=True, check=False)
            if ready.stdout.strip() == b"scheduler is running":
                break
            if process.poll() is not None or time.monotonic() > deadline:
                log = root / "log/error_log"
                error = log.read_text(errors="replace") if log.exists() else ""
                raise RuntimeError(f"cupsd did not start: {error}")
            time.sleep(0.1)
        yield Cups(root, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
