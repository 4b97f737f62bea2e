"""The server's public address: the base of pairing links and ticket QR codes.

It comes from `XEPHANG_PUBLIC_URL`, never from a request's Host header: a forged Host would
otherwise put another site into a printed QR code or a pairing link. When the setting is unset,
`xephang run` notes the address it serves on (`PUBLIC_URL_FALLBACK`) and says so in its log; it
also leaves that address in its instance folder, so that a command run beside it (`xephang
ticket-preview --ticket-id`) draws the same QR codes as the server prints.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

FALLBACK_SETTING = "PUBLIC_URL_FALLBACK"  # set by `xephang run`; not an environment setting
LAST_RESORT = "http://127.0.0.1:5000"  # the default `xephang run` address
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})
SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address
SERVED_URL_FILE = "served-url"  # in the instance folder: the address `xephang run` guessed


def public_base_url(config: Mapping[str, Any]) -> str:
    """The base URL links are built on, without a trailing slash."""
    base = config.get("PUBLIC_URL") or config.get(FALLBACK_SETTING) or LAST_RESORT
    return str(base).rstrip("/")


def is_configured(config: Mapping[str, Any]) -> bool:
    """Whether an operator set XEPHANG_PUBLIC_URL."""
    return bool(config.get("PUBLIC_URL"))


def is_loopback(base_url: str) -> bool:
    """Whether links on `base_url` reach only this machine (127.0.0.1, ::1, localhost)."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    """This machine's address on the office network, as well as known; None with loopback only.

    The address of the interface the default route leaves by (no packet is sent). An office LAN
    without a gateway has no default route: then the address of an interface, a private one
    first, so that a phone on the office network can open the links and QR codes.
    """
    return route_source("192.0.2.1") or best_address(interface_addresses())


def route_source(target: str) -> str | None:
    """The local address a packet to `target` would leave from, or None without a route."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect((target, 9))  # TEST-NET-1: only picks the outgoing interface
        address: str = probe.getsockname()[0]
        return address
    except OSError:
        return None
    finally:
        probe.close()


def interface_addresses() -> list[str]:
    """IPv4 addresses of this machine: its interfaces' on Linux, else what its name resolves to."""
    found = _linux_interface_addresses() if sys.platform.startswith("linux") else []
    if not found:
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        except OSError:
            return []
        found = [str(info[4][0]) for info in infos]
    return list(dict.fromkeys(found))


def _linux_interface_addresses() -> list[str]:
    """Each interface's IPv4 address, asked of the kernel (SIOCGIFADDR)."""
    import fcntl  # POSIX only; this runs on Linux

    found = []
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for _, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request)
            except OSError:
                continue  # an interface without an IPv4 address
            found.append(socket.inet_ntoa(answer[20:24]))
    except OSError:
        return found
    finally:
        probe.close()
    return found


def best_address(addresses: list[str]) -> str | None:
    """The address phones on the LAN most likely reach: private first; never loopback."""
    usable = []
    for address in addresses:
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            continue
        if not (parsed.is_loopback or parsed.is_link_local or parsed.is_unspecified):
            usable.append(parsed)
    usable.sort(key=lambda parsed: not parsed.is_private)  # stable: interface order otherwise
    return str(usable[0]) if usable else None


def unset_warning(base_url: str) -> str:
    """What the log, the demo tour and the admin pages say while XEPHANG_PUBLIC_URL is unset."""
    return (
        f"XEPHANG_PUBLIC_URL is not set: pairing links and ticket QR codes use {base_url}, "
        "the address this server guessed; set XEPHANG_PUBLIC_URL to the address devices and "
        "citizens' phones reach (docs/configuration.md)"
    )


def remember_served_url(instance_path: str, base_url: str) -> None:
    """Leave the guessed address where commands run beside the server find it (best effort)."""
    try:
        folder = Path(instance_path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SERVED_URL_FILE).write_text(base_url + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only instance folder: commands then fall back to LAST_RESORT


def served_url(instance_path: str) -> str | None:
    """The address the server last guessed for itself, if it left one."""
    try:
        text = (Path(instance_path) / SERVED_URL_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text if text.startswith(("http://", "https://")) else None
