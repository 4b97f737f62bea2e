"""Migration 0006 (the office's notifier): existing offices log; it goes down and up again."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from support_server import fresh_postgres_database

from server.db import make_engine
from server.migrations import alembic_config, upgrade
from server.models import Base


def round_trip_0006(url: str) -> tuple[tuple, list]:
    """An office made before 0006, its notifier after 0006, and what differs after down and up."""
    upgrade(url, "0005")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "insert into offices (id, code, name, header_lines, timezone, dialect,"
                    " notice_text, event_seq, created_at) values (1, 'X', 'X', '[]',"
                    " 'Asia/Ho_Chi_Minh', 'north', '', 0, CURRENT_TIMESTAMP)"
                )
            )
        upgrade(url)
        with engine.connect() as connection:
            kind, settings = connection.execute(
                text("select notifier_kind, notifier_settings from offices")
            ).one()
        command.downgrade(alembic_config(url), "0005")
        upgrade(url)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        return (kind, settings), differences
    finally:
        engine.dispose()


def _as_dict(value: object) -> object:
    import json

    return json.loads(value) if isinstance(value, str) else value


def test_sqlite_0006_offices_log_and_it_goes_down_and_up(tmp_path):
    (kind, settings), differences = round_trip_0006(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    assert (kind, _as_dict(settings)) == ("log", {})
    assert differences == []


@pytest.mark.postgres
def test_postgresql_0006_offices_log_and_it_goes_down_and_up():
    with fresh_postgres_database() as url:
        (kind, settings), differences = round_trip_0006(url)
    assert (kind, _as_dict(settings)) == ("log", {})
    assert differences == []
