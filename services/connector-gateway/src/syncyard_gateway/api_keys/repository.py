"""All SQL of the API-keys API; every statement is scoped by ``tenant_id``."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.auth.api_keys import api_key

_COLUMNS = (
    api_key.c.id,
    api_key.c.name,
    api_key.c.role,
    api_key.c.prefix,
    api_key.c.created_at,
    api_key.c.last_used_at,
    api_key.c.revoked_at,
)


async def add(session: AsyncSession, **values: Any) -> dict[str, Any]:
    row = (await session.execute(insert(api_key).values(**values).returning(*_COLUMNS))).one()
    return dict(row._mapping)


async def list_for_tenant(session: AsyncSession, *, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(*_COLUMNS).where(api_key.c.tenant_id == tenant_id).order_by(api_key.c.created_at)
    )
    return [dict(row._mapping) for row in rows]


async def revoke(
    session: AsyncSession, *, tenant_id: uuid.UUID, key_id: uuid.UUID, now: datetime
) -> bool:
    """True if the tenant has this key (revoking twice is harmless: the first time stays)."""
    found = await session.execute(
        update(api_key)
        .where(api_key.c.tenant_id == tenant_id, api_key.c.id == key_id)
        .values(revoked_at=func.coalesce(api_key.c.revoked_at, now))
        .returning(api_key.c.id)
    )
    return found.first() is not None
