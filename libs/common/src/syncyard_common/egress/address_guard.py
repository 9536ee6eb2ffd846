"""The address guard (R26) for every user-supplied URL: https only, no userinfo, public only.

One guard for the gateway's connection base URLs and the notifier's webhook channels, so the
two never disagree. Callers resolve once with :func:`resolve`, then connect to the address it
returned (keeping the original Host and SNI), so DNS cannot be re-pointed at an internal address
between the check and the connection. ``allow_private`` (tests and local demos only) admits
http:// and private/loopback addresses.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 ranges that carry (or route to) an IPv4 address or are otherwise never a public peer.
# Refused whole: a public server is reachable on its plain IPv4 or native IPv6 address.
_REFUSED_V6 = tuple(
    ipaddress.IPv6Network(network)
    for network in (
        "::/96",  # IPv4-compatible (deprecated): [::7f00:1] is 127.0.0.1
        "::ffff:0:0/96",  # IPv4-mapped
        "::ffff:0:0:0/96",  # IPv4-translated (RFC 2765)
        "64:ff9b::/96",  # NAT64 well-known prefix
        "64:ff9b:1::/48",  # NAT64 local-use prefix
        "2002::/16",  # 6to4, embeds an IPv4 address
        "2001::/32",  # Teredo, embeds an obfuscated IPv4 address
        "fec0::/10",  # site-local (deprecated, still routed internally by some stacks)
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
    )
)


class TargetRefused(ValueError):
    """A URL no service will call; the message says why."""


class HostUnresolved(TargetRefused):
    """The host has no address (now): nothing to call yet, nor anything private to refuse."""


@dataclass(frozen=True)
class Target:
    """A parsed, syntactically allowed URL."""

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
    literal = _literal(host)
    if literal is not None:
        check_address(literal, allow_private=allow_private)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    default_port = 443 if scheme == "https" else 80
    return Target(url=url, scheme=scheme, host=host, port=port or default_port, path=path)


def is_public(address: IPAddress) -> bool:
    """True for a global unicast address outside every IPv4-embedding IPv6 range."""
    if isinstance(address, ipaddress.IPv6Address) and any(
        address in network for network in _REFUSED_V6
    ):
        return False
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_loopback
    )


def check_address(address: IPAddress, *, allow_private: bool) -> IPAddress:
    """Refuse loopback, private, link-local (cloud metadata), ULA, site-local, multicast,
    reserved and every IPv6 form that embeds an IPv4 address."""
    if allow_private or is_public(address):
        return address
    raise TargetRefused(f"the address {address} is not a public internet address")


async def resolve_host(host: str, port: int, *, allow_private: bool) -> IPAddress:
    """Resolve ``host`` once; every address must pass, and the first is the one to connect to."""
    literal = _literal(host)
    if literal is not None:
        return check_address(literal, allow_private=allow_private)
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise HostUnresolved(f"the host {host} does not resolve") from exc
    # A scoped IPv6 address ("fe80::1%eth0") carries its zone after "%".
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise HostUnresolved(f"the host {host} does not resolve")
    checked = [check_address(address, allow_private=allow_private) for address in addresses]
    return checked[0]


async def resolve(target: Target, *, allow_private: bool) -> IPAddress:
    """Resolve a parsed target (see :func:`resolve_host`)."""
    return await resolve_host(target.host, target.port, allow_private=allow_private)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None
