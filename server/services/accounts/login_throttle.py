"""Login throttling over the database, so every server process counts the same failures.

Two limits, both over the failures of the last minute. Per username and address: reaching
it locks that pair for one minute, and each later lock lasts twice as long as the one before,
up to a cap; a correct password once a lock has ended clears the count. The lock is keyed by
the address too, so a stranger elsewhere cannot lock a clerk out, and even one in the same
lobby holds the account for minutes, not the whole morning. Per address, across every
username: random names from one address are throttled too. A refused attempt costs no hash.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.db import write
from server.models import LoginFailure, LoginLock, utcnow
from server.rules.errors import DomainError

WINDOW = timedelta(minutes=1)
FIRST_LOCK = timedelta(minutes=1)
LOCK_MEMORY = timedelta(hours=1)  # a lock that ended longer ago no longer lengthens the next


@dataclass(frozen=True)
class LoginPolicy:
    """The limits: failures a minute per username and address, and per address; longest lock."""

    per_user: int
    per_address: int
    max_lock: timedelta


def user_key(name: str, address: str) -> str:
    """The counter of one username tried from one address."""
    return f"{name}|{address}"[:200]


def address_key(address: str) -> str:
    """The counter of one address, whatever names it tries (a username never starts with @)."""
    return f"@{address}"[:200]


def _recent(session: Session, key: str, now: datetime) -> int:
    """Failures counted against a key within the window."""
    count = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.key == key, LoginFailure.failed_at > now - WINDOW)
    )
    return int(count or 0)


def _too_many(minutes: int) -> DomainError:
    """The 429 a throttled sign-in gets, saying how long to wait."""
    return DomainError(
        "too_many_attempts",
        f"Đăng nhập sai quá nhiều lần, vui lòng thử lại sau {minutes} phút",
        429,
    )


def require_login_allowed(
    session: Session,
    name: str,
    address: str,
    policy: LoginPolicy,
    *,
    now: datetime | None = None,
) -> None:
    """Refuse with 429 while the address is over its limit or the name is locked for it."""
    now = now or utcnow()
    if _recent(session, address_key(address), now) >= policy.per_address:
        raise _too_many(1)
    lock = session.get(LoginLock, user_key(name, address))
    if lock is not None and lock.locked_until > now:
        raise _too_many(max(1, math.ceil((lock.locked_until - now).total_seconds() / 60)))


def record_login_failure(
    session: Session,
    name: str,
    address: str,
    policy: LoginPolicy,
    *,
    now: datetime | None = None,
) -> None:
    """Count one failed sign-in; at the per-user limit lock the pair, longer each time; commits."""
    session.rollback()  # end the read the failed sign-in left open, so the write starts clean
    with write(session):
        now = now or utcnow()
        key = user_key(name, address)
        session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
        session.execute(delete(LoginLock).where(LoginLock.locked_until <= now - LOCK_MEMORY))
        session.add_all(
            [
                LoginFailure(key=key, failed_at=now),
                LoginFailure(key=address_key(address), failed_at=now),
            ]
        )
        session.flush()
        if _recent(session, key, now) >= policy.per_user:
            lock = _lock_row(session, key, now)
            lock.locked_until = now + min(FIRST_LOCK * 2**lock.locks, policy.max_lock)
            lock.locks += 1
            session.execute(delete(LoginFailure).where(LoginFailure.key == key))  # count anew after


def _lock_row(session: Session, key: str, now: datetime) -> LoginLock:
    """The pair's lock row, created if missing, locked for this transaction (no insert race)."""
    # The dialect's module on first use: a SQLite server never loads PostgreSQL's.
    dialect = session.get_bind().dialect.name
    module = importlib.import_module(f"sqlalchemy.dialects.{dialect}")
    session.execute(
        module.insert(LoginLock).values(key=key, locks=0, locked_until=now).on_conflict_do_nothing()
    )
    lock = session.scalars(select(LoginLock).where(LoginLock.key == key).with_for_update()).one()
    return lock


def clear_login_failures(session: Session, name: str, address: str) -> None:
    """After a correct password: forget the pair's failures and locks (writes only if any)."""
    key = user_key(name, address)
    has_lock = session.get(LoginLock, key) is not None
    if not has_lock and _recent(session, key, utcnow()) == 0:
        return
    with write(session):
        session.execute(delete(LoginLock).where(LoginLock.key == key))
        session.execute(delete(LoginFailure).where(LoginFailure.key == key))
