"""All SQL of the mappings: latest version, version list, append a version."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.mappings.errors import VersionConflict
from syncyard_mapper.mappings.tables import mapping


@dataclass(frozen=True)
class StoredMapping:
    id: uuid.UUID
    integration_id: uuid.UUID
    flow: str
    version: int
    document: dict[str, Any]
    created_at: datetime


def _scope(tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str) -> sa.ColumnElement[bool]:
    return sa.and_(
        mapping.c.tenant_id == tenant_id,
        mapping.c.integration_id == integration_id,
        mapping.c.flow == flow,
    )


def _stored(row: sa.Row[Any]) -> StoredMapping:
    return StoredMapping(
        id=row.id,
        integration_id=row.integration_id,
        flow=row.flow,
        version=row.version,
        document=row.document,
        created_at=row.created_at,
    )


async def latest(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> StoredMapping | None:
    """The tenant's newest version for an integration's flow, if any was saved."""
    query = (
        sa.select(mapping)
        .where(_scope(tenant_id, integration_id, flow))
        .order_by(mapping.c.version.desc())
        .limit(1)
    )
    row = (await session.execute(query)).first()
    return None if row is None else _stored(row)


async def list_versions(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> list[StoredMapping]:
    """Every saved version, newest first."""
    query = (
        sa.select(mapping)
        .where(_scope(tenant_id, integration_id, flow))
        .order_by(mapping.c.version.desc())
    )
    return [_stored(row) for row in (await session.execute(query)).all()]


async def append_version(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    document: dict[str, Any],
    created_by: str | None,
) -> StoredMapping:
    """Insert version max+1; two saves at once → one wins, the other gets a conflict."""
    next_version = (
        sa.select(sa.func.coalesce(sa.func.max(mapping.c.version), 0) + 1)
        .where(_scope(tenant_id, integration_id, flow))
        .scalar_subquery()
    )
    statement = (
        sa.insert(mapping)
        .values(
            id=uuid.uuid4(),
            tenant_id=tenant_id,
            integration_id=integration_id,
            flow=flow,
            version=next_version,
            document=document,
            created_by=created_by,
        )
        .returning(mapping)
    )
    try:
        async with session.begin_nested():
            row = (await session.execute(statement)).one()
    except IntegrityError:
        raise VersionConflict() from None
    return _stored(row)
