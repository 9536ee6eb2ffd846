"""SSRF guard (R26) for webhook URLs: https only, no userinfo, public addresses only.

Checked when a channel is saved and again at every send; the sender then connects to the
address validated here (with the original Host and SNI), so DNS cannot be re-pointed at an
internal address between the check and the connection. ``allow_private`` (tests and local
demos only) admits http:// and private/loopback addresses.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(ValueError):
    """A URL the notifier will not send to; the message says why."""


@dataclass(frozen=True)
class Target:
    """A parsed, syntactically allowed webhook URL."""

    url: str
    scheme: str
    host: str
    port: int
    path: str  # path plus "?query", never empty


def parse(url: str, *, allow_private: bool) -> Target:
    """Check scheme, userinfo and host of a URL without touching the network."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise TargetRefused(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    allowed = {"https", "http"} if allow_private else {"https"}
    if scheme not in allowed:
        raise TargetRefused("only https:// URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused("URLs with a user name or password are not allowed")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise TargetRefused("the URL has no host")
    if parts.fragment:
        raise TargetRefused("URLs with a #fragment are not allowed")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        check_address(literal, allow_private=allow_private)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    default_port = 443 if scheme == "https" else 80
    return Target(url=url, scheme=scheme, host=host, port=port or default_port, path=path)


def check_address(address: IPAddress, *, allow_private: bool) -> IPAddress:
    """Refuse loopback, private, link-local (cloud metadata), ULA, multicast and reserved."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if allow_private:
        return address
    if not address.is_global or address.is_multicast or address.is_reserved:
        raise TargetRefused(f"the address {address} is not a public internet address")
    return address


async def resolve(target: Target, *, allow_private: bool) -> IPAddress:
    """Resolve the host; every address must pass, and the first is the one to connect to."""
    try:
        literal = ipaddress.ip_address(target.host)
    except ValueError:
        literal = None
    if literal is not None:
        return check_address(literal, allow_private=allow_private)
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise TargetRefused(f"the host {target.host} does not resolve") from exc
    # A scoped IPv6 address ("fe80::1%eth0") carries its zone after "%".
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise TargetRefused(f"the host {target.host} does not resolve")
    checked = [check_address(address, allow_private=allow_private) for address in addresses]
    return checked[0]
