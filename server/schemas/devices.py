"""Paired devices on the wire (design §5): kiosks, displays, rating tablets, their settings.

A device's `settings` is one object whose keys depend on its kind: a kiosk's printer and paper,
a lobby display's filters. Keys a kind does not use are accepted and not kept. A device's token
is shown once, in the answer that creates it; no other answer carries it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from server.models.enums import DeviceKind, PrinterStatus
from server.printing.printers import AGENT, BROWSER, parse_printer_url
from server.printing.profiles import DEFAULT_PAPER_WIDTH, PAPER_WIDTHS, check_profile
from server.schemas.fields import Flag, Id, IdList, clean_text, invalid, missing, text

# The kinds that stand at one counter and name it.
COUNTER_KINDS = frozenset({DeviceKind.COUNTER_DISPLAY, DeviceKind.RATING})


def _printer(value: str) -> str:
    """`agent` (also for a blank), `browser:`, or a printer URL the server can open."""
    printer = clean_text(value, 200) or AGENT
    if printer in (AGENT, BROWSER):
        return printer
    try:
        parse_printer_url(printer)
    except ValueError as error:
        raise invalid("địa chỉ máy in không hợp lệ (ví dụ tcp://10.0.0.5:9100)") from error
    return printer


def _profile(value: str) -> str:
    """A printer model as python-escpos spells it, or "" for none."""
    name = clean_text(value, 64)
    if not name:
        return ""
    try:
        return check_profile(name)
    except ValueError as error:
        raise invalid("mẫu máy in không có trong danh sách của python-escpos") from error


def _paper_width(value: int) -> int:
    """One of the widths a ticket is drawn for."""
    if value not in PAPER_WIDTHS:
        raise invalid("khổ giấy: 576 (80 mm), 512 hoặc 384 (58 mm)")
    return value


Printer = Annotated[
    StrictStr,
    AfterValidator(_printer),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 200,
            "examples": [AGENT, BROWSER, "tcp://10.0.0.5:9100", "usb://0416:5011?profile=POS-5890"],
        }
    ),
]
PrinterProfile = Annotated[
    StrictStr,
    AfterValidator(_profile),
    WithJsonSchema({"type": "string", "maxLength": 64, "examples": ["TM-T20II", "POS-5890"]}),
]
PaperWidth = Annotated[
    StrictInt,
    AfterValidator(_paper_width),
    WithJsonSchema({"type": "integer", "enum": list(PAPER_WIDTHS)}),
]


# -- Requests ----------------------------------------------------------------------------------


class DeviceSettingsSent(BaseModel):
    """A device's settings: a kiosk reads the printer keys, a lobby display the others."""

    printer: Printer | None = Field(
        default=None,
        description=f"kiosk: `{AGENT}` (default; the print agent on the kiosk PC prints), "
        f"`{BROWSER}` (the kiosk page prints), or a printer the server prints to: tcp://HOST:PORT, "
        "usb://VID:PID, serial://…, cups://QUEUE, win32://NAME, with `?profile=MODEL`",
    )
    printer_profile: PrinterProfile | None = Field(
        default=None,
        description="kiosk: the printer model as python-escpos names it; it sets the paper width "
        "and lets the printer draw the QR code itself",
    )
    paper_width: PaperWidth | None = Field(
        default=None,
        description="kiosk: dots of the ticket: 576 (80 mm), 512 (some Epson 80 mm), 384 (58 mm); "
        f"by default the model's, else {DEFAULT_PAPER_WIDTH}",
    )
    counter_ids: IdList | None = Field(
        default=None,
        description="lobby display: show only these counters of the office (none: all)",
    )
    service_ids: IdList | None = Field(
        default=None,
        description="lobby display: show only these services of the office (none: all)",
    )
    announce: Flag = Field(default=True, description="lobby display: play the call announcements")


def _settings_by_key(data: Any) -> Any:
    """Check `settings` first, its errors named by the key alone ("printer: …").

    The admin form shows each setting as its own input, under the setting's name. The body is
    passed on as sent (a refusal's details must stay plain JSON); `settings` is then read again.
    """
    if isinstance(data, dict) and isinstance(data.get("settings"), dict):
        DeviceSettingsSent.model_validate(data["settings"])
    return data


class NewDevice(BaseModel):
    """POST /admin/offices/<id>/devices: a device of the office; counter screens name a counter."""

    kind: DeviceKind
    name: text(200, required=True)  # type: ignore[valid-type]
    counter_id: Id | None = Field(
        default=None,
        validate_default=True,
        description="the counter of a `counter_display` or `rating` device (required for them)",
    )
    settings: DeviceSettingsSent | None = None

    settings_first = model_validator(mode="before")(_settings_by_key)

    @field_validator("counter_id")
    @classmethod
    def _counter_for_counter_kinds(cls, value: int | None, info: ValidationInfo) -> int | None:
        """A counter screen or rating tablet stands at a counter, which must be named."""
        if value is None and info.data.get("kind") in COUNTER_KINDS:
            raise missing()
        return value


class DeviceChanges(BaseModel):
    """PATCH /admin/devices/<id>: a new name, or settings that replace the old ones."""

    name: text(200, required=True) = None  # type: ignore[valid-type]
    settings: DeviceSettingsSent | None = Field(
        default=None, description="replaces every setting; null returns to the defaults"
    )

    settings_first = model_validator(mode="before")(_settings_by_key)


class PrinterStatusSent(BaseModel):
    """POST /devices/printer-status: the kiosk's print agent says how its printer is."""

    status: PrinterStatus


# -- Answers -----------------------------------------------------------------------------------


class DeviceSettings(BaseModel):
    """The settings a device keeps (see DeviceSettingsSent); a key not set is left out."""

    printer: str | None = None
    printer_profile: str | None = None
    paper_width: int | None = None
    counter_ids: list[int] | None = None
    service_ids: list[int] | None = None
    announce: bool | None = None


class Device(BaseModel):
    """A paired device, never its token."""

    model_config = ConfigDict(extra="forbid")

    id: int
    kind: DeviceKind
    office_id: int
    counter_id: int | None
    name: str
    settings: DeviceSettings
    printer_status: PrinterStatus | None = Field(description="a kiosk's printer, as last reported")
    revoked: bool


class AdminDevice(Device):
    """A device as the admin pages list it."""

    kind_name: str = Field(description="the kind in Vietnamese, e.g. Kiosk cấp số")
    counter_number: str | None
    created_at: datetime
    revoked_at: datetime | None
    printer_status_at: datetime | None = Field(description="when the kiosk last reported")
    printer_message: str | None = Field(description="the printer state in Vietnamese, for staff")
    printer_level: Literal["alert", "warning"] | None = Field(
        description="`alert`: no ticket prints; `warning`: it prints but needs care soon"
    )


class PairedDevice(BaseModel):
    """A new device with what pairs it: its token, link and QR code (in this answer only)."""

    device: AdminDevice
    token: str = Field(description="shown once; the server keeps only its hash")
    pairing_url: str = Field(description="the page the device opens once, on XEPHANG_PUBLIC_URL")
    pairing_qr_svg: str = Field(description="the pairing link as a QR code (SVG)")
    public_url_configured: bool = Field(
        description="false: XEPHANG_PUBLIC_URL is not set, so the link's address is a guess"
    )


class KioskPrinterStatus(BaseModel):
    """A kiosk's printer state, worded for its screen (the `printer_status` event too)."""

    device_id: int
    status: PrinterStatus | None
    message: str | None = Field(description="what the kiosk shows; null when the printer is ok")
    at: datetime | None
