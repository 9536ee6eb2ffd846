"""SQL of sync jobs: add, lock, list, stuck ones, their runs' progress counts, and the
admission's view of their runs (in flight, queued)."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.flows.records import RecordFlowState
from syncyard_orchestrator.runs.tables import QUEUED, TERMINAL_STATES, Run
from syncyard_orchestrator.sync_jobs.tables import SyncJob

# Named, not "not terminal": an index range per state instead of every run of the job.
IN_FLIGHT_STATES = tuple(state.value for state in RecordFlowState if not state.is_terminal)


async def add(session: AsyncSession, job: SyncJob) -> None:
    session.add(job)
    await session.flush()


async def lock(session: AsyncSession, job_id: uuid.UUID) -> SyncJob | None:
    """The job, locked, as committed now (even when ``find`` read it earlier)."""
    statement = (
        select(SyncJob)
        .where(SyncJob.id == job_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
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


async def lock_with_stuck_runs(session: AsyncSession, *, now: datetime) -> None:
    """Lock (waiting, in id order) the jobs whose runs the sweeper is about to re-issue, so it
    takes a job before its runs as the page handler does (see ``lock_page_runs``)."""
    stuck = (
        select(Run.job_id)
        .where(
            Run.job_id.is_not(None),
            Run.state.not_in(TERMINAL_STATES),
            Run.lease_expires_at < now,
        )
        .distinct()
    )
    statement = (
        select(SyncJob.id).where(SyncJob.id.in_(stuck)).order_by(SyncJob.id).with_for_update()
    )
    await session.execute(statement)


async def lock_page_runs(session: AsyncSession, job: SyncJob, source_ids: Iterable[str]) -> None:
    """Lock the active runs of a page's records before the job row: a run finishing locks its
    row and then the job's, so the page handler must not hold the job while it waits for one."""
    wanted = sorted({source_id[:200] for source_id in source_ids})
    if not wanted:
        return
    statement = (
        select(Run.id)
        .where(
            Run.tenant_id == job.tenant_id,
            Run.integration_id == job.integration_id,
            Run.flow == job.flow,
            Run.source_entity_id.in_(wanted),
            Run.state.not_in(TERMINAL_STATES),
        )
        .order_by(Run.id)
        .with_for_update()
    )
    await session.execute(statement)


async def find(session: AsyncSession, job_id: uuid.UUID) -> SyncJob | None:
    """The job without a lock (to learn which runs to lock first)."""
    return await session.get(SyncJob, job_id)


async def lock_to_admit(session: AsyncSession, *, limit: int) -> Sequence[SyncJob]:
    """Jobs with records waiting to start, or a paused read: what the sweeper admits for
    when no finishing run did, least recently admitted for first (rows other replicas hold
    are skipped)."""
    has_queued = exists().where(Run.job_id == SyncJob.id, Run.state == QUEUED)
    paused = (SyncJob.state == "reading") & SyncJob.pending_command_id.is_(None)
    statement = (
        select(SyncJob)
        .where(or_(has_queued, paused))
        .order_by(SyncJob.updated_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalars().all()


@dataclass(frozen=True)
class Flight:
    in_flight: int
    queued: int
    oldest_admitted: datetime | None  # when the oldest run in flight was admitted


async def flight(session: AsyncSession, job_id: uuid.UUID) -> Flight:
    statement = (
        select(Run.state, func.count(), func.min(Run.created_at))
        .where(Run.job_id == job_id, Run.state.in_([*IN_FLIGHT_STATES, QUEUED]))
        .group_by(Run.state)
    )
    rows = (await session.execute(statement)).all()
    counts = {str(state): int(count) for state, count, _ in rows}
    admitted = [at for state, _, at in rows if state != QUEUED and at is not None]
    return Flight(
        in_flight=sum(n for state, n in counts.items() if state != QUEUED),
        queued=counts.get(QUEUED, 0),
        oldest_admitted=min(admitted) if admitted else None,
    )


async def lock_queued(session: AsyncSession, job_id: uuid.UUID, *, limit: int) -> Sequence[Run]:
    """The job's next waiting records, in the order they were read."""
    statement = (
        select(Run)
        .where(Run.job_id == job_id, Run.state == QUEUED)
        .order_by(Run.created_at, Run.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalars().all()


async def drop_queued(session: AsyncSession, job_id: uuid.UUID) -> None:
    """Forget the job's records not started (its flow is gone: they cannot start)."""
    await session.execute(delete(Run).where(Run.job_id == job_id, Run.state == QUEUED))


async def count_resent(session: AsyncSession, job_id: uuid.UUID) -> None:
    statement = update(SyncJob).where(SyncJob.id == job_id)
    await session.execute(statement.values(commands_resent=SyncJob.commands_resent + 1))


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
