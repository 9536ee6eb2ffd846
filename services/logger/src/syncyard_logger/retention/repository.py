"""All SQL of the retention settings and of deleting expired entries."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from syncyard_logger.tenant_settings.tables import tenant_setting


async def get(session: AsyncSession, *, tenant_id: uuid.UUID) -> tuple[int, bool] | None:
    query = sa.select(tenant_setting.c.retention_days, tenant_setting.c.redact_personal_data).where(
        tenant_setting.c.tenant_id == tenant_id
    )
    row = (await session.execute(query)).first()
    return None if row is None else (int(row.retention_days), bool(row.redact_personal_data))


async def upsert(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    retention_days: int,
    redact_personal_data: bool,
    now: datetime,
) -> None:
    values = {
        "retention_days": retention_days,
        "redact_personal_data": redact_personal_data,
        "updated_at": now,
    }
    statement = insert(tenant_setting).values(tenant_id=tenant_id, **values)
    await session.execute(
        statement.on_conflict_do_update(index_elements=[tenant_setting.c.tenant_id], set_=values)
    )


async def all_retention_days(conn: AsyncConnection) -> list[int]:
    return list((await conn.execute(sa.select(tenant_setting.c.retention_days))).scalars())


async def delete_expired_batch(
    conn: AsyncConnection, *, now: datetime, default_days: int, before: datetime, batch: int
) -> int:
    """Delete up to ``batch`` entries older than their tenant's retention; returns the count.

    ``before`` (the cut-off of the shortest retention) is a constant bound, so PostgreSQL
    only scans the partitions that can hold expired rows.
    """
    result = await conn.execute(
        sa.text(
            "DELETE FROM logger.entry AS e USING ("
            "  SELECT x.id, x.occurred_at FROM logger.entry AS x"
            "  LEFT JOIN logger.tenant_setting AS s ON s.tenant_id = x.tenant_id"
            "  WHERE x.occurred_at < :before"
            "    AND x.occurred_at < CAST(:now AS timestamptz)"
            "    - make_interval(days => COALESCE(s.retention_days, :default_days))"
            "  LIMIT :batch"
            ") AS expired "
            "WHERE e.id = expired.id AND e.occurred_at = expired.occurred_at"
        ),
        {"now": now, "default_days": default_days, "before": before, "batch": batch},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
