"""Printer models by their python-escpos profile name, and what that tells about drawing QR codes.

python-escpos keeps the ESC/POS capability database (escpos-printer-db): each profile says,
among other things, whether the model draws QR codes itself (`GS ( k`). A kiosk whose setting
`printer_profile` names such a model gets its ticket's QR code as that command, which the
printer draws: the server draws less and sends less. Without a profile the QR code is raster,
which every printer prints.
"""

from __future__ import annotations

import functools


def profile_names() -> list[str]:
    """Every profile name python-escpos knows, e.g. "TM-T20II"."""
    from escpos.capabilities import CAPABILITIES  # a ~0.3 s load, done on first use only

    return sorted(CAPABILITIES["profiles"])


def check_profile(name: str) -> str:
    """`name` if python-escpos knows it; ValueError (with a few valid names) if not."""
    if name not in profile_names():
        examples = ", ".join(n for n in profile_names() if n.startswith("TM-"))[:120]
        raise ValueError(f"unknown printer profile {name!r} (e.g. {examples}, default)")
    return name


@functools.lru_cache(maxsize=64)
def draws_qr(name: str | None) -> bool:
    """Whether a printer of that profile draws QR codes itself; False without a profile."""
    if not name:
        return False
    from escpos.capabilities import get_profile

    try:
        return bool(get_profile(name).supports("qrCode"))
    except KeyError:  # a profile that a newer or older python-escpos had
        return False
