"""The admin API's office notifier on the wire (design §12): which one, and its settings.

Credentials (`auth_header`, `access_token`) are stored but never shown back in full: answers
mask all but their last 4 characters. A credential left out (or null) of a PUT keeps the stored
one, so a form can be sent again without knowing it; sent as "" it is cleared.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema

from server.notifications.messages import MessageKind
from server.notifications.notifiers import NotifierKind
from server.schemas.fields import invalid, optional_text, text


def _web_address(value: str) -> str:
    if value and not value.startswith(("http://", "https://")):
        raise invalid("cần địa chỉ http:// hoặc https://")
    return value


def _header_line(value: str) -> str:
    name, colon, rest = value.partition(":")
    if value and (not colon or not name.strip() or not rest.strip() or " " in name.strip()):
        raise invalid("cần một dòng tiêu đề dạng 'Tên: giá trị'")
    return value


def _web_address_field() -> Any:
    """An http(s) URL, or empty."""
    return Annotated[
        optional_text(500),
        AfterValidator(_web_address),
        WithJsonSchema(
            {"type": ["string", "null"], "maxLength": 500, "description": "http(s) URL"}
        ),
    ]


def _secret_field(check: Any = None, description: str = "left out: unchanged") -> Any:
    """A credential: a text, or null (left out) to keep the stored one."""
    validators = [AfterValidator(check)] if check is not None else []
    return Annotated[
        text(1000) | None,
        *validators,
        WithJsonSchema({"type": ["string", "null"], "maxLength": 1000, "description": description}),
    ]


WebAddress = _web_address_field()
Secret = _secret_field()
HeaderLine = _secret_field(
    lambda value: None if value is None else _header_line(value),
    "a whole header line, 'Authorization: Bearer …'; left out: unchanged",
)
TemplateId = text(64, required=True)


class NotifierSettingsSent(BaseModel):
    """PUT /admin/offices/<id>/notifier: the notifier and what it needs.

    `http_sms`: `url` (placeholders `{phone}`, `{text}`, `{number}`, `{counter}`, `{code}`…),
    `method`, `auth_header`, `body_template`, `content_type`. `zalo_zns`: `access_token`,
    `templates` (an approved template id per message kind), `base_url`. `web_push` uses the
    server's VAPID key (XEPHANG_NOTIFY_VAPID_*). `log` needs nothing.
    """

    kind: NotifierKind
    url: WebAddress = ""  # type: ignore[valid-type]
    method: Literal["GET", "POST"] = "POST"
    auth_header: HeaderLine = None  # type: ignore[valid-type]
    body_template: optional_text(2000) = ""  # type: ignore[valid-type]
    content_type: optional_text(100) = ""  # type: ignore[valid-type]
    access_token: Secret = None  # type: ignore[valid-type]
    templates: dict[MessageKind, TemplateId] = Field(default_factory=dict)  # type: ignore[valid-type]
    base_url: WebAddress = ""  # type: ignore[valid-type]


class NotifierSettings(BaseModel):
    """An office's notifier as the admin page shows it, credentials masked."""

    office_id: int
    kind: NotifierKind
    url: str = ""
    method: Literal["GET", "POST"] = "POST"
    auth_header: str = Field("", description="masked: all but the last 4 characters")
    body_template: str = ""
    content_type: str = ""
    access_token: str = Field("", description="masked: all but the last 4 characters")
    templates: dict[MessageKind, str] = Field(default_factory=dict)
    base_url: str = ""


def mask(secret: Any) -> str:
    """A stored secret as answers show it: all but the last 4 characters hidden."""
    if not secret:
        return ""
    value = str(secret)
    return "•" * max(len(value) - 4, 4) + value[-4:] if len(value) > 4 else "•" * len(value)
