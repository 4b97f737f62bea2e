"""A serving process loads what serving needs: heavy modules wait for the command that uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from server.printing.raster import WIDTH_80MM
from server.services.printing.ticket_print import DEFAULT_PAPER_WIDTH

# Reports (openpyxl), migrations (alembic, mako), ticket rendering (Pillow, qrcode), the
# Socket.IO client stacks (aiohttp, requests, websocket-client; Redis without a message queue),
# PostgreSQL's dialect on a SQLite server, and the ESC/POS decoder, which only tests use (a
# server reads printer status with server.printing.printer_status).
NOT_AT_START = (
    "openpyxl",
    "alembic",
    "mako",
    "PIL",
    "qrcode",
    "aiohttp",
    "requests",
    "redis",
    "sqlalchemy.dialects.postgresql",
    "server.printing.escpos_decode",
)

PROBE = """
import json, sys
from server.entry import _leave_out_client_stacks
_leave_out_client_stacks()
from server.cli.commands import make_app
make_app()
print(json.dumps(sorted(name for name in sys.argv[1:] if sys.modules.get(name) is not None)))
"""


def loaded_at_start(tmp_path: Path, **env: str) -> list[str]:
    """Which of NOT_AT_START a freshly started server process has imported."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("XEPHANG_")},
        "XEPHANG_DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "XEPHANG_INSTANCE_PATH": str(tmp_path / "instance"),
        "XEPHANG_SECRET_KEY": "probe",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *NOT_AT_START],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_a_server_process_starts_without_the_heavy_modules(tmp_path: Path) -> None:
    assert loaded_at_start(tmp_path) == []


def test_a_message_queue_keeps_the_redis_client(tmp_path: Path) -> None:
    queue = {"XEPHANG_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0"}
    assert loaded_at_start(tmp_path, **queue) == ["redis"]


def test_the_default_paper_width_is_80_mm() -> None:
    assert DEFAULT_PAPER_WIDTH == WIDTH_80MM
