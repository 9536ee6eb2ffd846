"""Use cases of integrations: create, read, delete, and configure the order flow."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.integrations import errors, registry, repository, schemas
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow


def check_connectors(source_connector: str, target_connector: str) -> None:
    """Refuse a pair no flow supports, naming the field that is wrong."""
    pairs = registry.supported_pairs()
    sources = sorted({source for source, _ in pairs})
    if source_connector not in sources:
        raise errors.UnsupportedConnector(
            "source_connector",
            f"No flow reads from connector {source_connector!r}; supported: {', '.join(sources)}.",
        )
    targets = sorted(target for source, target in pairs if source == source_connector)
    if target_connector not in targets:
        raise errors.UnsupportedConnector(
            "target_connector",
            f"No flow goes from {source_connector!r} to {target_connector!r}; "
            f"supported targets: {', '.join(targets)}.",
        )


async def create(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_in: schemas.IntegrationIn
) -> Integration:
    check_connectors(integration_in.source_connector, integration_in.target_connector)
    if integration_in.source_connection_id == integration_in.target_connection_id:
        raise errors.SameConnection()
    integration = Integration(id=uuid.uuid4(), tenant_id=tenant_id, **integration_in.model_dump())
    async with session.begin():
        await repository.add(session, integration=integration)
    return integration


async def get(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> Integration:
    integration = await repository.get(session, tenant_id=tenant_id, integration_id=integration_id)
    if integration is None:
        raise errors.IntegrationNotFound(integration_id)
    return integration


async def list_all(*, session: AsyncSession, tenant_id: uuid.UUID) -> Sequence[Integration]:
    return await repository.list_for_tenant(session, tenant_id=tenant_id)


async def delete(*, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID) -> None:
    """Remove the integration and its flows; runs already started finish on their own."""
    async with session.begin():
        removed = await repository.remove(
            session, tenant_id=tenant_id, integration_id=integration_id
        )
    if not removed:
        raise errors.IntegrationNotFound(integration_id)


async def configure_order_flow(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow_in: schemas.OrderFlowIn,
) -> IntegrationFlow:
    async with session.begin():
        integration = await get(session=session, tenant_id=tenant_id, integration_id=integration_id)
        pair = (integration.source_connector, integration.target_connector)
        if pair not in registry.FLOW_CONNECTOR_PAIRS[orders.FLOW]:
            raise errors.UnsupportedConnector(
                "flow", f"The order flow does not support {pair[0]!r} to {pair[1]!r}."
            )
        flow = await repository.save_flow(
            session,
            tenant_id=tenant_id,
            integration_id=integration_id,
            flow=orders.FLOW,
            direction=flow_in.direction,
            is_active=flow_in.is_active,
            settings=flow_in.settings.model_dump(mode="json"),
        )
    return flow


async def list_flows(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> Sequence[IntegrationFlow]:
    await get(session=session, tenant_id=tenant_id, integration_id=integration_id)
    return await repository.list_flows(session, tenant_id=tenant_id, integration_id=integration_id)
