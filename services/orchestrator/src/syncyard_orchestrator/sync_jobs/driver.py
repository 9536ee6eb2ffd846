"""Drives initial syncs: read a page, start a run per record, ask for the next page.

Each page is handled in one transaction with the inbox claim of its answer (R8/R13): the runs
it starts, the job's new cursor and the command for the next page commit together, so after
a crash the sync resumes exactly where it was. The runs' commands go to the bulk lane
(gateway.bulk), never ahead of live orders."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import Envelope, Message, connector_errors, records, runs
from syncyard_common.telemetry import get_logger
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.runner import Runner
from syncyard_orchestrator.sync_jobs import pages, repository
from syncyard_orchestrator.sync_jobs.tables import SyncJob

_log = get_logger(__name__)


def source_id_of(record: dict[str, object]) -> str:
    for key in ("source_id", "id", "sku"):
        value = record.get(key)
        if value:
            return str(value)
    return ""


class SyncJobDriver:
    def __init__(self, runner: Runner, *, page_size: int, stuck_after: timedelta) -> None:
        self._runner = runner
        self._page_size = page_size
        self._stuck_after = stuck_after

    async def on_result(
        self, session: AsyncSession, envelope: Envelope, message: Message, now: datetime
    ) -> bool:
        """Apply a page (or a failure) to its job; False when no job has this id."""
        assert envelope.correlation_id is not None
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
            await self._on_page(session, job, envelope, message, now)
        return True

    async def _on_page(
        self,
        session: AsyncSession,
        job: SyncJob,
        envelope: Envelope,
        page: records.ChangesReadV1,
        now: datetime,
    ) -> None:
        found = await integrations_repository.flow_of(
            session, integration_id=job.integration_id, flow=job.flow
        )
        if found is None:
            await self._fail(session, job, "the flow was removed during the initial sync", now)
            return
        integration, flow = found
        for record in page.records:
            source_id = source_id_of(record)
            changed = records.RecordChangedV1(
                connection_id=job.source_connection_id,
                entity=page.entity,
                source_id=source_id,
                record=record,
                topic="initial sync",
                source_event_key=f"sync:{job.id}:{source_id}",
            )
            await self._runner.start_record_run(
                session,
                integration=integration,
                flow=flow,
                message=changed,
                run_id=uuid.uuid4(),
                causation_id=envelope.id,
                now=now,
                job_id=job.id,
            )
        job.pages_read += 1
        job.records_seen += len(page.records)
        job.cursor = page.cursor
        job.updated_at = now
        if page.has_more and page.records:
            await pages.ask_page(
                session, job, now, page_size=self._page_size, stuck_after=self._stuck_after
            )
            return
        job.state = "read"
        job.pending_command_id = None
        job.pending_command = None
        job.lease_expires_at = None

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
        """Ask again for pages whose answer never came (lost command, gateway restart)."""
        jobs = await repository.lock_stuck(session, now=now, limit=20)
        for job in jobs:
            _log.warning("re-asking a page of an initial sync", job_id=job.id)
            await pages.ask_page(
                session, job, now, page_size=self._page_size, stuck_after=self._stuck_after
            )
        return len(jobs)
