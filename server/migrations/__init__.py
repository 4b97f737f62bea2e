"""Alembic migrations; `upgrade(url)` brings a database to the newest schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig

HERE = Path(__file__).parent


def alembic_config(database_url: str) -> AlembicConfig:
    """An Alembic configuration pointing at this folder and the given database."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Run the migrations up to `revision`."""
    command.upgrade(alembic_config(database_url), revision)
