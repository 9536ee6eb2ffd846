"""Mint and verify the development HS256 JWTs (signed with SYNCYARD_JWT_SECRET)."""

import uuid
from datetime import UTC, datetime, timedelta

import jwt

from syncyard_common.auth import claims as claims_module
from syncyard_common.auth.principal import Principal, Role

_ALGORITHM = "HS256"
_AUDIENCE = "syncyard"


class InvalidToken(Exception):
    """The credential is refused; the message tells the caller why (never a secret)."""


def mint(
    *,
    tenant_id: uuid.UUID,
    role: Role,
    secret: str,
    ttl_seconds: int = 3600,
    subject: str = "cli",
    now: datetime | None = None,
) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "sub": subject,
        "tenant_id": str(tenant_id),
        "role": role.value,
        "aud": _AUDIENCE,
        "iat": int(issued.timestamp()),
        "exp": int((issued + timedelta(seconds=ttl_seconds)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def decode(token: str, *, secret: str, max_lifetime_seconds: int = 86400) -> Principal:
    """The caller a development token names; InvalidToken saying why it is refused."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["exp", "iat", "sub", "tenant_id", "role"]},
        )
        rules = claims_module.ClaimRules(max_lifetime_seconds=max_lifetime_seconds)
        return claims_module.to_principal(claims, rules)
    except jwt.ExpiredSignatureError:
        raise InvalidToken("The token has expired.") from None
    except jwt.PyJWTError as exc:
        raise InvalidToken(f"The token is invalid: {exc}.") from None
    except claims_module.ClaimError as exc:
        raise InvalidToken(str(exc)) from None
