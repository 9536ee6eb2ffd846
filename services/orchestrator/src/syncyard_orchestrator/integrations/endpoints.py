"""Routes of integrations and their flows; tenant from the token, writes for admin/operator."""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response, status

from syncyard_common.web import etag, integration_owner
from syncyard_orchestrator.deps import FlowPath, PrincipalDep, SessionDep, WriterDep
from syncyard_orchestrator.flows import flow_rules
from syncyard_orchestrator.integrations import errors, flow_routes, references, schemas, service
from syncyard_orchestrator.settings import OrchestratorSettings

router = APIRouter(tags=["integrations"])


@router.post(
    "/v1/integrations", status_code=status.HTTP_201_CREATED, response_model=schemas.IntegrationOut
)
async def create_integration(
    integration_in: schemas.IntegrationIn,
    request: Request,
    session: SessionDep,
    principal: WriterDep,
) -> Any:
    """Both connections must be the tenant's own, of the connectors named (checked at the
    gateway with the caller's token): 404 for an unknown or foreign id, 422 for a mismatch.

    Saved first, checked then: a connection deleted meanwhile is either seen in use by the
    gateway's delete (409 there) or gone at the check (404 here, and nothing kept), never
    both deleted and used (the gateway holds the connection's row while it deletes)."""
    if integration_in.source_connection_id == integration_in.target_connection_id:
        await _check_references(request, integration_in)  # 404 for an unknown one, first
    created = await service.create(
        session=session, tenant_id=principal.tenant_id, integration_in=integration_in
    )
    try:
        await _check_references(request, integration_in)
    except Exception:
        await service.forget_unconfirmed(
            session=session, tenant_id=principal.tenant_id, integration_id=created.id
        )
        raise
    return created


async def _check_references(request: Request, integration_in: schemas.IntegrationIn) -> None:
    settings: OrchestratorSettings = request.app.state.settings
    await references.check(
        integration_in=integration_in,
        gateway_url=settings.gateway_url,
        credentials=integration_owner.caller_credentials(request.headers),
        timeout=settings.peer_timeout_seconds,
    )


@router.get("/v1/integrations", response_model=schemas.IntegrationList)
async def list_integrations(
    session: SessionDep, principal: PrincipalDep, connection_id: uuid.UUID | None = None
) -> Any:
    """``connection_id``: only the integrations that use this connection (either side); the
    gateway asks this before it deletes a connection."""
    items = await service.list_all(
        session=session, tenant_id=principal.tenant_id, connection_id=connection_id
    )
    return {"items": items}


@router.get("/v1/integrations/{integration_id}", response_model=schemas.IntegrationOut)
async def get_integration(
    integration_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> Any:
    return await service.get(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id
    )


@router.delete("/v1/integrations/{integration_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_integration(
    integration_id: uuid.UUID, session: SessionDep, principal: WriterDep
) -> None:
    await service.delete(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id
    )


for _flow in flow_rules.FLOW_NAMES:  # before the {flow} routes below, which they document
    flow_routes.add(router, _flow)


# Any flow by name, out of the document (each flow has its own paths there, above); an
# unknown flow is a 422 naming the flows.
@router.put(
    "/v1/integrations/{integration_id}/flows/{flow}",
    response_model=schemas.FlowOut,
    include_in_schema=False,
)
async def configure_flow(
    integration_id: uuid.UUID,
    flow: FlowPath,
    flow_in: schemas.FlowIn,
    session: SessionDep,
    principal: WriterDep,
    response: Response,
    if_match: etag.IfMatch = None,
) -> Any:
    """With ``If-Match`` (the ETag of GET .../flows/{flow}): 412 ``etag_mismatch`` and nothing
    changed if someone saved the flow since; without it the settings are overwritten."""
    return await flow_routes.save_with_etag(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        flow_in=flow_in,
        if_match=if_match,
        response=response,
    )


@router.get(
    "/v1/integrations/{integration_id}/flows/{flow}",
    response_model=schemas.FlowOut,
    include_in_schema=False,
)
async def get_flow(
    integration_id: uuid.UUID,
    flow: FlowPath,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
) -> Any:
    """One flow's settings with its version as ``ETag`` (send it back as ``If-Match``)."""
    return await flow_routes.read_with_etag(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        response=response,
    )


@router.get("/v1/integrations/{integration_id}/flows", response_model=schemas.FlowList)
async def list_flows(
    integration_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> Any:
    items = await service.list_flows(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id
    )
    return {"items": items}


@router.get("/v1/flows")
async def list_flow_kinds(_principal: PrincipalDep) -> dict[str, Any]:
    """Every flow with its directions and settings JSON Schema, for a frontend's forms."""
    return {"items": flow_rules.describe()}


@router.get("/v1/flows/{flow}/settings-schema")
async def flow_settings_schema(flow: FlowPath, _principal: PrincipalDep) -> dict[str, Any]:
    """JSON Schema of one flow's settings."""
    model = flow_rules.SETTINGS_MODELS.get(flow)
    if model is None:
        raise errors.UnknownFlow(flow, flow_rules.FLOW_NAMES)
    return model.model_json_schema()
