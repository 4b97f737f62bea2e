"""Alembic migrations; `upgrade(url)` brings a database to the newest schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

HERE = Path(__file__).parent

# Alembic (with Mako) is imported when migrating, not by every server process (~12 MB).


def alembic_config(database_url: str) -> AlembicConfig:
    """An Alembic configuration pointing at this folder and the given database."""
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Run the migrations up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)
