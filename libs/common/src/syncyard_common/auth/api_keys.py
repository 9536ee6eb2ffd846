"""Per-tenant API keys for machine clients: where they live, and how every service checks one.

Where the keys live, and why: the connector gateway owns the table ``gateway.api_key`` (its
migration creates it, its ``/v1/api-keys`` routes create, list and revoke keys), and every
service reads it here, through its own engine on the one shared PostgreSQL. A key then works on
all five services the moment it is created and stops the moment it is revoked, with no call to
another service on the request path (the gateway being down does not lock machine clients out
of the others) and no second migration runner for a schema of its own. What other services do
with the table is exactly two statements: look a key up by its hash, and note when it was used.
The table is read before any tenant is known, so it must stay outside row-level security.

Only a SHA-256 of the secret is stored: the secret is 256 random bits, so a slow password hash
would add nothing but latency to every request; a leaked table lets nobody in.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from syncyard_common.auth.principal import Principal, Role

PREFIX = "sk_"
# last_used_at is written at most this often per key: one row update per request would make
# a busy machine client a hot row.
TOUCH_EVERY = timedelta(seconds=60)

api_key = Table(
    "api_key",
    MetaData(schema="gateway"),
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("name", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("secret_hash", String(64), nullable=False, unique=True),  # hex SHA-256
    Column(
        "prefix", String(12), nullable=False
    ),  # the secret's first characters, to tell keys apart
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)


def new_secret() -> str:
    """A fresh key as the client sends it: ``sk_`` and 43 URL-safe characters (256 bits)."""
    return PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def looks_like_key(credential: str) -> bool:
    return credential.startswith(PREFIX)


async def authenticate(connection: AsyncConnection, secret: str) -> Principal | None:
    """The key's tenant and role, or None for an unknown or revoked key; notes the use."""
    now = datetime.now(UTC)
    row = (
        await connection.execute(
            select(api_key.c.id, api_key.c.tenant_id, api_key.c.role, api_key.c.last_used_at)
            .where(api_key.c.secret_hash == hash_secret(secret))
            .where(api_key.c.revoked_at.is_(None))
        )
    ).first()
    if row is None:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        await connection.execute(
            update(api_key).where(api_key.c.id == row.id).values(last_used_at=now)
        )
        await connection.commit()
    return Principal(tenant_id=row.tenant_id, role=Role(row.role), subject=f"api-key:{row.id}")
