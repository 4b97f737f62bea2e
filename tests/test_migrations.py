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
