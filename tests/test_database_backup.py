"""`xephang db backup`: a consistent, checked copy of the live SQLite database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import World, bearer

from server.backup import BackupError, backup_sqlite
from server.cli.commands import db_group


def test_backup_holds_every_ticket_while_the_database_is_open(
    app, client, world: World, database_url: str, tmp_path: Path
):
    kiosk = bearer(world.kiosk[1])
    for _ in range(3):
        assert (
            client.post(
                "/api/v1/tickets", json={"service_id": world.land.id}, headers=kiosk
            ).status_code
            == 201
        )
    target = tmp_path / "backups" / "xephang-2026-11-26.sqlite3"
    size = backup_sqlite(database_url, target)
    assert size == target.stat().st_size > 0
    copy = sqlite3.connect(target)
    numbers = [row[0] for row in copy.execute("SELECT number FROM tickets ORDER BY id")]
    copy.close()
    assert numbers == ["A001", "A002", "A003"]
    assert not list(target.parent.glob("*.partial"))


def test_backup_never_overwrites_and_explains_other_databases(database_url: str, tmp_path: Path):
    target = tmp_path / "kept.sqlite3"
    target.write_bytes(b"an older backup")
    with pytest.raises(BackupError, match="không ghi đè"):
        backup_sqlite(database_url, target)
    assert target.read_bytes() == b"an older backup"
    with pytest.raises(BackupError, match="pg_dump"):
        backup_sqlite("postgresql+psycopg2://127.0.0.1/test", tmp_path / "x.sqlite3")
    with pytest.raises(BackupError, match="Không tìm thấy"):
        backup_sqlite(f"sqlite:///{tmp_path / 'missing.sqlite3'}", tmp_path / "y.sqlite3")


def test_backup_command_reports_the_copy(app, tmp_path: Path):
    target = tmp_path / "nightly.sqlite3"
    result = app.test_cli_runner().invoke(db_group, ["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output and target.exists()
    again = app.test_cli_runner().invoke(db_group, ["backup", str(target)])
    assert again.exit_code != 0 and "không ghi đè" in again.output
