"""All SQL about the webhook inbox."""

import uuid
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_gateway.webhooks.tables import webhook_inbox


async def claim(
    session: AsyncSession,
    *,
    connection_id: uuid.UUID,
    source_event_key: str,
    topic: str,
    outcome: str,
    received_at: datetime,
) -> bool:
    """Record a webhook's event key; False when this connection already took it in."""
    result = await session.execute(
        insert(webhook_inbox)
        .values(
            connection_id=connection_id,
            source_event_key=source_event_key,
            topic=topic,
            outcome=outcome,
            received_at=received_at,
        )
        .on_conflict_do_nothing(index_elements=["connection_id", "source_event_key"])
        .returning(webhook_inbox.c.connection_id)
    )
    return result.first() is not None
