"""SSRF guard (R26): user-supplied base URLs must be https and resolve to public addresses.

The checks are the shared address guard's (syncyard_common.egress.address_guard); at call
time the gateway's HTTP clients connect only to the address that guard resolved and checked
(egress/pinning.py), so a DNS answer that changes after the check is never used.
"""

from pydantic import BaseModel

from syncyard_common.egress import address_guard


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


async def check_url(url: str, *, allow_private: bool, field: str = "url") -> None:
    """Raise TargetNotAllowed unless ``url`` is an https URL whose every address is public."""
    try:
        target = address_guard.parse(url, allow_private=allow_private)
        if not allow_private:
            await address_guard.resolve(target, allow_private=False)
    except address_guard.TargetRefused as exc:
        raise TargetNotAllowed(field, str(exc)) from None


async def check_credentials(credentials: BaseModel, *, allow_private: bool) -> None:
    """Check every address-like field of a connection's credentials."""
    for field, url in target_urls(credentials).items():
        await check_url(url, allow_private=allow_private, field=field)
