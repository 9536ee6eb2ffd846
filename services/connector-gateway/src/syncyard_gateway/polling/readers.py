"""All SQL of what active flows read from each connection (the orchestrator's snapshots)."""

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_gateway.polling.repository import Db
from syncyard_gateway.polling.tables import poll_cursor, poll_reader


async def store_snapshot(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    reads: dict[uuid.UUID, list[str]],
    as_of: datetime,
) -> bool:
    """Replace the integration's rows by this snapshot; False (nothing changed) if older."""
    # Row locks serialise two snapshots of one integration (two first ones race on the key:
    # the loser is retried and then compares).
    stored = (
        await session.execute(
            select(poll_reader.c.as_of)
            .where(poll_reader.c.integration_id == integration_id)
            .with_for_update()
        )
    ).scalars()
    newest = max(stored, default=None)
    if newest is not None and newest > as_of:
        return False  # a late message: a newer snapshot is already here
    await session.execute(delete(poll_reader).where(poll_reader.c.integration_id == integration_id))
    rows = [
        {
            "integration_id": integration_id,
            "connection_id": connection_id,
            "tenant_id": tenant_id,
            "entities": sorted(set(entities)),
            "as_of": as_of,
        }
        for connection_id, entities in reads.items()
    ]
    if rows:
        await session.execute(poll_reader.insert(), rows)
    return True


async def entities_read(db: Db, *, connection_id: uuid.UUID) -> frozenset[str]:
    """What some integration's active flows read from the connection."""
    rows = await db.execute(
        select(func.unnest(poll_reader.c.entities)).where(
            poll_reader.c.connection_id == connection_id
        )
    )
    return frozenset(str(row[0]) for row in rows)


async def forget_feeds(db: Db, *, connection_id: uuid.UUID, keep: list[str]) -> None:
    """Drop the positions of feeds nobody reads: when a flow reads one again, it starts from
    that moment (like a new connection), not with every change made while it was off."""
    await db.execute(
        delete(poll_cursor).where(
            poll_cursor.c.connection_id == connection_id, poll_cursor.c.entity.not_in(keep)
        )
    )
