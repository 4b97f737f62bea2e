"""Passwords, user API tokens and device tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from server.db import write
from server.models import ApiToken, Device, DeviceKind, Role, User, utcnow
from server.offload import run_off_hub
from server.rules.errors import DomainError
from server.services.actor import Actor
from server.services.changes import AccessChange, Outcome
from server.services.presenters import user_dict

# A hash to compare against when the username is unknown, so timing doesn't reveal it.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")
# Every authenticated request runs these; built once (building costs more than running).
_DEVICE_BY_HASH = select(Device).where(Device.token_hash == bindparam("token_hash"))
_API_TOKEN_BY_HASH = select(ApiToken).where(ApiToken.token_hash == bindparam("token_hash"))


def hash_password(password: str) -> str:
    """Hash a password with scrypt (a memory-hard KDF), off the eventlet hub."""
    return run_off_hub(generate_password_hash, password, method="scrypt")


def password_matches(password_hash: str, password: str) -> bool:
    """Whether the password fits the stored hash; scrypt runs off the eventlet hub."""
    return run_off_hub(check_password_hash, password_hash, password)


def hash_token(token: str) -> str:
    """Tokens are high-entropy, so a plain SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh random bearer token."""
    return secrets.token_urlsafe(32)


def check_credentials(session: Session, username: str, password: str) -> User:
    """The active user with this username and password, or a 401."""
    user = session.scalars(select(User).where(User.username == username)).first()
    valid = password_matches(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not valid or not user.active:
        raise DomainError("invalid_credentials", "Sai tên đăng nhập hoặc mật khẩu", 401)
    return user


def issue_user_token(
    session: Session, user: User, ttl_hours: int, *, now: datetime | None = None
) -> dict[str, Any]:
    """Create a bearer token for a user; only its hash is stored."""
    now = now or utcnow()
    token = new_token()
    expires_at = now + timedelta(hours=ttl_hours)
    with write(session):
        session.add(
            ApiToken(
                user_id=user.id, token_hash=hash_token(token), created_at=now, expires_at=expires_at
            )
        )
    return {"token": token, "expires_at": expires_at.isoformat(), "user": user_dict(user)}


def actor_for_token(session: Session, token: str, *, now: datetime | None = None) -> Actor | None:
    """The user or device a bearer token belongs to, if it is valid now."""
    now = now or utcnow()
    digest = hash_token(token)
    # Devices first: kiosks, print agents and screens make most authenticated calls, so the
    # common case is one query. Both tables hold hashes of random 256-bit tokens: no overlap.
    device = session.scalars(_DEVICE_BY_HASH, {"token_hash": digest}).first()
    if device is not None:
        return Actor(device=device) if device.revoked_at is None else None
    api_token = session.scalars(_API_TOKEN_BY_HASH, {"token_hash": digest}).first()
    if api_token is None or api_token.revoked_at is not None or api_token.expires_at <= now:
        return None
    user = session.get(User, api_token.user_id)
    return Actor(user=user) if user is not None and user.active else None


def actor_for_login(session: Session, user_id: int, epoch: int) -> Actor | None:
    """The actor behind a browser login session, unless the user's sessions ended since."""
    user = session.get(User, user_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return Actor(user=user)


def end_sessions(session: Session, user: User, *, now: datetime | None = None) -> None:
    """End every login cookie and API token of a user (logout, password reset, disabling).

    Cookies carry the epoch they were issued under, so raising it voids them all; tokens are
    revoked. Sockets opened with either are closed by the credential sweep. Does not commit.
    """
    user.session_epoch += 1
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )


def revoke_token(session: Session, token: str) -> Outcome:
    """Revoke one user API token (the caller's own); the sockets opened with it close."""
    token_hash = hash_token(token)
    with write(session):
        session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return Outcome(None, access=[AccessChange(token_hash=token_hash)])


def sign_out(session: Session, user_id: int) -> Outcome:
    """End every login session and token of a user (logout); all the user's sockets close."""
    session.rollback()  # end the read that found the caller, so the write starts clean
    with write(session):
        user = session.get(User, user_id)
        if user is None:
            return Outcome(None)
        end_sessions(session, user)
    return Outcome(None, access=[AccessChange(user_id=user_id, signed_out=True)])


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    office_id: int,
    full_name: str = "",
) -> User:
    """Add a staff account (the command line's way; the admin API has its own with audit).

    The caller checked the password against the one rule (server/schemas/fields.py).
    """
    password_hash = hash_password(password)  # ~0.1 s of scrypt: not under the write lock
    with write(session):
        if session.scalars(select(User).where(User.username == username)).first():
            raise DomainError("username_taken", f"Tên đăng nhập {username} đã tồn tại", 409)
        user = User(
            username=username,
            password_hash=password_hash,
            full_name=full_name,
            role=Role(role),
            office_id=office_id,
        )
        session.add(user)
    return user


def create_device(
    session: Session,
    kind: str,
    office_id: int,
    name: str,
    counter_id: int | None = None,
    settings: dict[str, Any] | None = None,
) -> tuple[Device, str]:
    """Register a device; returns it with its token (shown once, stored hashed)."""
    if kind not in set(DeviceKind):
        raise DomainError("invalid_field", f"kind: phải là một trong {', '.join(DeviceKind)}", 422)
    needs_counter = kind in (DeviceKind.COUNTER_DISPLAY, DeviceKind.RATING)
    if needs_counter and counter_id is None:
        raise DomainError("invalid_field", f"{kind} cần --counter-id", 422)
    token = new_token()
    device = Device(
        kind=DeviceKind(kind),
        office_id=office_id,
        counter_id=counter_id if needs_counter else None,
        name=name,
        token_hash=hash_token(token),
        settings=settings or {},
    )
    with write(session):
        session.add(device)
    return device, token
