"""All SQL of the activity-log search; every query is scoped to one tenant."""

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_logger.entries.tables import entry

RUN_LOG_LIMIT = 2000
_SUMMARY = [column for column in entry.c if not column.name.endswith("_payload")]


async def run_log(
    session: AsyncSession, *, tenant_id: uuid.UUID, run_id: uuid.UUID
) -> list[sa.Row[Any]]:
    """All entries of one run of this tenant, oldest first."""
    query = (
        sa.select(entry)
        .where(entry.c.tenant_id == tenant_id, entry.c.run_id == run_id)
        .order_by(entry.c.occurred_at, entry.c.recorded_at, entry.c.id)
        .limit(RUN_LOG_LIMIT)
    )
    return list((await session.execute(query)).all())


async def integration_log(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    outcome: str | None,
    flow: str | None,
    entity_ref: str | None,
    since: datetime | None,
    until: datetime | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
    with_payloads: bool,
) -> list[sa.Row[Any]]:
    """One page, newest first, continuing strictly after ``after`` (keyset pagination)."""
    columns = list(entry.c) if with_payloads else _SUMMARY
    conditions: list[sa.ColumnElement[bool]] = [
        entry.c.tenant_id == tenant_id,
        entry.c.integration_id == integration_id,
    ]
    if outcome is not None:
        conditions.append(entry.c.outcome == outcome)
    if flow is not None:
        conditions.append(entry.c.flow == flow)
    if entity_ref is not None:
        conditions.append(entry.c.entity_ref == entity_ref)
    if since is not None:
        conditions.append(entry.c.occurred_at >= since)
    if until is not None:
        conditions.append(entry.c.occurred_at < until)
    if after is not None:
        conditions.append(sa.tuple_(entry.c.occurred_at, entry.c.id) < sa.tuple_(*after))
    query = (
        sa.select(*columns)
        .where(*conditions)
        .order_by(entry.c.occurred_at.desc(), entry.c.id.desc())
        .limit(limit)
    )
    return list((await session.execute(query)).all())


async def has_integration_entries(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> bool:
    """Whether this tenant logged anything for the integration (any time, any outcome)."""
    query = sa.select(
        sa.exists().where(entry.c.tenant_id == tenant_id, entry.c.integration_id == integration_id)
    )
    return bool((await session.execute(query)).scalar())
