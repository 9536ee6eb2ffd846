"""All SQL about channels; every read is scoped to a tenant."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_notifier.channels.tables import Channel


async def add(session: AsyncSession, *, channel: Channel) -> Channel:
    session.add(channel)
    await session.flush()
    return channel


async def get(
    session: AsyncSession, *, tenant_id: uuid.UUID, channel_id: uuid.UUID
) -> Channel | None:
    """One live channel of this tenant; another tenant's id reads as absent."""
    statement = select(Channel).where(
        Channel.id == channel_id,
        Channel.tenant_id == tenant_id,
        Channel.deleted_at.is_(None),
    )
    return (await session.execute(statement)).scalars().first()


async def lock(session: AsyncSession, *, tenant_id: uuid.UUID, channel_id: uuid.UUID) -> None:
    """Hold the channel's row until the transaction ends: one edit at a time (If-Match)."""
    statement = (
        select(Channel.id)
        .where(Channel.id == channel_id, Channel.tenant_id == tenant_id)
        .with_for_update()
    )
    await session.execute(statement)


async def lock_for_tenant(session: AsyncSession, *, tenant_id: uuid.UUID) -> Sequence[Channel]:
    """Every live channel of the tenant, locked in id order until the transaction ends: a
    delete counts on the others still being there (in_use.py). ``NO KEY UPDATE``: deletes and
    edits wait for each other, alerts queued meanwhile (which only reference a channel) do not."""
    statement = (
        select(Channel)
        .where(Channel.tenant_id == tenant_id, Channel.deleted_at.is_(None))
        .order_by(Channel.id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalars().all()


async def list_for_tenant(session: AsyncSession, *, tenant_id: uuid.UUID) -> Sequence[Channel]:
    statement = (
        select(Channel)
        .where(Channel.tenant_id == tenant_id, Channel.deleted_at.is_(None))
        .order_by(Channel.created_at, Channel.id)
    )
    return (await session.execute(statement)).scalars().all()


async def active_for_tenant(session: AsyncSession, *, tenant_id: uuid.UUID) -> Sequence[Channel]:
    """The channels new alerts go to: live and not disabled."""
    statement = select(Channel).where(
        Channel.tenant_id == tenant_id,
        Channel.deleted_at.is_(None),
        Channel.is_active.is_(True),
    )
    return (await session.execute(statement)).scalars().all()


async def mark_deleted(session: AsyncSession, *, channel: Channel, now: datetime) -> None:
    """Soft delete: the alert history keeps pointing at the row; the secret is wiped."""
    channel.deleted_at = now
    channel.is_active = False
    channel.signing_secret_sealed = None
    session.add(channel)
    await session.flush()


async def disable(session: AsyncSession, *, channel_id: uuid.UUID, reason: str) -> None:
    await session.execute(
        update(Channel)
        .where(Channel.id == channel_id)
        .values(is_active=False, disabled_reason=reason)
    )
