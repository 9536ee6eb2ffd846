"""SQL of sync jobs: add, lock, list, stuck ones, and their runs' progress counts."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.runs.tables import Run
from syncyard_orchestrator.sync_jobs.tables import SyncJob


async def add(session: AsyncSession, job: SyncJob) -> None:
    session.add(job)
    await session.flush()


async def lock(session: AsyncSession, job_id: uuid.UUID) -> SyncJob | None:
    statement = select(SyncJob).where(SyncJob.id == job_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def get(session: AsyncSession, *, tenant_id: uuid.UUID, job_id: uuid.UUID) -> SyncJob | None:
    statement = select(SyncJob).where(SyncJob.tenant_id == tenant_id, SyncJob.id == job_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def list_for(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> Sequence[SyncJob]:
    statement = (
        select(SyncJob)
        .where(SyncJob.tenant_id == tenant_id, SyncJob.integration_id == integration_id)
        .order_by(SyncJob.created_at.desc())
        .limit(50)
    )
    return (await session.execute(statement)).scalars().all()


async def reading(session: AsyncSession, *, integration_id: uuid.UUID, flow: str) -> SyncJob | None:
    """The flow's initial sync still reading pages, if any (one at a time per flow)."""
    statement = select(SyncJob).where(
        SyncJob.integration_id == integration_id, SyncJob.flow == flow, SyncJob.state == "reading"
    )
    return (await session.execute(statement)).scalars().first()


async def lock_stuck(session: AsyncSession, *, now: datetime, limit: int) -> Sequence[SyncJob]:
    statement = (
        select(SyncJob)
        .where(SyncJob.state == "reading", SyncJob.lease_expires_at < now)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalars().all()


async def run_counts(
    session: AsyncSession, job_id: uuid.UUID
) -> tuple[dict[str, int], datetime | None]:
    """Runs of the job per state, and when the last one finished."""
    statement = (
        select(Run.state, func.count(), func.max(Run.finished_at))
        .where(Run.job_id == job_id)
        .group_by(Run.state)
    )
    rows = (await session.execute(statement)).all()
    counts = {str(state): int(count) for state, count, _ in rows}
    finished = [last for _, _, last in rows if last is not None]
    return counts, max(finished) if finished else None
