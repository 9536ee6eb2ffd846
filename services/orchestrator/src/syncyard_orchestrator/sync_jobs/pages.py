"""Asking a source for the next page of an initial sync (a live-lane read; the runs it starts
write on the bulk lane). The driver asks only when the job's backlog runs low."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope, Message, records
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow
from syncyard_orchestrator.schema import SCHEMA, SOURCE
from syncyard_orchestrator.sync_jobs import admission, repository
from syncyard_orchestrator.sync_jobs.tables import SyncJob


async def begin(
    session: AsyncSession,
    *,
    integration: Integration,
    flow: IntegrationFlow,
    read_connection_id: uuid.UUID,
    now: datetime,
    page_size: int,
    stuck_after: timedelta,
) -> SyncJob:
    """A new job and the command for its first page, in the caller's transaction."""
    job = SyncJob(
        id=uuid.uuid4(),
        tenant_id=integration.tenant_id,
        integration_id=integration.id,
        flow=flow.flow,
        source_connection_id=read_connection_id,
        state="reading",
        cursor=None,
        pages_read=0,
        records_seen=0,
        admission_limit=admission.START_LIMIT,
        commands_resent=0,
        created_at=now,
        updated_at=now,
    )
    await repository.add(session, job)
    await ask_page(session, job, now, page_size=page_size, stuck_after=stuck_after)
    return job


async def ask_page(
    session: AsyncSession, job: SyncJob, now: datetime, *, page_size: int, stuck_after: timedelta
) -> None:
    command = records.ReadChangesV1(
        connection_id=job.source_connection_id,
        entity=job.flow,  # type: ignore[arg-type]
        cursor=job.cursor,
        limit=page_size,
    )
    command_id = uuid.uuid4()
    job.pending_command_id = command_id
    job.pending_command = command.model_dump(mode="json")
    job.lease_expires_at = now + stuck_after
    await stage(session, job, command, command_id)


async def stage(
    session: AsyncSession, job: SyncJob, message: Message, message_id: uuid.UUID | None = None
) -> None:
    """Stage a message of the job in the outbox (a page read, or the job's failure)."""
    payload = message.model_dump(mode="json")
    envelope = Envelope(
        id=message_id or uuid.uuid4(),
        type=payload["type"],
        source=SOURCE,
        subject=f"initial sync of {job.flow}",
        tenant_id=job.tenant_id,
        integration_id=job.integration_id,
        flow=job.flow,
        correlation_id=job.id,
        payload=payload,
        # Page reads go on the live lane: behind the job's own writes on the bulk lane they
        # would wait longer than a lease and be asked for again and again.
        lane="live",
    )
    await outbox.add(session, schema=SCHEMA, envelope=envelope)
