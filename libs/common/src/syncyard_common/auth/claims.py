"""Verified token claims → Principal: every claim checked, each failure named (pure, no I/O).

A signature proves who wrote the claims, not that they are well-formed: a ``tenant_id`` that is
a number, a list or an object must be a 401 naming the claim, never a 500 further down.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from syncyard_common.auth.principal import Principal, Role

# Strongest first: of several roles a token carries, the first found here wins.
_STRENGTH = (Role.ADMIN, Role.OPERATOR, Role.VIEWER)


class ClaimError(Exception):
    """A claim is missing or malformed; the message names it and says what was expected."""


@dataclass(frozen=True)
class ClaimRules:
    """Where the tenant and role are found, and how the issuer's role values map to ours."""

    tenant_claim: str = "tenant_id"
    role_claim: str = "role"
    role_map: Mapping[str, Role] = field(default_factory=dict)
    max_lifetime_seconds: int = 86400


def to_principal(claims: Mapping[str, Any], rules: ClaimRules) -> Principal:
    """The caller named by already-verified claims, or ClaimError saying which claim is wrong."""
    check_lifetime(claims, max_seconds=rules.max_lifetime_seconds)
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise ClaimError("The token's sub claim must be a non-empty string.")
    return Principal(
        tenant_id=_tenant(_find(claims, rules.tenant_claim), rules.tenant_claim),
        role=_role(_find(claims, rules.role_claim), rules),
        subject=subject,
    )


def check_lifetime(claims: Mapping[str, Any], *, max_seconds: int) -> None:
    """Both iat and exp are whole numbers and the token lives at most ``max_seconds``."""
    issued, expires = _seconds(claims, "iat"), _seconds(claims, "exp")
    if expires - issued > max_seconds:
        raise ClaimError(f"The token lives longer than the allowed {max_seconds} seconds.")
    if expires <= issued:
        raise ClaimError("The token's exp claim must be after its iat claim.")


def _seconds(claims: Mapping[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClaimError(f"The token's {name} claim must be a number (seconds since 1970).")
    return float(value)


def _find(claims: Mapping[str, Any], name: str) -> Any:
    """The claim by its full name (URL-like names hold dots), else by a dotted path."""
    if name in claims:
        return claims[name]
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _tenant(value: Any, name: str) -> uuid.UUID:
    if not isinstance(value, str):
        raise ClaimError(f"The token's {name} claim must be a tenant UUID as a string.")
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ClaimError(f"The token's {name} claim is not a UUID.") from None


def _role(value: Any, rules: ClaimRules) -> Role:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) for v in values):
        raise ClaimError(f"The token's {rules.role_claim} claim must be a role name or a list.")
    found = {_mapped(v, rules.role_map) for v in values} - {None}
    for role in _STRENGTH:
        if role in found:
            return role
    known = ", ".join(rules.role_map) if rules.role_map else ", ".join(Role)
    raise ClaimError(f"The token's {rules.role_claim} claim names no known role ({known}).")


def _mapped(value: str, role_map: Mapping[str, Role]) -> Role | None:
    if role_map:  # an issuer's own vocabulary: only what the operator mapped counts
        return role_map.get(value)
    try:
        return Role(value)
    except ValueError:
        return None
