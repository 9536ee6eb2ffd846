"""Routes of initial syncs: start one (202), follow its progress."""

import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, status

from syncyard_orchestrator.deps import PrincipalDep, SessionDep, WriterDep
from syncyard_orchestrator.sync_jobs import service

router = APIRouter(tags=["initial syncs"])
# The flows an initial sync exists for, declared as an enum (any other: 422).
SyncableFlowPath = Annotated[
    str, Path(description="The flow.", json_schema_extra={"enum": list(service.SYNCABLE)})
]


@router.post(
    "/v1/integrations/{integration_id}/flows/{flow}/initial-sync",
    status_code=status.HTTP_202_ACCEPTED,
)
async def start_initial_sync(
    integration_id: uuid.UUID,
    flow: SyncableFlowPath,
    request: Request,
    session: SessionDep,
    principal: WriterDep,
) -> dict[str, Any]:
    """Read every record of the flow's source (not only changes) and sync each one."""
    settings = request.app.state.settings
    return await service.start(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        page_size=settings.initial_sync_page_size,
        stuck_after=timedelta(seconds=settings.run_stuck_after_seconds),
    )


@router.get("/v1/integrations/{integration_id}/sync-jobs")
async def list_initial_syncs(
    integration_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> dict[str, Any]:
    items = await service.list_all(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id
    )
    return {"items": items}


@router.get("/v1/integrations/{integration_id}/sync-jobs/{job_id}")
async def initial_sync_progress(
    integration_id: uuid.UUID, job_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> dict[str, Any]:
    """done / total / failed, rate and ETA of one initial sync."""
    return await service.report(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        job_id=job_id,
    )
