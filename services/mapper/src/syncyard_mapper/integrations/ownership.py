"""Claim an integration id for a tenant; refuse every other tenant with 404."""

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.db import tenant_scope
from syncyard_mapper.integrations.errors import IntegrationNotFound
from syncyard_mapper.integrations.tables import integration_owner


async def owner_of(session: AsyncSession, integration_id: uuid.UUID) -> uuid.UUID | None:
    """The tenant that claimed the integration, if any did (whichever tenant asks: another
    tenant's claim must be seen to be refused, so row-level security lets this one through)."""
    query = sa.select(integration_owner.c.tenant_id).where(
        integration_owner.c.integration_id == integration_id
    )
    async with tenant_scope.across_tenants(session):
        found: uuid.UUID | None = (await session.execute(query)).scalar_one_or_none()
    return found


async def ensure_readable(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> None:
    """404 when another tenant owns the integration; an unclaimed one reads as empty."""
    owner = await owner_of(session, integration_id)
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
    """Claim on first write; 404 when another tenant got there first."""
    await claim_quietly(session, tenant_id=tenant_id, integration_id=integration_id)
    await ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id)
