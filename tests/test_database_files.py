"""The SQLite files xephang creates are its own: 0600 (with -wal and -shm), new folders 0700."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from server.backup import backup_sqlite
from server.db import make_engine
from server.migrations import upgrade


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask of a default Debian login (022): files come out world-readable unless asked."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    """Permission bits of a file or folder."""
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_its_wal_and_shm_and_folder_are_owner_only(tmp_path: Path):
    path = tmp_path / "instance" / "xephang.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:  # WAL mode: a write leaves -wal and -shm beside it
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
        connection.execute(text("INSERT INTO notes VALUES ('mật khẩu')"))
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert all(file.exists() for file in files)
        assert {file.name: mode(file) for file in files} == {file.name: 0o600 for file in files}
    engine.dispose()
    assert mode(path.parent) == 0o700


def test_migrating_a_new_database_creates_it_owner_only(tmp_path: Path):
    path = tmp_path / "fresh.sqlite3"
    upgrade(f"sqlite:///{path}")
    assert mode(path) == 0o600


def test_an_existing_database_keeps_the_mode_its_operator_gave_it(tmp_path: Path):
    path = tmp_path / "shared.sqlite3"
    path.touch(mode=0o640)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o640
    make_engine("sqlite://").dispose()  # in memory: no file at all
    assert sorted(item.name for item in tmp_path.iterdir()) == ["shared.sqlite3"]


def test_a_backup_is_owner_only_too(tmp_path: Path):
    source = tmp_path / "live.sqlite3"
    upgrade(f"sqlite:///{source}")
    target = tmp_path / "backups" / "nightly.sqlite3"
    backup_sqlite(f"sqlite:///{source}", target)
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
