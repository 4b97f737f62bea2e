"""The server's public address: the base of pairing links and ticket QR codes.

It comes from `XEPHANG_PUBLIC_URL`, never from a request's Host header: a forged Host would
otherwise put another site into a printed QR code or a pairing link. When the setting is unset,
`xephang run` notes the address it serves on (`PUBLIC_URL_FALLBACK`) and says so in its log.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping
from typing import Any

FALLBACK_SETTING = "PUBLIC_URL_FALLBACK"  # set by `xephang run`; not an environment setting
LAST_RESORT = "http://127.0.0.1:5000"  # the default `xephang run` address
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


def public_base_url(config: Mapping[str, Any]) -> str:
    """The base URL links are built on, without a trailing slash."""
    base = config.get("PUBLIC_URL") or config.get(FALLBACK_SETTING) or LAST_RESORT
    return str(base).rstrip("/")


def is_configured(config: Mapping[str, Any]) -> bool:
    """Whether an operator set XEPHANG_PUBLIC_URL."""
    return bool(config.get("PUBLIC_URL"))


def serving_url(host: str, port: int) -> str:
    """The address `xephang run --host H --port P` is reached on from the LAN, as well as known."""
    if host in WILDCARD_HOSTS:
        host = lan_address() or "127.0.0.1"
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass  # a host name
    return f"http://{host}:{port}"


def lan_address() -> str | None:
    """This machine's address on its default route (no packet is sent), or None offline."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
        address: str = probe.getsockname()[0]
        return address
    except OSError:
        return None
    finally:
        probe.close()


def unset_warning(base_url: str) -> str:
    """What the log, the demo tour and the admin pages say while XEPHANG_PUBLIC_URL is unset."""
    return (
        f"XEPHANG_PUBLIC_URL is not set: pairing links and ticket QR codes use {base_url}, "
        "the address this server guessed; set XEPHANG_PUBLIC_URL to the address devices and "
        "citizens' phones reach (docs/configuration.md)"
    )
