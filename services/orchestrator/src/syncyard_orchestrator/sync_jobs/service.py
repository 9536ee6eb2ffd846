"""Use cases of initial syncs: start one for a configured flow, report its progress."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web.errors import Conflict, NotFound, Unprocessable
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.integrations import service as integrations
from syncyard_orchestrator.sync_jobs import pages, progress, repository

# Orders are not bulk-copied: only new orders flow (an initial sync would re-create history).
SYNCABLE = ("products", "stock", "customers", "categories")


async def start(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    page_size: int,
    stuck_after: timedelta,
) -> dict[str, Any]:
    if flow not in SYNCABLE:
        raise Unprocessable(
            "initial_sync_not_supported",
            f"An initial sync exists for {', '.join(SYNCABLE)}; not for {flow}.",
            field="flow",
        )
    now = datetime.now(UTC)
    async with session.begin():
        integration = await integrations.get(
            session=session, tenant_id=tenant_id, integration_id=integration_id
        )
        found = await integrations_repository.flow_of(
            session, integration_id=integration.id, flow=flow
        )
        if found is None:
            raise Conflict(
                "flow_not_configured",
                f"Configure the {flow} flow (direction and settings) before its initial sync.",
                field="flow",
            )
        _, flow_row = found
        running = await repository.reading(session, integration_id=integration.id, flow=flow)
        if running is not None:
            raise Conflict(
                "initial_sync_running",
                f"An initial sync of {flow} is already running ({running.id}).",
                extra={"job_id": str(running.id)},
            )
        read_connection_id = integrations.sides(integration, flow_row.direction)[0][0]
        job = await pages.begin(
            session,
            integration=integration,
            flow=flow_row,
            read_connection_id=read_connection_id,
            now=now,
            page_size=page_size,
            stuck_after=stuck_after,
        )
    return progress.describe(job, {}, None, now)


async def report(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, job_id: uuid.UUID
) -> dict[str, Any]:
    async with session.begin():
        job = await repository.get(session, tenant_id=tenant_id, job_id=job_id)
        if job is None or job.integration_id != integration_id:
            raise NotFound("sync_job_not_found", f"Initial sync {job_id} does not exist.")
        counts, last = await repository.run_counts(session, job.id)
    return progress.describe(job, counts, last, datetime.now(UTC))


async def list_all(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    async with session.begin():
        await integrations.get(session=session, tenant_id=tenant_id, integration_id=integration_id)
        jobs = await repository.list_for(
            session, tenant_id=tenant_id, integration_id=integration_id
        )
        described = []
        for job in jobs:
            counts, last = await repository.run_counts(session, job.id)
            described.append(progress.describe(job, counts, last, now))
    return described
