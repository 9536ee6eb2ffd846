"""SSRF guard (R26): user-supplied base URLs must be https and resolve to public addresses."""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from pydantic import BaseModel


class TargetNotAllowed(ValueError):
    """A credentials field points somewhere the gateway must not call."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def target_urls(credentials: BaseModel) -> dict[str, str]:
    """Field name → URL for every credentials field that names a remote address."""
    urls: dict[str, str] = {}
    for name, value in credentials:
        if not isinstance(value, str) or not value:
            continue
        if name.endswith("url"):
            urls[name] = value
        elif name.endswith("_domain"):
            urls[name] = f"https://{value}"
    return urls


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def _resolve(host: str, port: int) -> list[str]:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return [host]
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def check_url(url: str, *, allow_private: bool, field: str = "url") -> None:
    """Raise TargetNotAllowed unless ``url`` is an https URL whose every address is public."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetNotAllowed(field, "is not a valid URL") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise TargetNotAllowed(field, "must be an absolute https URL")
    if parts.username is not None or parts.password is not None:
        raise TargetNotAllowed(field, "must not contain a user name or password")
    if allow_private:
        return
    if parts.scheme != "https":
        raise TargetNotAllowed(field, "must use https")
    try:
        addresses = await _resolve(parts.hostname, port or 443)
    except OSError:
        raise TargetNotAllowed(field, f"host {parts.hostname!r} could not be resolved") from None
    if not addresses or not all(_is_public(address) for address in addresses):
        raise TargetNotAllowed(field, "must resolve to public internet addresses only")


async def check_credentials(credentials: BaseModel, *, allow_private: bool) -> None:
    """Check every address-like field of a connection's credentials."""
    for field, url in target_urls(credentials).items():
        await check_url(url, allow_private=allow_private, field=field)
