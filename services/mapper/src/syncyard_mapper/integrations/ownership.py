"""Claim an integration id for a tenant; refuse every other tenant with 404.

A first write's claim is provisional: the orchestrator's ``integration.owned.v1`` names the
owner of record, which replaces another tenant's claim (``syncyard_mapper.integration_owners``,
decision 0010). A writer holds the claim shared until it commits, so the owner of record,
taking it exclusively, removes what the writer wrote instead of missing it."""

import uuid
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.db import tenant_scope
from syncyard_mapper.integrations.errors import IntegrationNotFound
from syncyard_mapper.integrations.tables import integration_owner


async def owner_of(
    session: AsyncSession,
    integration_id: uuid.UUID,
    *,
    lock: Literal["share", "update"] | None = None,
) -> uuid.UUID | None:
    """The tenant that claimed the integration, if any did (whichever tenant asks: another
    tenant's claim must be seen to be refused, so row-level security lets this one through).
    ``lock``: ``"share"`` (a write) or ``"update"`` (the owner of record) holds the claim's
    row until the transaction ends."""
    query = sa.select(integration_owner.c.tenant_id).where(
        integration_owner.c.integration_id == integration_id
    )
    if lock is not None:
        query = query.with_for_update(read=lock == "share")
    async with tenant_scope.across_tenants(session):
        found: uuid.UUID | None = (await session.execute(query)).scalar_one_or_none()
    return found


async def ensure_readable(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    lock: Literal["share", "update"] | None = None,
) -> None:
    """404 when another tenant owns the integration; an unclaimed one reads as empty."""
    owner = await owner_of(session, integration_id, lock=lock)
    if owner is not None and owner != tenant_id:
        raise IntegrationNotFound()


async def claim_quietly(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> None:
    """Claim the integration unless a tenant already did (a run's claim: nothing to refuse)."""
    statement = (
        postgresql.insert(integration_owner)
        .values(integration_id=integration_id, tenant_id=tenant_id)
        .on_conflict_do_nothing(index_elements=["integration_id"])
    )
    await session.execute(statement)


async def claim(session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID) -> None:
    """Claim on first write; 404 when another tenant got there first. The claim is held
    shared until the write commits."""
    await claim_quietly(session, tenant_id=tenant_id, integration_id=integration_id)
    await ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id, lock="share")


async def hand_over(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> None:
    """Record the owner of record in place of another tenant's claim (row locked by the caller)."""
    await session.execute(
        sa.update(integration_owner)
        .where(integration_owner.c.integration_id == integration_id)
        .values(tenant_id=tenant_id, claimed_at=sa.func.now())
    )
