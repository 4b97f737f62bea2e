"""Database engine and sessions: one `Database` per app; SQLite tuned for concurrent use."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def sqlite_url_for_instance(instance_path: str) -> str:
    """The default database: a SQLite file in the instance folder."""
    return f"sqlite:///{instance_path}/xephang.sqlite3"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a generous busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside the writer; foreign keys keep rows honest."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def begin_write(session: Session) -> None:
    """Start a write transaction; on SQLite take the write lock at once so writers queue, not fail.

    A deferred SQLite transaction that reads and then writes fails with "database is
    locked" when another writer got in between; BEGIN IMMEDIATE waits its turn instead.
    Call it first in a service function, before any read.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is not None and not dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The engine and the request-scoped session of one app."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session: scoped_session[Session] | None = None

    def init_app(self, app: Flask) -> None:
        """Bind to the app's DATABASE_URL and close the session after each request."""
        self.engine = make_engine(app.config["DATABASE_URL"])
        factory = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.session = scoped_session(factory)
        app.extensions["xephang_db"] = self

        @app.teardown_appcontext
        def _remove_session(_error: BaseException | None) -> None:
            if self.session is not None:
                self.session.remove()


def database(app: Flask) -> Database:
    """The Database bound to an app."""
    found: Database = app.extensions["xephang_db"]
    return found
