"""Drives initial syncs: read a page, queue its records, start them at the pace their runs
finish, read the next page when the backlog runs low.

Every change commits with the inbox claim of the message that caused it (R8/R13): a page's
queued records, cursor and the job's pace with the page's answer; an admission with the
result that finished a run (or the sweep's transaction). A killed orchestrator resumes exactly
where it was. The runs' commands go to the bulk lane (gateway.bulk), never ahead of live
orders; how many are in flight is decided in ``admission.py``.

Lock order: a run's row before its job's row (a finishing run holds its row when it admits);
the page handler locks its records' active runs first, the sweeper skips locked runs.
"""

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import Envelope, Message, connector_errors, records, runs
from syncyard_common.telemetry import get_logger
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.runs.tables import Run
from syncyard_orchestrator.sync_jobs import admission, backlog, pages, repository
from syncyard_orchestrator.sync_jobs.tables import SyncJob

_log = get_logger(__name__)
COMMANDS_RESENT = Counter(
    "syncyard_orchestrator_sync_commands_resent_total",
    "Commands of initial syncs sent again because no answer came within the stuck window",
)
MAX_STARTS_PER_PASS = 500  # bounds one transaction when a filter skips record after record


class SyncJobDriver:
    """The runner's ``JobResults``: it hears of results and finished runs through them and
    starts records' runs through ``run_steps``, never through the runner."""

    def __init__(self, *, page_size: int, stuck_after: timedelta) -> None:
        self._page_size = page_size
        self._stuck_after = stuck_after

    async def on_result(
        self, session: AsyncSession, envelope: Envelope, message: Message, now: datetime
    ) -> bool:
        """Apply a page (or a failure) to its job; False when no job has this id."""
        assert envelope.correlation_id is not None
        if isinstance(message, records.ChangesReadV1):
            unlocked = await repository.find(session, envelope.correlation_id)
            if unlocked is not None:
                ids = [backlog.source_id_of(record) for record in message.records]
                await repository.lock_page_runs(session, unlocked, ids)
        job = await repository.lock(session, envelope.correlation_id)
        if job is None:
            return False
        if job.tenant_id != envelope.tenant_id or job.state != "reading":
            return True
        if envelope.causation_id != job.pending_command_id:
            return True  # an answer to a superseded request: the current one follows
        if isinstance(message, connector_errors.CommandFailedV1):
            await self._fail(session, job, message.reason, now)
        elif isinstance(message, records.ChangesReadV1):
            await self._on_page(session, job, message, now)
        return True

    async def _on_page(
        self, session: AsyncSession, job: SyncJob, page: records.ChangesReadV1, now: datetime
    ) -> None:
        found = await integrations_repository.flow_of(
            session, integration_id=job.integration_id, flow=job.flow
        )
        if found is None:
            await self._fail(session, job, "the flow was removed during the initial sync", now)
            return
        integration, flow = found
        for position, record in enumerate(page.records):
            await backlog.enqueue(
                session,
                job=job,
                integration=integration,
                flow=flow,
                record=record,
                read_at=backlog.read_order(now, position),
                stuck_after=self._stuck_after,
            )
        job.pages_read += 1
        job.records_seen += len(page.records)
        job.cursor = page.cursor
        job.updated_at = now
        job.pending_command_id = None
        job.pending_command = None
        job.lease_expires_at = None
        if not (page.has_more and page.records):
            job.state = "read"
        await self.admit(session, job, now)

    async def on_run_finished(self, session: AsyncSession, run: Run, now: datetime) -> None:
        """A run of a job ended: learn from its duration and start the next records."""
        assert run.job_id is not None
        job = await repository.lock(session, run.job_id)
        if job is not None:
            took = max((now - run.created_at).total_seconds(), 0.0)
            await self.admit(session, job, now, finished=[took])

    async def on_command_resent(self, session: AsyncSession, run: Run) -> None:
        """The sweeper sent a run's command again (or gave up on it): count it on its job."""
        assert run.job_id is not None
        COMMANDS_RESENT.inc()
        await repository.count_resent(session, run.job_id)

    async def admit(
        self,
        session: AsyncSession,
        job: SyncJob,
        now: datetime,
        *,
        finished: Sequence[float] = (),
    ) -> int:
        """Start as many queued records as the job's pace allows, and ask for the next page
        when the backlog runs low; returns how many records (and pages) were started."""
        found = await integrations_repository.flow_of(
            session, integration_id=job.integration_id, flow=job.flow
        )
        if found is None:
            await repository.drop_queued(session, job.id)
            if job.state != "failed":
                await self._fail(session, job, "the flow was removed during the initial sync", now)
            return 0
        integration, flow = found
        flight = await repository.flight(session, job.id)
        oldest_age = 0.0
        if flight.oldest_admitted is not None:
            oldest_age = max((now - flight.oldest_admitted).total_seconds(), 0.0)
        decision = admission.decide(
            admission.Pace(job.admission_limit, job.typical_run_seconds),
            in_flight=flight.in_flight,
            finished=finished,
            oldest_age=oldest_age,
            stuck_after=self._stuck_after.total_seconds(),
        )
        job.admission_limit = decision.pace.limit
        job.typical_run_seconds = decision.pace.typical_run
        job.updated_at = now  # the sweeper admits for the least recently served job first
        room, queued, started = decision.admit, flight.queued, 0
        while room > 0 and queued > 0 and started < MAX_STARTS_PER_PASS:
            rows = list(await repository.lock_queued(session, job.id, limit=room))
            if not rows:
                break
            room -= await backlog.admit(
                session,
                job=job,
                integration=integration,
                flow=flow,
                rows=rows,
                now=now,
                stuck_after=self._stuck_after,
            )
            started += len(rows)
            queued -= len(rows)
        # Read ahead no further than a page, or a limit's worth, beyond what waits already.
        low = queued < max(self._page_size, math.floor(job.admission_limit))
        if job.state == "reading" and job.pending_command_id is None and low:
            await pages.ask_page(
                session, job, now, page_size=self._page_size, stuck_after=self._stuck_after
            )
            started += 1
        return started

    async def _fail(self, session: AsyncSession, job: SyncJob, reason: str, now: datetime) -> None:
        job.state = "failed"
        job.last_error = reason
        job.finished_at = now
        job.lease_expires_at = None
        failed = runs.RunFailedV1(
            run_id=job.id,
            integration_id=job.integration_id,
            flow=job.flow,
            step="initial_sync",
            entity_ref=f"initial sync of {job.flow}",
            code="initial_sync_failed",
            reason=f"the initial sync of {job.flow} stopped after {job.records_seen} records: "
            f"{reason}",
        )
        await pages.stage(session, job, failed)

    async def sweep(self, session: AsyncSession, now: datetime) -> int:
        """Ask again for pages whose answer never came (lost command, gateway restart), and
        admit for jobs no finishing run admitted for (a run the sweeper ended, a paused read)."""
        # The runner re-issues stuck runs after this: take their jobs first (lock order).
        await repository.lock_with_stuck_runs(session, now=now)
        jobs = await repository.lock_stuck(session, now=now, limit=20)
        for job in jobs:
            _log.warning("re-asking a page of an initial sync", job_id=job.id)
            COMMANDS_RESENT.inc()
            await repository.count_resent(session, job.id)
            await pages.ask_page(
                session, job, now, page_size=self._page_size, stuck_after=self._stuck_after
            )
        started = 0
        for job in await repository.lock_to_admit(session, limit=20):
            started += await self.admit(session, job, now)
        return len(jobs) + started
