"""Consumer-side dedupe: a message id handled once per consumer, recorded in its transaction."""

import functools
import uuid
from datetime import datetime

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from syncyard_common.broker import outbox


async def claim(
    session: AsyncSession, *, schema: str, consumer: str, message_id: uuid.UUID
) -> bool:
    """Insert the inbox row; False when this consumer already handled the message."""
    result = await session.execute(_claim(schema), {"consumer": consumer, "id": message_id})
    return result.first() is not None


async def was_handled(
    session: AsyncSession, *, schema: str, consumer: str, message_id: uuid.UUID
) -> bool:
    """A cheap read before expensive work; the claim in the write transaction stays the guard."""
    result = await session.execute(_handled(schema), {"consumer": consumer, "id": message_id})
    return result.first() is not None


# Made once per schema (a text() parses its binds when built): every message passes here.
@functools.cache
def _claim(schema: str) -> TextClause:
    return text(
        f'INSERT INTO "{schema}".inbox (consumer, message_id) VALUES (:consumer, :id) '
        "ON CONFLICT DO NOTHING RETURNING message_id"
    )


@functools.cache
def _handled(schema: str) -> TextClause:
    return text(f'SELECT 1 FROM "{schema}".inbox WHERE consumer = :consumer AND message_id = :id')


async def purge_handled(engine: AsyncEngine, *, schema: str, before: datetime) -> int:
    """Forget message ids handled before ``before``. Safe only past the broker's redelivery
    horizon (``retention.INBOX_MINIMUM``): a copy arriving after its id is gone is handled again."""
    return await outbox.purge_in_batches(
        engine,
        f'DELETE FROM "{schema}".inbox WHERE (consumer, message_id) IN (SELECT consumer, '
        f'message_id FROM "{schema}".inbox WHERE handled_at < :before '
        f"LIMIT {outbox.PURGE_BATCH})",
        before=before,
    )
