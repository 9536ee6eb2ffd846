"""All SQL of reconciliations; every API query is scoped to one tenant."""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.reconciliation.tables import Reconciliation, ReconciliationItem


async def add(session: AsyncSession, report: Reconciliation) -> None:
    session.add(report)
    await session.flush()


async def add_daily(session: AsyncSession, report: Reconciliation) -> bool:
    """Insert a daily report unless one for the same flow and day exists (any replica)."""
    values = {c.name: getattr(report, c.key) for c in Reconciliation.__table__.columns}
    values = {k: v for k, v in values.items() if v is not None}
    statement = (
        insert(Reconciliation)
        .values(**values)
        .on_conflict_do_nothing(
            index_elements=["integration_id", "flow", "period_from"],
            # A literal predicate: PostgreSQL infers a partial index only from the same text,
            # never from a bound parameter.
            index_where=text("origin = 'daily'"),
        )
        .returning(Reconciliation.id)
    )
    return (await session.execute(statement)).first() is not None


async def get(
    session: AsyncSession, *, tenant_id: uuid.UUID, reconciliation_id: uuid.UUID, lock: bool = False
) -> Reconciliation | None:
    statement = select(Reconciliation).where(
        Reconciliation.tenant_id == tenant_id, Reconciliation.id == reconciliation_id
    )
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def list_for_integration(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID, limit: int
) -> Sequence[Reconciliation]:
    statement = (
        select(Reconciliation)
        .where(
            Reconciliation.tenant_id == tenant_id,
            Reconciliation.integration_id == integration_id,
        )
        .order_by(Reconciliation.created_at.desc(), Reconciliation.id)
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def items(
    session: AsyncSession,
    *,
    reconciliation_id: uuid.UUID,
    kind: str | None,
    after: int,
    limit: int,
) -> Sequence[ReconciliationItem]:
    statement = (
        select(ReconciliationItem)
        .where(
            ReconciliationItem.reconciliation_id == reconciliation_id,
            ReconciliationItem.position > after,
        )
        .order_by(ReconciliationItem.position)
        .limit(limit)
    )
    if kind is not None:
        statement = statement.where(ReconciliationItem.kind == kind)
    return (await session.execute(statement)).scalars().all()


async def missing_to_rerun(
    session: AsyncSession, *, reconciliation_id: uuid.UUID
) -> tuple[Sequence[ReconciliationItem], int]:
    """Missing items not re-run yet (locked with their report), and how many were already."""
    rows = (
        (
            await session.execute(
                select(ReconciliationItem)
                .where(
                    ReconciliationItem.reconciliation_id == reconciliation_id,
                    ReconciliationItem.kind == "missing",
                )
                .order_by(ReconciliationItem.position)
            )
        )
        .scalars()
        .all()
    )
    fresh = [row for row in rows if row.rerun_at is None]
    return fresh, len(rows) - len(fresh)


async def claim(session: AsyncSession, *, now: datetime, lease: timedelta) -> Reconciliation | None:
    """The oldest queued report, or one whose reader's lease ran out (a crashed replica)."""
    candidate = (
        select(Reconciliation.id)
        .where(
            or_(
                Reconciliation.state == "queued",
                (Reconciliation.state == "reading") & (Reconciliation.lease_expires_at < now),
            )
        )
        .order_by(Reconciliation.created_at)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(Reconciliation)
        .where(Reconciliation.id == candidate)
        .values(state="reading", started_at=now, lease_expires_at=now + lease)
        .returning(Reconciliation)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def renew(
    session: AsyncSession, *, reconciliation_id: uuid.UUID, started_at: datetime, until: datetime
) -> bool:
    """Extend the lease while this reader still holds the report (its start marks the claim)."""
    result = await session.execute(
        update(Reconciliation)
        .where(
            Reconciliation.id == reconciliation_id,
            Reconciliation.state == "reading",
            Reconciliation.started_at == started_at,
        )
        .values(lease_expires_at=until)
        .returning(Reconciliation.id)
    )
    return result.first() is not None


async def lock_held(
    session: AsyncSession, *, reconciliation_id: uuid.UUID, started_at: datetime
) -> Reconciliation | None:
    """The report, locked, if this reader still holds it."""
    statement = (
        select(Reconciliation)
        .where(
            Reconciliation.id == reconciliation_id,
            Reconciliation.state == "reading",
            Reconciliation.started_at == started_at,
        )
        .with_for_update()
    )
    return (await session.execute(statement)).scalar_one_or_none()
