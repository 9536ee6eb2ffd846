"""Use cases of integrations: create, read, delete, and configure the order flow."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web import etag
from syncyard_orchestrator.flows import flow_rules
from syncyard_orchestrator.integrations import (
    connector_capabilities,
    errors,
    owners,
    reads,
    repository,
    schemas,
)
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow


def check_connectors(source_connector: str, target_connector: str) -> None:
    """Refuse a pair no flow supports, naming the field that is wrong."""
    pairs = connector_capabilities.supported_pairs()
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
    # The id is minted here, never taken from the caller; its owner is told with the row.
    integration = Integration(id=uuid.uuid4(), tenant_id=tenant_id, **integration_in.model_dump())
    async with session.begin():
        await repository.add(session, integration=integration)
        await owners.announce(session, integration=integration, now=datetime.now(UTC))
    return integration


async def forget_unconfirmed(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> None:
    """Remove an integration just saved whose connections were then not confirmed. It has no
    flows yet, so the gateway was never told of reads; the mapper may have been told its
    owner (``integration.owned.v1``), which stays right, since an id is never reused."""
    async with session.begin():
        await repository.remove(session, tenant_id=tenant_id, integration_id=integration_id)


async def get(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> Integration:
    integration = await repository.get(session, tenant_id=tenant_id, integration_id=integration_id)
    if integration is None:
        raise errors.IntegrationNotFound(integration_id)
    return integration


async def list_all(
    *, session: AsyncSession, tenant_id: uuid.UUID, connection_id: uuid.UUID | None = None
) -> Sequence[Integration]:
    return await repository.list_for_tenant(
        session, tenant_id=tenant_id, connection_id=connection_id
    )


async def delete(*, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID) -> None:
    """Remove the integration and its flows; runs already started finish on their own."""
    async with session.begin():
        integration = await repository.get(
            session, tenant_id=tenant_id, integration_id=integration_id
        )
        if integration is None:
            raise errors.IntegrationNotFound(integration_id)
        await repository.remove(session, tenant_id=tenant_id, integration_id=integration_id)
        await reads.announce(session, integration=integration, flows=None, now=datetime.now(UTC))


def _settings(flow: str, raw: dict[str, Any]) -> BaseModel:
    """The flow's settings validated against its own schema; 422 names the first bad field."""
    model = flow_rules.SETTINGS_MODELS[flow]
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in ("settings", *first["loc"]))
        raise errors.InvalidFlowSettings(where, f"{where}: {first['msg']}") from None


def sides(integration: Integration, direction: str) -> list[tuple[uuid.UUID, str, uuid.UUID, str]]:
    """(reading connection, its connector, writing connection, its connector) per direction."""
    forward = (
        integration.source_connection_id,
        integration.source_connector,
        integration.target_connection_id,
        integration.target_connector,
    )
    backward = (forward[2], forward[3], forward[0], forward[1])
    return {"source_to_target": [forward], "target_to_source": [backward]}.get(
        direction, [forward, backward]
    )


def _check_capabilities(flow: str, integration: Integration, direction: str) -> None:
    """Refuse at configuration time what a connector cannot do, with the reason."""
    for _, reader, _, writer in sides(integration, direction):
        reader_title = connector_capabilities.title(reader)
        writer_title = connector_capabilities.title(writer)
        if not connector_capabilities.can(reader, "reads", flow):
            raise errors.FlowNotSupported(
                "direction",
                f"{reader_title} cannot read {flow}, so the {flow} flow cannot go "
                f"from {reader_title} to {writer_title}.",
            )
        if not connector_capabilities.can(writer, "writes", flow):
            raise errors.FlowNotSupported(
                "direction",
                f"{writer_title} cannot write {flow}, so the {flow} flow cannot go "
                f"from {reader_title} to {writer_title}.",
            )


async def _check_one_direction(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration: Integration,
    flow: str,
    direction: str,
) -> None:
    """A second active direction of a one-way flow between the same connections is a 409."""
    reader = sides(integration, direction)[0][0]
    pair = {integration.source_connection_id, integration.target_connection_id}
    for other, other_flow in await repository.active_flows(session, tenant_id=tenant_id, flow=flow):
        if other.id == integration.id:
            continue
        if {other.source_connection_id, other.target_connection_id} != pair:
            continue
        if sides(other, other_flow.direction)[0][0] != reader:
            raise errors.DirectionConflict(
                f"The {flow} flow already runs the other way between these connections "
                f"(integration {other.name!r}); only one {flow} direction may be active. "
                "Switch that one off first.",
                integration_id=other.id,
            )


def flow_etag(saved: IntegrationFlow) -> str:
    """The flow's version as ``ETag``: a hash of what GET shows (settings included)."""
    return etag.tag(schemas.FlowOut.model_validate(saved).model_dump(mode="json"))


async def get_flow(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> IntegrationFlow:
    async with session.begin():
        await get(session=session, tenant_id=tenant_id, integration_id=integration_id)
        saved = await repository.get_flow(
            session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
        )
    if saved is None:
        raise errors.FlowNotConfigured(flow)
    return saved


async def _check_version(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    if_match: str,
) -> None:
    """412 unless ``If-Match`` names the flow's current version (checked under a row lock)."""
    await repository.lock(session, tenant_id=tenant_id, integration_id=integration_id)
    current = await repository.get_flow(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    etag.check(if_match, flow_etag(current) if current is not None else '"not-configured"')


async def configure_flow(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    flow_in: schemas.FlowIn,
    if_match: str | None = None,
) -> IntegrationFlow:
    """``if_match``: the ETag the caller read; 412 etag_mismatch when the flow changed since."""
    if flow not in flow_rules.FLOW_NAMES:
        raise errors.UnknownFlow(flow, flow_rules.FLOW_NAMES)
    settings = _settings(flow, flow_in.settings)
    if flow_in.direction == "both" and flow not in flow_rules.BOTH_WAYS:
        raise errors.FlowNotSupported(
            "direction", f"The {flow} flow runs one way only; choose a direction."
        )
    async with session.begin():
        integration = await get(session=session, tenant_id=tenant_id, integration_id=integration_id)
        if if_match is not None:
            await _check_version(
                session,
                tenant_id=tenant_id,
                integration_id=integration_id,
                flow=flow,
                if_match=if_match,
            )
        _check_capabilities(flow, integration, flow_in.direction)
        if flow_in.is_active and flow in flow_rules.ONE_WAY_ONLY:
            await _check_one_direction(
                session,
                tenant_id=tenant_id,
                integration=integration,
                flow=flow,
                direction=flow_in.direction,
            )
        saved = await repository.save_flow(
            session,
            tenant_id=tenant_id,
            integration_id=integration_id,
            flow=flow,
            direction=flow_in.direction,
            is_active=flow_in.is_active,
            settings=settings.model_dump(mode="json"),
        )
        await reads.announce_current(session, integration=integration)
    return saved


async def list_flows(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> Sequence[IntegrationFlow]:
    await get(session=session, tenant_id=tenant_id, integration_id=integration_id)
    return await repository.list_flows(session, tenant_id=tenant_id, integration_id=integration_id)
