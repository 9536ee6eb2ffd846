"""All SQL about runs: start-or-join, lock for update, save, find stuck, list per tenant."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.runs.tables import ACTIVE_PREDICATE, TERMINAL_STATES, Run


async def start_or_join(session: AsyncSession, *, run: Run) -> tuple[Run, bool]:
    """Insert ``run`` unless the same entity already has an active run; lock and return the one
    that is active, and whether it is the new one. Concurrent starts serialise on the index."""
    values = {column.key: getattr(run, column.key) for column in Run.__table__.columns}
    statement = (
        insert(Run)
        .values(**values)
        .on_conflict_do_nothing(
            index_elements=["tenant_id", "integration_id", "flow", "source_entity_id"],
            index_where=text(ACTIVE_PREDICATE),
        )
        .returning(Run.id)
    )
    inserted = (await session.execute(statement)).scalar_one_or_none()
    active = (
        await session.execute(
            select(Run)
            .where(
                Run.tenant_id == run.tenant_id,
                Run.integration_id == run.integration_id,
                Run.flow == run.flow,
                Run.source_entity_id == run.source_entity_id,
                Run.state.not_in(TERMINAL_STATES),
            )
            .with_for_update()
        )
    ).scalar_one()
    return active, inserted is not None


async def lock(session: AsyncSession, *, run_id: uuid.UUID) -> Run | None:
    """The run, locked until the transaction ends (one decision at a time per run)."""
    statement = select(Run).where(Run.id == run_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_stuck(session: AsyncSession, *, now: datetime, limit: int) -> Sequence[Run]:
    """Active runs whose lease ran out; rows other replicas hold are skipped."""
    statement = (
        select(Run)
        .where(Run.state.not_in(TERMINAL_STATES), Run.lease_expires_at < now)
        .order_by(Run.lease_expires_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalars().all()


async def get(session: AsyncSession, *, tenant_id: uuid.UUID, run_id: uuid.UUID) -> Run | None:
    statement = select(Run).where(Run.tenant_id == tenant_id, Run.id == run_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def list_page(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID | None,
    state: str | None,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Run]:
    """Newest first; ``after`` is the (created_at, id) of the last row of the previous page."""
    statement = select(Run).where(Run.tenant_id == tenant_id)
    if integration_id is not None:
        statement = statement.where(Run.integration_id == integration_id)
    if state is not None:
        statement = statement.where(Run.state == state)
    if after is not None:
        statement = statement.where(tuple_(Run.created_at, Run.id) < tuple_(*after))
    statement = statement.order_by(Run.created_at.desc(), Run.id.desc()).limit(limit)
    return (await session.execute(statement)).scalars().all()
