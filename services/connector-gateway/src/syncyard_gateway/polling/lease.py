"""The poll lease: one replica polls a connection at a time (R18), fenced at every commit.

Times come from the database clock so replicas with skewed clocks still agree on expiry."""

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from syncyard_gateway.schema import SCHEMA

_ACQUIRE = text(
    f"INSERT INTO {SCHEMA}.poll_lease AS lease (connection_id, holder, expires_at) "
    "VALUES (:connection_id, :holder, clock_timestamp() + make_interval(secs => :ttl)) "
    "ON CONFLICT (connection_id) DO UPDATE "
    "SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE lease.expires_at < clock_timestamp() OR lease.holder = excluded.holder "
    "RETURNING lease.holder"
)
# Extends the lease only while this holder still has it; the row lock it takes also makes a
# competing acquire wait until the caller's transaction ends (the fence of a page commit).
_HOLD = text(
    f"UPDATE {SCHEMA}.poll_lease "
    "SET expires_at = clock_timestamp() + make_interval(secs => :ttl) "
    "WHERE connection_id = :connection_id AND holder = :holder RETURNING holder"
)
_RELEASE = text(
    f"DELETE FROM {SCHEMA}.poll_lease WHERE connection_id = :connection_id AND holder = :holder"
)


class LeaseLost(RuntimeError):
    """Another replica took the connection over (this one was too slow to renew)."""


async def acquire(
    conn: AsyncConnection, *, connection_id: uuid.UUID, holder: str, ttl: float
) -> bool:
    """Take the lease if it is free, expired or already ours; True when we hold it now."""
    params = {"connection_id": connection_id, "holder": holder, "ttl": ttl}
    return (await conn.execute(_ACQUIRE, params)).first() is not None


async def hold(
    db: AsyncConnection | AsyncSession, *, connection_id: uuid.UUID, holder: str, ttl: float
) -> None:
    """Renew the lease inside the caller's transaction; raise LeaseLost when it is not ours."""
    params = {"connection_id": connection_id, "holder": holder, "ttl": ttl}
    if (await db.execute(_HOLD, params)).first() is None:
        raise LeaseLost(f"the poll lease of connection {connection_id} is held by another")


async def release(conn: AsyncConnection, *, connection_id: uuid.UUID, holder: str) -> None:
    await conn.execute(_RELEASE, {"connection_id": connection_id, "holder": holder})
