"""Migrating to head gives exactly the schema the models describe (SQLite and PostgreSQL)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from support_server import fresh_postgres_database

from server.db import make_engine
from server.migrations import upgrade
from server.models import Base


def schema_differences(url: str) -> list:
    """What autogenerate would still change after migrating to head."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()


def test_sqlite_schema_matches_models(tmp_path):
    assert schema_differences(f"sqlite:///{tmp_path / 'm.sqlite3'}") == []


@pytest.mark.postgres
def test_postgresql_schema_matches_models():
    with fresh_postgres_database() as url:
        assert schema_differences(url) == []


def round_trip_0005(url: str) -> tuple[tuple, list]:
    """Migrate a database holding a service over 0005, down to 0004 and up again.

    Returns the service's new settings as 0005 filled them in, and what still differs.
    """
    from alembic import command
    from sqlalchemy import text

    from server.migrations import alembic_config

    upgrade(url, "0004")
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
            connection.execute(
                text(
                    "insert into services (office_id, prefix, name, name_en, field, agency,"
                    " audience, active, cutoff_minutes, target_wait_minutes,"
                    " default_service_minutes, number_start, number_width, sort_order)"
                    " values (1, 'A', 'A', '', '', '', 'citizen', true, 0, 30, 5, 1, 3, 0)"
                )
            )
        upgrade(url)
        with engine.connect() as connection:
            settings = tuple(
                connection.execute(
                    text(
                        "select remote_enabled, remote_share, notify_ahead, appointments_enabled,"
                        " slot_minutes, slot_capacity, booking_days from services"
                    )
                ).one()
            )
        command.downgrade(alembic_config(url), "0004")
        upgrade(url)
        with engine.connect() as connection:
            return settings, compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()


DEFAULT_SETTINGS_0005 = (False, 30, 3, False, 15, 2, 14)


def test_sqlite_0005_fills_defaults_and_goes_down_and_up(tmp_path):
    settings, differences = round_trip_0005(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    assert settings == DEFAULT_SETTINGS_0005
    assert differences == []


@pytest.mark.postgres
def test_postgresql_0005_fills_defaults_and_goes_down_and_up():
    with fresh_postgres_database() as url:
        settings, differences = round_trip_0005(url)
    assert settings == DEFAULT_SETTINGS_0005
    assert differences == []


def round_trip_0007(url: str) -> tuple[list, list]:
    """Migrate to head, down to 0006 and up again: the columns at 0006 and what differs."""
    from alembic import command
    from sqlalchemy import inspect

    from server.migrations import alembic_config

    upgrade(url)
    command.downgrade(alembic_config(url), "0006")
    engine = make_engine(url)
    try:
        columns = [column["name"] for column in inspect(engine).get_columns("tickets")]
    finally:
        engine.dispose()
    return columns, schema_differences(url)


def test_sqlite_0007_goes_down_and_up(tmp_path):
    columns, differences = round_trip_0007(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    assert "push_subscription" not in columns and "phone" in columns
    assert differences == []


@pytest.mark.postgres
def test_postgresql_0007_goes_down_and_up():
    with fresh_postgres_database() as url:
        columns, differences = round_trip_0007(url)
    assert "push_subscription" not in columns and "phone" in columns
    assert differences == []
