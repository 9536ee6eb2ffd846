"""Mint and verify HS256 JWTs."""

import uuid
from datetime import UTC, datetime, timedelta

import jwt

from syncyard_common.auth.principal import Principal, Role

_ALGORITHM = "HS256"
_AUDIENCE = "syncyard"


class InvalidToken(Exception):
    pass


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


def decode(token: str, *, secret: str) -> Principal:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["exp", "sub", "tenant_id", "role"]},
        )
        return Principal(
            tenant_id=uuid.UUID(claims["tenant_id"]),
            role=Role(claims["role"]),
            subject=str(claims["sub"]),
        )
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise InvalidToken(str(exc)) from exc
