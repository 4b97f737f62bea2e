"""`xephang --help` shows xephang's commands: no Flask options, no eventlet notice, no app built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = ("db", "demo", "device", "print-agent", "print-test", "reports", "run", "seed-demo")


def xephang(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the console script's entry in a fresh process with its own instance folder."""
    env = {**os.environ, "XEPHANG_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("XEPHANG_ASYNC_MODE", None)  # eventlet, as in production
    env.pop("EVENTLET_TESTS", None)
    return subprocess.run(
        [sys.executable, "-m", "server.entry", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )


def test_help_lists_the_commands_without_flask_options(tmp_path: Path) -> None:
    result = xephang(tmp_path, "--help")
    for command in COMMANDS:
        assert f"\n  {command} " in result.stdout
    for flask_option in ("--app", "--env-file", "--debug"):
        assert flask_option not in result.stdout
    assert result.stderr == ""
    assert not (tmp_path / "instance").exists()  # showing help builds no app


@pytest.mark.parametrize("command", ["demo", "run"])
def test_help_of_a_serving_command_has_no_eventlet_notice(tmp_path: Path, command: str) -> None:
    result = xephang(tmp_path, command, "--help")
    assert "--port" in result.stdout
    assert result.stderr == ""
