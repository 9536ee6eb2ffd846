"""Route of the dry run; any role may ask (nothing is written), tenant from the token."""

import uuid
from datetime import UTC, datetime

import httpx
from fastapi import APIRouter, Request

from syncyard_common.telemetry import traced_transport
from syncyard_orchestrator.deps import FlowPath, PrincipalDep, SessionDep
from syncyard_orchestrator.dry_run import service
from syncyard_orchestrator.dry_run.peers import Peers
from syncyard_orchestrator.dry_run.schemas import DryRunIn, DryRunOut
from syncyard_orchestrator.settings import OrchestratorSettings

router = APIRouter(tags=["dry run"])


@router.post("/v1/integrations/{integration_id}/flows/{flow}/dry-run")
async def dry_run(
    integration_id: uuid.UUID,
    flow: FlowPath,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    dry_run_in: DryRunIn | None = None,
) -> DryRunOut:
    """What the configured flow would do with the source's first records; writes nothing."""
    settings: OrchestratorSettings = request.app.state.settings
    # The caller's own token: the gateway and the mapper apply the caller's tenant and role.
    token = request.headers["authorization"].split(" ", 1)[1]
    async with httpx.AsyncClient(
        timeout=settings.peer_timeout_seconds, transport=traced_transport()
    ) as client:
        peers = Peers(
            client,
            gateway_url=settings.gateway_url,
            mapper_url=settings.mapper_url,
            bearer_token=token,
        )
        return await service.dry_run(
            session=session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            flow=flow,
            dry_run_in=dry_run_in or DryRunIn(),
            peers=peers,
            now=datetime.now(UTC),
        )
