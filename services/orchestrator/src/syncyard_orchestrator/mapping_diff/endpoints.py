"""Route of the mapping diff; any role may ask (nothing is written), tenant from the token."""

import uuid
from typing import Annotated

import httpx
from fastapi import APIRouter, Query, Request

from syncyard_common.telemetry import traced_transport
from syncyard_orchestrator.deps import PrincipalDep, SessionDep
from syncyard_orchestrator.mapping_diff import schemas, service
from syncyard_orchestrator.mapping_diff.peers import DiffPeers
from syncyard_orchestrator.settings import OrchestratorSettings

router = APIRouter(tags=["runs"])


@router.get("/v1/runs/{run_id}/mapping-diff")
async def mapping_diff(
    run_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    version: Annotated[
        int | None,
        Query(
            ge=0,
            description="A saved mapping version (0: the shipped default); default: "
            "the current one.",
        ),
    ] = None,
) -> schemas.MappingDiffOut:
    """What the current mapping version (or ``version``) would send for this run's source
    record, against what the run sent: every field added, removed or changed. To replay a
    failed run through the current version, retry it (``POST /v1/runs/{run_id}/retry``): a
    retry maps the record again with the version current then."""
    settings: OrchestratorSettings = request.app.state.settings
    # The caller's own token: the logger and the mapper apply the caller's tenant and role.
    token = request.headers["authorization"].split(" ", 1)[1]
    async with httpx.AsyncClient(
        timeout=settings.peer_timeout_seconds, transport=traced_transport()
    ) as client:
        peers = DiffPeers(
            client,
            mapper_url=settings.mapper_url,
            logger_url=settings.logger_url,
            bearer_token=token,
        )
        return await service.mapping_diff(
            session=session,
            tenant_id=principal.tenant_id,
            run_id=run_id,
            version=version,
            peers=peers,
        )
