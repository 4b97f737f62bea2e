"""Online backup of the SQLite database: a consistent copy while the server keeps running."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import make_url

from server.db import create_private_file


class BackupError(Exception):
    """The backup could not be made (explained in Vietnamese and English for the IT person)."""


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite database URL; BackupError for other databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "Chỉ sao lưu được CSDL SQLite; với PostgreSQL hãy dùng pg_dump "
            "(SQLite only; for PostgreSQL use pg_dump, see docs/operations.md)"
        )
    return Path(url.database)


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the live database into `target` (a new file) with SQLite's backup API; its size."""
    source_path = sqlite_path(database_url)
    if not source_path.exists():
        raise BackupError(f"Không tìm thấy CSDL (database not found): {source_path}")
    if target.exists():
        raise BackupError(f"Tệp đích đã có, không ghi đè (target exists, kept): {target}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)  # left by an interrupted backup
    create_private_file(partial)  # the copy holds what the database holds: owner only
    source = sqlite3.connect(source_path, timeout=30)  # only read, but sees the WAL
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy, pages=1024)  # in steps, so writers are never held up for long
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
    finally:
        source.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"Bản sao lỗi (copy failed its integrity check): {verdict}")
    partial.rename(target)
    return target.stat().st_size
