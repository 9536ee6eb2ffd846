"""All SQL of health checks: claim the due ones (once across replicas), record results."""

import uuid
from datetime import datetime

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from syncyard_gateway.health_checks.tables import health_check
from syncyard_gateway.schema import SCHEMA

# Claiming moves ``next_check_at`` forward in the same statement: a replica that races us
# for a row waits on its lock, then finds it no longer due. A connection never checked is
# first due one interval after it was created.
_CLAIM = text(
    f"""
    WITH due AS (
        SELECT c.id
        FROM {SCHEMA}.connection c
        LEFT JOIN {SCHEMA}.health_check h ON h.connection_id = c.id
        WHERE coalesce(h.next_check_at, c.created_at + make_interval(secs => :interval)) <= :now
        ORDER BY coalesce(h.next_check_at, c.created_at)
        LIMIT :limit
    )
    INSERT INTO {SCHEMA}.health_check AS h (connection_id, next_check_at, unreachable_checks)
    SELECT id, :next_check_at, 0 FROM due
    ON CONFLICT (connection_id) DO UPDATE SET next_check_at = excluded.next_check_at
    WHERE h.next_check_at <= :now
    RETURNING h.connection_id, h.unreachable_checks
    """
)


async def claim_due(
    db: AsyncConnection | AsyncSession,
    *,
    now: datetime,
    interval: float,
    next_check_at: datetime,
    limit: int,
) -> dict[uuid.UUID, int]:
    """Connections this replica checks now → their unreachable checks in a row so far."""
    params = {"now": now, "interval": interval, "next_check_at": next_check_at, "limit": limit}
    return {row[0]: row[1] for row in await db.execute(_CLAIM, params)}


async def record_result(
    db: AsyncConnection | AsyncSession,
    *,
    connection_id: uuid.UUID,
    checked_at: datetime,
    unreachable_checks: int,
    last_error: str | None,
) -> None:
    await db.execute(
        update(health_check)
        .where(health_check.c.connection_id == connection_id)
        .values(
            last_checked_at=checked_at,
            unreachable_checks=unreachable_checks,
            last_error=last_error,
        )
    )
