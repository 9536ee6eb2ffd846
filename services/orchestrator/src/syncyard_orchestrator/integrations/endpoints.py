"""Routes of integrations and their flows; tenant from the token, writes for admin/operator."""

import uuid
from typing import Any

from fastapi import APIRouter, status

from syncyard_orchestrator.deps import PrincipalDep, SessionDep, WriterDep
from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.integrations import schemas, service

router = APIRouter(tags=["integrations"])


@router.post(
    "/v1/integrations", status_code=status.HTTP_201_CREATED, response_model=schemas.IntegrationOut
)
async def create_integration(
    integration_in: schemas.IntegrationIn, session: SessionDep, principal: WriterDep
) -> Any:
    return await service.create(
        session=session, tenant_id=principal.tenant_id, integration_in=integration_in
    )


@router.get("/v1/integrations", response_model=schemas.IntegrationList)
async def list_integrations(session: SessionDep, principal: PrincipalDep) -> Any:
    items = await service.list_all(session=session, tenant_id=principal.tenant_id)
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


@router.put("/v1/integrations/{integration_id}/flows/orders", response_model=schemas.FlowOut)
async def configure_order_flow(
    integration_id: uuid.UUID,
    flow_in: schemas.OrderFlowIn,
    session: SessionDep,
    principal: WriterDep,
) -> Any:
    return await service.configure_order_flow(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow_in=flow_in,
    )


@router.get("/v1/integrations/{integration_id}/flows", response_model=schemas.FlowList)
async def list_flows(
    integration_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> Any:
    items = await service.list_flows(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id
    )
    return {"items": items}


@router.get("/v1/flows/orders/settings-schema")
async def order_flow_settings_schema(_principal: PrincipalDep) -> dict[str, Any]:
    """JSON Schema of the order flow's settings, for a frontend to render as a form."""
    return orders.OrderFlowSettings.model_json_schema()
