"""Database engine and sessions: one `Database` per app; SQLite tuned for concurrent use."""

from __future__ import annotations

import contextlib
import os
import select
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def sqlite_url_for_instance(instance_path: str) -> str:
    """The default database: a SQLite file in the instance folder."""
    return f"sqlite:///{instance_path}/xephang.sqlite3"


# PostgreSQL gone away: a request must answer 503 within seconds, not hang with the screens.
# libpq gives up connecting after connect_timeout; on an open connection it notices a silent
# peer (a host gone dark, a cut network) by keepalive probes (10 s idle, then 3 × 5 s) and
# gives up on unacknowledged writes after tcp_user_timeout (ms). pool_pre_ping drops pooled
# connections the database closed (a restart) before a request uses them.
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5
POSTGRES_CONNECT_ARGS = {
    "connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 25_000,
}


def create_private_file(path: Path) -> None:
    """Create an empty file only its owner may read (0600), in a 0700 folder if that is new too.

    SQLite would create the database with the umask's mode (0644: readable by every local user,
    password hashes and all); its -wal and -shm files take the mode of the database file.
    """
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    with contextlib.suppress(FileExistsError):  # another process was first: its file stays
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL; None for an in-memory or URI-style database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL timeouts."""
    if url.startswith("sqlite"):
        path = _sqlite_file(url)
        if path is not None and not path.exists():
            create_private_file(path)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    connect_args: dict[str, Any] = {}
    if make_url(url).get_driver_name() == "psycopg2":
        _bound_green_connects()
        connect_args = dict(POSTGRES_CONNECT_ARGS)
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args=connect_args
    )


def _bound_green_connects() -> None:
    """Under eventlet, make psycopg2 honour connect_timeout (its green connect ignores it).

    eventlet's monkey-patching makes psycopg2 connect asynchronously through a wait callback,
    and libpq enforces connect_timeout only on blocking connects: a database host that went
    silent would hang the request for minutes. Plain (threading) processes have no callback.
    """
    from psycopg2 import extensions

    current = extensions.get_wait_callback()
    if current is not None and current is not _green_wait:
        extensions.set_wait_callback(_green_wait)


def _green_wait(connection: Any, _timeout: Any = None) -> None:
    """psycopg2's wait_select over the (green) select; a connection attempt has a deadline."""
    import psycopg2
    from psycopg2 import extensions

    setting_up = connection.status == extensions.STATUS_SETUP
    deadline = time.monotonic() + POSTGRES_CONNECT_TIMEOUT_SECONDS if setting_up else None
    while True:
        state = connection.poll()
        if state == extensions.POLL_OK:
            return
        if state not in (extensions.POLL_READ, extensions.POLL_WRITE):
            raise psycopg2.OperationalError(f"unexpected poll state {state}")
        fd = connection.fileno()
        readers, writers = ([fd], []) if state == extensions.POLL_READ else ([], [fd])
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready = select.select(readers, writers, [], remaining)
        if deadline is not None and not (ready[0] or ready[1]):
            raise psycopg2.OperationalError("timeout expired")  # libpq's words for the same


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside the writer; foreign keys keep rows honest."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _begin_write(session: Session) -> None:
    """Start a write transaction; on SQLite take the write lock at once so writers queue, not fail.

    A deferred SQLite transaction that reads and then writes fails with "database is
    locked" when another writer got in between; BEGIN IMMEDIATE waits its turn instead.
    Called by `write`, which every command uses; not meant to be paired by hand.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is not None and not dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def write(session: Session) -> Iterator[Session]:
    """One unit of work: begin the write, commit when the block ends, roll back on any exception.

    Every command's changes go through one such block; nothing after it (publishing, printing,
    sending) runs inside the transaction, so no I/O ever holds SQLite's write lock.
    """
    _begin_write(session)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


@contextmanager
def snapshot_reads(session: Session) -> Iterator[Session]:
    """The session, its reads all seeing one moment of the database (call it after commit).

    Left alone, every statement sees its own moment: pysqlite runs a SELECT outside any
    transaction and PostgreSQL's READ COMMITTED takes a new snapshot per statement. A `seq`
    and the rows read after it could then straddle another writer's commit, and a screen would
    apply that commit's event on top of rows that already hold it. So the session's transaction
    is ended and a read transaction with one snapshot begun: SQLite's deferred BEGIN (in WAL
    mode its snapshot is taken at the first read), PostgreSQL's REPEATABLE READ, on the same
    connection (a second connection per request could exhaust the pool).
    """
    session.commit()  # nothing pending: callers read after their commit
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("BEGIN")
    else:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    try:
        yield session
    finally:
        session.commit()  # read only; a PostgreSQL connection returns to READ COMMITTED


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
