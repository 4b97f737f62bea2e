"""Administration of staff accounts: roles, offices, password resets and disabling."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import write
from server.models import Counter, Role, User
from server.rules.errors import DomainError
from server.rules.person_names import given_name_key
from server.schemas.accounts import NewUser, UserChanges
from server.services.accounts.credentials import end_sessions, hash_password
from server.services.actor import Actor
from server.services.admin.audit import differences, record
from server.services.admin.common import admin_office, assign, snapshot
from server.services.changes import AccessChange, Outcome
from server.services.presenters import iso, user_dict
from server.services.queries import get_or_404

USER_FIELDS = ("username", "full_name", "role", "office_id", "active")
ROLE_NAMES = {"admin": "quản trị viên", "manager": "lãnh đạo", "clerk": "cán bộ"}


def admin_user_dict(user: User) -> dict[str, Any]:
    """A user as the admin page lists it."""
    return {**user_dict(user), "created_at": iso(user.created_at)}


def list_users(session: Session, actor: Actor, office_id: int) -> list[dict[str, Any]]:
    """The office's staff, by role then given name (as the office reads its roll)."""
    office = admin_office(session, actor, office_id)
    users = session.scalars(select(User).where(User.office_id == office.id))
    order = {"admin": 0, "manager": 1, "clerk": 2}
    return [
        admin_user_dict(user)
        for user in sorted(
            users,
            key=lambda u: (
                order.get(str(u.role), 9),
                given_name_key(u.full_name or u.username),
                u.username,
            ),
        )
    ]


def _invalid(field: str, reason: str) -> DomainError:
    """The 422 of a value refused for what it meets (a taken name, the caller itself)."""
    return DomainError("invalid_field", f"{field}: {reason}", 422)


def create_user(session: Session, actor: Actor, office_id: int, sent: NewUser) -> Outcome:
    """Add an account to an office with a first password."""
    admin_office(session, actor, office_id)  # refuse before the costly hash
    password_hash = _hash_outside_write(session, sent.password)
    with write(session):
        office = admin_office(session, actor, office_id)
        taken = session.scalars(select(User.id).where(User.username == sent.username)).first()
        if taken is not None:
            raise _invalid("username", f"tên đăng nhập {sent.username} đã tồn tại")
        user = User(
            username=sent.username,
            password_hash=password_hash,
            full_name=sent.full_name,
            role=sent.role,
            office_id=office.id,
        )
        session.add(user)
        session.flush()
        record(
            session,
            actor,
            "create",
            "user",
            user.id,
            office.id,
            f"Thêm {ROLE_NAMES[sent.role]} {user.full_name} ({user.username})",
            differences({}, snapshot(user, USER_FIELDS)),
        )
    return Outcome(admin_user_dict(user))


def update_user(session: Session, actor: Actor, user_id: int, sent: UserChanges) -> Outcome:
    """Change a user's name, role or office, or disable / enable the account."""
    values = sent.model_dump(include={"full_name", "role", "active"}, exclude_unset=True)
    new_office = sent.office_id
    with write(session):
        user = get_or_404(session, User, user_id, "user")
        admin_office(session, actor, user.office_id)
        if new_office is not None and new_office != user.office_id:
            admin_office(session, actor, new_office)
            values["office_id"] = new_office
        if user.id == actor.user_id and values.get("active") is False:
            raise _invalid("active", "không thể tự khóa tài khoản của mình")
        if user.id == actor.user_id and values.get("role", Role.ADMIN) != Role.ADMIN:
            raise _invalid("role", "không thể tự bỏ quyền quản trị của mình")
        before = snapshot(user, USER_FIELDS)
        assign(user, values)
        changes = differences(before, snapshot(user, USER_FIELDS))
        if values.get("active") is False or "office_id" in values:
            _leave_counters(session, user)
        if "active" in changes and not user.active:
            end_sessions(session, user)  # re-enabling must not bring old cookies and tokens back
        if changes:
            action = "update"
            if set(changes) == {"active"}:
                action = "enable" if user.active else "disable"
            record(
                session,
                actor,
                action,
                "user",
                user.id,
                user.office_id,
                f"{'Khóa' if action == 'disable' else 'Mở khóa' if action == 'enable' else 'Sửa'} "
                f"tài khoản {user.username}",
                changes,
            )
    return Outcome(admin_user_dict(user), access=[AccessChange(user_id=user.id)])


def _hash_outside_write(session: Session, password: str) -> str:
    """Hash (~0.1 s of scrypt) after the read-only checks, ending their read first.

    The caller repeats its checks inside its write: the hash must not hold SQLite's write lock.
    """
    session.rollback()
    return hash_password(password)


def _leave_counters(session: Session, user: User) -> None:
    """A disabled or moved clerk no longer holds a counter."""
    for counter in session.scalars(select(Counter).where(Counter.clerk_id == user.id)):
        counter.clerk_id = None


def reset_password(session: Session, actor: Actor, user_id: int, password: str) -> Outcome:
    """Set a new password (checked by its schema); every login session and token of it ends."""
    admin_office(session, actor, get_or_404(session, User, user_id, "user").office_id)
    password_hash = _hash_outside_write(session, password)
    with write(session):
        user = get_or_404(session, User, user_id, "user")
        admin_office(session, actor, user.office_id)
        user.password_hash = password_hash
        end_sessions(session, user)
        record(
            session,
            actor,
            "reset_password",
            "user",
            user.id,
            user.office_id,
            f"Đặt lại mật khẩu của {user.username}",
            {"password": ["***", "***"]},
        )
    return Outcome(admin_user_dict(user), access=[AccessChange(user_id=user.id)])
