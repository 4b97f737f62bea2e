"""Staff accounts and sign-in on the wire (design §5): users, credentials, tokens, who calls.

A user's password hash never leaves the server: the answer models forbid any field they do not
name, so a test that checks answers against the document catches a leak.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from server.models.enums import Role
from server.rules.ids import MAX_ID
from server.schemas.devices import Device
from server.schemas.fields import (
    Flag,
    NewPassword,
    Username,
    absent_as_null,
    invalid,
    text,
    whole_number,
)

FullName = text(200, required=True)


def _string(value: Any) -> Any:
    """Sign-in takes any text; anything else (a number, a list, null) is an invalid value."""
    if value is None:
        raise invalid("bắt buộc phải nhập")
    if not isinstance(value, str):
        raise invalid("phải là chuỗi ký tự")
    return value


def _login_name(value: Any) -> str:
    """The name as typed, without the spaces around it (the account lookup and throttle agree)."""
    return str(_string(value)).strip()


LoginName = Annotated[str, BeforeValidator(_login_name), WithJsonSchema({"type": "string"})]
LoginPassword = Annotated[str, BeforeValidator(_string), WithJsonSchema({"type": "string"})]


# -- Requests ----------------------------------------------------------------------------------


class Credentials(BaseModel):
    """POST /auth/token and /auth/login: a username and password (a wrong pair is a 401)."""

    username: LoginName
    password: LoginPassword

    fill_absent = absent_as_null("username", "password")  # left out: 422 invalid_field


class NewUser(BaseModel):
    """POST /admin/offices/<id>/users: an account of the office with its first password."""

    username: Username
    full_name: FullName  # type: ignore[valid-type]
    role: Role = Role.CLERK
    password: NewPassword


class UserChanges(BaseModel):
    """PATCH /admin/users/<id>: what is sent changes; what is left out stays (null is refused)."""

    full_name: FullName = None  # type: ignore[valid-type]
    role: Role = Field(None)  # type: ignore[assignment]
    active: Flag = Field(
        default=None, description="false disables the account and ends its sessions"
    )  # type: ignore[assignment]
    office_id: whole_number(1, MAX_ID) = Field(  # type: ignore[valid-type]
        None, description="move the account to another office the admin manages"
    )


class PasswordReset(BaseModel):
    """POST /admin/users/<id>/password: the new password (every session of the user ends)."""

    password: NewPassword


# -- Answers -----------------------------------------------------------------------------------


class User(BaseModel):
    """A staff account, never its password hash."""

    model_config = ConfigDict(extra="forbid")

    id: int
    username: str
    full_name: str
    role: Role
    office_id: int
    active: bool


class AdminUser(User):
    """A staff account as the admin pages list it."""

    created_at: datetime


class IssuedToken(BaseModel):
    """A bearer token, shown once (the server keeps only its hash)."""

    token: str
    expires_at: datetime
    user: User


class LoginSession(BaseModel):
    """A browser login: the cookie is set; unsafe requests echo `csrf_token` as X-CSRF-Token."""

    user: User
    csrf_token: str


class Me(BaseModel):
    """Who calls: a user, a device, or nobody (both null)."""

    user: User | None
    device: Device | None
    csrf_token: str | None = Field(default=None, description="only for a browser login session")
