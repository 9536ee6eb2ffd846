"""All SQL about runs: start-or-join, lock for update, find stuck, list, count, retry."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, bindparam, func, or_, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.runs.filters import RunFilter
from syncyard_orchestrator.runs.tables import ACTIVE_PREDICATE, TERMINAL_STATES, Run

# The hot statements are built once, their values bound per call: building a statement costs
# more CPU than SQLAlchemy's cached compilation of it (py-spy, bench/orders_e2e.py).
_START = (
    insert(Run)
    .values({c.key: bindparam(c.key, type_=c.type) for c in Run.__table__.columns})
    .on_conflict_do_nothing(
        index_elements=["tenant_id", "integration_id", "flow", "source_entity_id"],
        index_where=text(ACTIVE_PREDICATE),
    )
    .returning(Run.id)
)
_ACTIVE = (
    select(Run)
    .where(
        Run.tenant_id == bindparam("tenant_id"),
        Run.integration_id == bindparam("integration_id"),
        Run.flow == bindparam("flow"),
        Run.source_entity_id == bindparam("source_entity_id"),
        Run.state.not_in(TERMINAL_STATES),
    )
    .with_for_update()
)
_LOCK = select(Run).where(Run.id == bindparam("run_id")).with_for_update()


async def start_or_join(session: AsyncSession, *, run: Run) -> tuple[Run, bool]:
    """Insert ``run`` unless the same entity already has an active run; lock and return the one
    that is active, and whether it is the new one. Concurrent starts serialise on the index."""
    values = {column.key: getattr(run, column.key) for column in Run.__table__.columns}
    inserted = (await session.execute(_START, values)).scalar_one_or_none()
    active = (
        await session.execute(
            _ACTIVE,
            {
                "tenant_id": run.tenant_id,
                "integration_id": run.integration_id,
                "flow": run.flow,
                "source_entity_id": run.source_entity_id,
            },
        )
    ).scalar_one()
    return active, inserted is not None


async def lock(session: AsyncSession, *, run_id: uuid.UUID) -> Run | None:
    """The run, locked until the transaction ends (one decision at a time per run)."""
    return (await session.execute(_LOCK, {"run_id": run_id})).scalar_one_or_none()


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


def _matching(statement: Select[Run], where: RunFilter) -> Select[Run]:
    """``statement`` narrowed by every field of ``where`` that is set."""
    if where.integration_id is not None:
        statement = statement.where(Run.integration_id == where.integration_id)
    if where.flow is not None:
        statement = statement.where(Run.flow == where.flow)
    if where.state is not None:
        statement = statement.where(Run.state == where.state)
    if where.created_from is not None:
        statement = statement.where(Run.created_at >= where.created_from)
    if where.created_to is not None:
        statement = statement.where(Run.created_at < where.created_to)
    if where.entity_ref is not None:
        statement = statement.where(
            or_(Run.entity_ref == where.entity_ref, Run.source_entity_id == where.entity_ref)
        )
    if where.external_reference is not None:
        # "<connector>:<source id>": the source id part finds the rows through its index.
        source_id = where.external_reference.partition(":")[2] or where.external_reference
        statement = statement.where(
            Run.source_entity_id == source_id[:200],
            Run.state_json["external_reference"].astext == where.external_reference,
        )
    if where.failure_code is not None:
        statement = statement.where(Run.failure_code == where.failure_code)
    return statement


async def list_page(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    where: RunFilter,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Run]:
    """Newest first; ``after`` is the (created_at, id) of the last row of the previous page."""
    statement = _matching(select(Run).where(Run.tenant_id == tenant_id), where)
    if after is not None:
        statement = statement.where(tuple_(Run.created_at, Run.id) < tuple_(*after))
    statement = statement.order_by(Run.created_at.desc(), Run.id.desc()).limit(limit)
    return (await session.execute(statement)).scalars().all()


async def count_by_bucket(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    bucket: str,
    start: datetime,
    end: datetime,
    integration_id: uuid.UUID | None,
    flow: str | None,
) -> Sequence[tuple[datetime, str, str, int]]:
    """(bucket start in UTC without zone, flow, state, runs) for runs started in [start, end)."""
    starts = func.date_trunc(bucket, func.timezone("UTC", Run.created_at)).label("bucket_start")
    statement = (
        select(starts, Run.flow, Run.state, func.count())
        .where(Run.tenant_id == tenant_id, Run.created_at >= start, Run.created_at < end)
        .group_by(starts, Run.flow, Run.state)
        .order_by(starts, Run.flow, Run.state)
    )
    if integration_id is not None:
        statement = statement.where(Run.integration_id == integration_id)
    if flow is not None:
        statement = statement.where(Run.flow == flow)
    rows = (await session.execute(statement)).all()
    return [(row[0], row[1], row[2], row[3]) for row in rows]


async def lock_failed(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    where: RunFilter | None,
    ids: Sequence[uuid.UUID] | None,
    limit: int,
) -> Sequence[Run]:
    """Failed runs to retry, oldest first, locked; rows another retry holds are left out."""
    statement = select(Run).where(Run.tenant_id == tenant_id, Run.state == "failed")
    if where is not None:
        statement = _matching(statement, where)
    if ids is not None:
        statement = statement.where(Run.id.in_(ids))
    statement = (
        statement.order_by(Run.created_at, Run.id).limit(limit).with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalars().all()


async def lock_one(session: AsyncSession, *, tenant_id: uuid.UUID, run_id: uuid.UUID) -> Run | None:
    """One run of the tenant, locked until the transaction ends."""
    statement = select(Run).where(Run.tenant_id == tenant_id, Run.id == run_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def later_run_of_same_record(session: AsyncSession, *, run: Run) -> Run | None:
    """Another run of the same record that is active or started after ``run`` (newest)."""
    statement = (
        select(Run)
        .where(
            Run.tenant_id == run.tenant_id,
            Run.integration_id == run.integration_id,
            Run.flow == run.flow,
            Run.source_entity_id == run.source_entity_id,
            Run.id != run.id,
            or_(Run.state.not_in(TERMINAL_STATES), Run.created_at > run.created_at),
        )
        .order_by(Run.created_at.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()
