"""What the demo created, told as a tour: screen URLs, device pairing links, users and password."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import click

from server.models import DeviceKind
from server.public_url import unset_warning

TOUR_FILE = "demo-tour.json"


@dataclass(frozen=True)
class TourOffice:
    """An office of the demo."""

    id: int
    name: str
    code: str
    parent_id: int | None = None


@dataclass(frozen=True)
class TourUser:
    """A demo user; `counter_number` is the counter they normally work at."""

    username: str
    role: str
    full_name: str
    office_id: int
    counter_number: str | None = None


@dataclass(frozen=True)
class TourDevice:
    """A demo device with its token (the only place the token is kept)."""

    kind: str
    name: str
    office_id: int
    token: str
    counter_id: int | None = None
    counter_number: str | None = None


@dataclass
class DemoTour:
    """Everything the tour prints: filled in by `seed_demo`, saved in the instance folder."""

    password: str
    offices: list[TourOffice] = field(default_factory=list)
    users: list[TourUser] = field(default_factory=list)
    devices: list[TourDevice] = field(default_factory=list)

    def office_name(self, office_id: int) -> str:
        """The name of one of the demo's offices."""
        return next((office.name for office in self.offices if office.id == office_id), "")


def pairing_path(device: TourDevice) -> str:
    """The page a device opens, with its token: opening it once pairs the device."""
    query = urlencode({"token": device.token})
    if device.kind == DeviceKind.KIOSK:
        return f"/kiosk?{query}"
    if device.kind == DeviceKind.DISPLAY:
        return f"/display?{query}"
    if device.kind == DeviceKind.COUNTER_DISPLAY:
        return f"/display/counter/{device.counter_id}?{query}"
    if device.kind == DeviceKind.RATING:
        return f"/counter/{device.counter_id}/rating?{query}"
    raise ValueError(f"unknown device kind {device.kind!r}")


KIND_LABELS: dict[str, str] = {
    DeviceKind.KIOSK: "kiosk",
    DeviceKind.DISPLAY: "lobby display",
    DeviceKind.COUNTER_DISPLAY: "counter display",
    DeviceKind.RATING: "rating tablet",
}


def print_tour(tour: DemoTour, base_url: str, *, configured: bool = True) -> None:
    """Print the tour: screens, pairing links per office, then the users and their password.

    `configured` is false while XEPHANG_PUBLIC_URL is unset: the tour then says so first.
    """
    base = base_url.rstrip("/")
    echo = click.echo
    echo("")
    if not configured:
        echo(f"WARNING: {unset_warning(base)}.")
        echo("")
    echo(f"xephang demo — {tour.offices[0].name if tour.offices else 'no office'}")
    echo("")
    echo("Screens for staff:")
    echo(f"  clerk console        {base}/counter")
    echo(f"  manager dashboard    {base}/dashboard")
    echo(f"  API description      {base}/api/v1/openapi.json")
    echo("")
    echo("For citizens' phones (take a number from afar, book a time):")
    for office in tour.offices:
        echo(f"  {office.name}")
        echo(f"    public page        {base}/o/{office.id}")
        echo(f"    its poster QR code {base}/o/{office.id}/qr.svg")
    for office in tour.offices:
        devices = [device for device in tour.devices if device.office_id == office.id]
        if not devices:
            continue
        echo("")
        echo(f"Devices of {office.name} (office {office.id}); open each link once on its device:")
        for device in devices:
            label = KIND_LABELS.get(device.kind, device.kind)
            echo(f"  {label:<16} {device.name}")
            echo(f"    {base}{pairing_path(device)}")
    echo("")
    echo(f"Users (password for all: {tour.password}):")
    for user in tour.users:
        where = tour.office_name(user.office_id)
        if user.counter_number is not None:
            where = f"{where}, quầy {user.counter_number}"
        echo(f"  {user.username:<10} {user.role:<8} {user.full_name:<24} {where}")
    echo("")


def tour_path(instance_path: str) -> Path:
    """Where the tour is kept between runs of `xephang demo`."""
    return Path(instance_path) / TOUR_FILE


def save_tour(tour: DemoTour, instance_path: str) -> None:
    """Write the tour as JSON, readable by its owner only (it holds device tokens)."""
    path = tour_path(instance_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(tour), ensure_ascii=False, indent=2)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    path.chmod(0o600)  # the file may have existed with wider permissions


def load_tour(instance_path: str) -> DemoTour | None:
    """The saved tour, or None when there is none (or it cannot be read)."""
    path = tour_path(instance_path)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return DemoTour(
            password=data["password"],
            offices=[TourOffice(**office) for office in data["offices"]],
            users=[TourUser(**user) for user in data["users"]],
            devices=[TourDevice(**device) for device in data["devices"]],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
