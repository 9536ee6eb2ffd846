"""Consumer-side dedupe: a message id handled once per consumer, recorded in its transaction."""

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def claim(
    session: AsyncSession, *, schema: str, consumer: str, message_id: uuid.UUID
) -> bool:
    """Insert the inbox row; False when this consumer already handled the message."""
    result = await session.execute(
        text(
            f'INSERT INTO "{schema}".inbox (consumer, message_id) VALUES (:consumer, :id) '
            "ON CONFLICT DO NOTHING RETURNING message_id"
        ),
        {"consumer": consumer, "id": message_id},
    )
    return result.first() is not None


async def was_handled(
    session: AsyncSession, *, schema: str, consumer: str, message_id: uuid.UUID
) -> bool:
    """A cheap read before expensive work; the claim in the write transaction stays the guard."""
    result = await session.execute(
        text(f'SELECT 1 FROM "{schema}".inbox WHERE consumer = :consumer AND message_id = :id'),
        {"consumer": consumer, "id": message_id},
    )
    return result.first() is not None
