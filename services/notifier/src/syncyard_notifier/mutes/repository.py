"""All SQL of mutes; every statement is scoped to a tenant."""

import uuid
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_notifier.mutes.tables import IntegrationMute


async def put(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    until: datetime,
    muted_by: str,
    now: datetime,
) -> IntegrationMute:
    """Mute (or move the end of the mute of) one integration."""
    values = {"until": until, "muted_by": muted_by, "muted_at": now}
    statement = (
        insert(IntegrationMute)
        .values(tenant_id=tenant_id, integration_id=integration_id, **values)
        .on_conflict_do_update(index_elements=["tenant_id", "integration_id"], set_=values)
        .returning(IntegrationMute)
    )
    mute: IntegrationMute = (
        await session.execute(select(IntegrationMute).from_statement(statement))
    ).scalar_one()
    return mute


async def get_active(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID, now: datetime
) -> IntegrationMute | None:
    """The mute of the integration if it still lasts at ``now``."""
    statement = select(IntegrationMute).where(
        IntegrationMute.tenant_id == tenant_id,
        IntegrationMute.integration_id == integration_id,
        IntegrationMute.until > now,
    )
    return (await session.execute(statement)).scalars().first()


async def muted_integrations(
    session: AsyncSession, *, tenant_id: uuid.UUID, now: datetime
) -> set[uuid.UUID]:
    """The tenant's integrations whose mute still lasts at ``now``."""
    statement = select(IntegrationMute.integration_id).where(
        IntegrationMute.tenant_id == tenant_id, IntegrationMute.until > now
    )
    return set((await session.execute(statement)).scalars().all())


async def remove(session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID) -> bool:
    statement = (
        delete(IntegrationMute)
        .where(
            IntegrationMute.tenant_id == tenant_id,
            IntegrationMute.integration_id == integration_id,
        )
        .returning(IntegrationMute.integration_id)
    )
    return (await session.execute(statement)).first() is not None
