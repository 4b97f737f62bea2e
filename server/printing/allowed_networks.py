"""Which addresses the server may open a network printer on (XEPHANG_PRINTER_NETWORKS).

A printer URL is set by an office's admin, but the server is the one that connects: without
a limit, `tcp://127.0.0.1:5432` or any host of the province's network turns "print a ticket"
into a port scanner whose answer is the printer status. Only addresses in the operator's
networks are ever connected to; a host name counts only when every address it resolves to is
allowed, and the connection goes to the address that was checked (no second lookup).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Private LAN ranges (RFC 1918 and IPv6 unique local); not loopback, not link-local.
DEFAULT_PRINTER_NETWORKS = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"


class AddressNotAllowed(Exception):
    """The printer's address is outside the allowed networks, or its name does not resolve."""


@dataclass(frozen=True)
class AllowedNetworks:
    """A set of networks; `check()` resolves a host and returns an address inside them."""

    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, text: str) -> AllowedNetworks:
        """Comma-separated CIDR networks (empty: none); ValueError names a bad entry."""
        networks = []
        for entry in (part.strip() for part in text.split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ValueError(f"{entry!r} is not a network such as 192.168.1.0/24") from None
        return cls(tuple(networks))

    def allows(self, address: str) -> bool:
        """Whether one IP address lies in an allowed network."""
        try:
            parsed: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
            parsed = parsed.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        return any(parsed in network for network in self.networks)

    def check(self, host: str, port: int) -> str:
        """The address to connect to for `host`; AddressNotAllowed unless all of it is allowed."""
        host = host.strip("[]")
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise AddressNotAllowed(f"{host}: cannot resolve ({error})") from error
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not addresses or not all(self.allows(address) for address in addresses):
            raise AddressNotAllowed(f"{host} is outside XEPHANG_PRINTER_NETWORKS")
        return addresses[0]
