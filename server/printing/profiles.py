"""Printer models as python-escpos's capability database knows them: paper width, native QR.

A kiosk names its model either as `?profile=` in its printer URL or as its `printer_profile`
setting. A model that draws QR codes itself (`GS ( k`) gets the ticket's QR code as that
command: the server draws less and sends less. Without a profile the QR code is raster, which
every printer prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

PAPER_WIDTHS = (576, 512, 384)  # dots the ticket raster is drawn for: 80 mm, 80 mm Epson, 58 mm
DEFAULT_PAPER_WIDTH = 576  # 80 mm, the common kiosk paper


@dataclass(frozen=True)
class PrinterProfile:
    """What xephang needs to know of a printer model."""

    name: str
    width_dots: int | None  # printable width; None when the database does not say
    native_qr: bool  # prints a QR code itself from GS ( k
    raster: bool  # prints GS v 0 raster images (every ticket is one)

    @property
    def paper_width(self) -> int | None:
        """The widest ticket raster that fits this model's paper, or None when unknown."""
        if self.width_dots is None:
            return None
        fitting = [width for width in PAPER_WIDTHS if width <= self.width_dots]
        return max(fitting) if fitting else None


@cache
def _profiles() -> dict[str, Any]:
    # The database loads (and pickles itself into ESCPOS_CAPABILITIES_PICKLE_DIR) on import.
    from escpos.capabilities import CAPABILITIES

    profiles: dict[str, Any] = CAPABILITIES["profiles"]
    return profiles


def profile_names() -> list[str]:
    """Every model name python-escpos knows, e.g. TM-T20II, TM-T88V, POS-5890."""
    return sorted(_profiles())


def printer_profile(name: str) -> PrinterProfile:
    """The profile of model `name` (case-insensitive); ValueError for an unknown model."""
    by_lower = {known.lower(): known for known in _profiles()}
    known = by_lower.get(name.strip().lower())
    if known is None:
        raise ValueError(f"unknown printer profile {name!r} (see python-escpos's profile list)")
    data = _profiles()[known]
    pixels = data.get("media", {}).get("width", {}).get("pixels")
    features = data.get("features", {})
    return PrinterProfile(
        name=known,
        width_dots=pixels if isinstance(pixels, int) else None,
        native_qr=bool(features.get("qrCode")),
        raster=bool(features.get("bitImageRaster")),
    )


def check_profile(name: str) -> str:
    """The model's name as python-escpos spells it; ValueError for an unknown model."""
    return printer_profile(name).name


@lru_cache(maxsize=64)
def draws_qr(name: str | None) -> bool:
    """Whether a printer of that model draws QR codes itself; False without a known profile."""
    if not name:
        return False
    try:
        return printer_profile(name).native_qr
    except ValueError:  # a profile that a newer or older python-escpos had
        return False
