"""Login throttling over the database, so every server process counts the same failures."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.db import begin_write
from server.models import LoginFailure, utcnow
from server.rules.errors import DomainError

WINDOW = timedelta(minutes=1)


def require_login_allowed(
    session: Session, key: str, per_minute: int, *, now: datetime | None = None
) -> None:
    """Refuse with 429 while the key has `per_minute` failures within the last minute."""
    now = now or utcnow()
    recent = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.key == key, LoginFailure.failed_at > now - WINDOW)
    )
    if (recent or 0) >= per_minute:
        raise DomainError(
            "too_many_attempts", "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 1 phút", 429
        )


def record_login_failure(session: Session, key: str, *, now: datetime | None = None) -> None:
    """Store one failed sign-in and prune those older than the window; commits."""
    session.rollback()  # end the read the failed sign-in left open, so the write starts clean
    begin_write(session)
    now = now or utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
    session.add(LoginFailure(key=key[:200], failed_at=now))
    session.commit()
