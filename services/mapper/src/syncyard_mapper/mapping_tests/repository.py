"""All SQL of mapping tests: read and replace the cases of one flow."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.mapping_tests.tables import mapping_test


async def cases(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> list[dict[str, Any]]:
    """The stored cases, or none."""
    query = sa.select(mapping_test.c.cases).where(
        mapping_test.c.tenant_id == tenant_id,
        mapping_test.c.integration_id == integration_id,
        mapping_test.c.flow == flow,
    )
    found: list[dict[str, Any]] | None = (await session.execute(query)).scalar_one_or_none()
    return found or []


async def replace(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    cases: list[dict[str, Any]],
    updated_by: str | None,
) -> None:
    """Store the flow's cases, replacing the previous ones."""
    values = {"cases": cases, "updated_by": updated_by, "updated_at": sa.func.now()}
    statement = (
        postgresql.insert(mapping_test)
        .values(tenant_id=tenant_id, integration_id=integration_id, flow=flow, **values)
        .on_conflict_do_update(index_elements=["tenant_id", "integration_id", "flow"], set_=values)
    )
    await session.execute(statement)
