"""Which addresses URL ingestion may connect to (the SSRF guard).

A URL names a host in many spellings that reach the same machine: ``127.0.0.1``,
``127.1``, ``2130706433``, ``0x7f000001``, ``[::ffff:127.0.0.1]``, or a DNS
name that resolves to any of them. Checking the text of the host is therefore
useless; the guard resolves the host once, checks every address it resolved
to, and hands back one checked address for the caller to connect to — so a DNS
answer that changes between the check and the connection (rebinding) cannot
slip past. Only globally routable unicast addresses pass by default; loopback,
private, link-local (the cloud metadata service at 169.254.169.254 included),
shared, reserved and multicast ranges are refused unless the operator names a
network explicitly (``VANBAN_FETCH_ALLOWED_NETWORKS``).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class BlockedAddress(Exception):
    """The host resolves to an address URL ingestion must not reach."""


def parse_networks(spec: str | Iterable[str]) -> tuple[IPNetwork, ...]:
    """Networks from ``"127.0.0.0/8, 10.1.2.3"`` or a list of such; ValueError on a bad one."""
    parts = [spec] if isinstance(spec, str) else list(spec)
    items = [item.strip() for part in parts for item in part.split(",")]
    return tuple(ipaddress.ip_network(item, strict=False) for item in items if item)


def _unmapped(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped or NAT64-style IPv6 address, if any."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
    return address


def is_public(address: IPAddress) -> bool:
    """Globally routable unicast: not loopback, private, link-local, shared or reserved."""
    plain = _unmapped(address)
    return plain.is_global and not plain.is_multicast


@dataclass(frozen=True)
class AddressGuard:
    """Resolves hosts and refuses non-public addresses outside ``allowed`` networks."""

    allowed: tuple[IPNetwork, ...] = ()

    def permits(self, address: IPAddress) -> bool:
        plain = _unmapped(address)
        if any(plain in net or address in net for net in self.allowed):
            return True
        return is_public(address)

    def resolve(self, host: str, port: int) -> str:
        """One address of ``host`` to connect to, every resolved address checked first.

        ``getaddrinfo`` reads every numeric spelling the C library accepts
        (``127.1``, decimal, hex, octal), so the check sees the address a
        connection would really reach. If any address of the name is refused,
        the whole name is: a name that mixes public and internal answers is a
        rebinding attempt, not a document site.
        """
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise BlockedAddress(f"cannot resolve host {host!r}") from exc
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        if not addresses:
            raise BlockedAddress(f"cannot resolve host {host!r}")
        refused = [a for a in addresses if not self.permits(a)]
        if refused:
            raise BlockedAddress(
                f"refused: {host!r} resolves to a non-public address ({refused[0]}); "
                "allow it with VANBAN_FETCH_ALLOWED_NETWORKS"
            )
        return str(addresses[0])
