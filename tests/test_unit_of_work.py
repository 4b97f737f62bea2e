"""`write(session)`: one unit of work that commits on success and rolls back on any exception."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.db import write
from server.models import Office


def _office_coded(session, code: str) -> Office | None:  # type: ignore[no-untyped-def]
    return session.scalars(select(Office).where(Office.code == code)).first()


def test_a_finished_block_is_committed(app, session):
    with write(session):
        session.add(Office(code="XA-MOI", name="Xã Mới"))
    session.rollback()  # a block left uncommitted would be undone here
    assert _office_coded(session, "XA-MOI") is not None


def test_any_exception_rolls_the_block_back(app, session):
    with pytest.raises(KeyError), write(session):
        session.add(Office(code="XA-BO", name="Xã Bỏ"))
        session.flush()
        raise KeyError("refused")
    assert not session.new
    assert _office_coded(session, "XA-BO") is None


def test_sqlite_takes_the_write_lock_when_the_block_begins(app, session):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE is SQLite's")
    with write(session):
        dbapi = session.connection().connection.dbapi_connection
        assert dbapi is not None and dbapi.in_transaction  # before any statement of ours
