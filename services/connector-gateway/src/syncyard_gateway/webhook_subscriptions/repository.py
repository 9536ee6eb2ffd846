"""The one query of webhook subscriptions: when a signed webhook last reached a connection."""

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_gateway.webhooks.tables import webhook_inbox


async def last_delivery_at(session: AsyncSession, *, connection_id: uuid.UUID) -> datetime | None:
    """The newest inbox row's time (kept until the inbox purge drops it), None if none."""
    statement = select(func.max(webhook_inbox.c.received_at)).where(
        webhook_inbox.c.connection_id == connection_id
    )
    async with session.begin():
        found: datetime | None = (await session.execute(statement)).scalar_one()
    return found
