"""Building the first row of a run: which side is read, which is written, with what settings."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from syncyard_orchestrator.flows import flow_rules, orders, records
from syncyard_orchestrator.integrations import connector_capabilities
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow
from syncyard_orchestrator.runs.tables import Run


def other_side(
    integration: Integration, read_connection_id: uuid.UUID
) -> tuple[str, uuid.UUID, str]:
    """(connector read, connection written, connector written) when ``read_connection_id`` is
    the side a change came from."""
    if read_connection_id == integration.source_connection_id:
        return (
            integration.source_connector,
            integration.target_connection_id,
            integration.target_connector,
        )
    return (
        integration.target_connector,
        integration.source_connection_id,
        integration.source_connector,
    )


def settings_of(flow: IntegrationFlow) -> BaseModel:
    return flow_rules.SETTINGS_MODELS[flow.flow].model_validate(flow.settings)


def _row(
    *,
    state: BaseModel,
    flow: IntegrationFlow,
    source_connection_id: uuid.UUID,
    source_entity_id: str,
    now: datetime,
    job_id: uuid.UUID | None = None,
) -> Run:
    dumped: dict[str, Any] = state.model_dump(mode="json")
    return Run(
        id=dumped["id"] if isinstance(dumped["id"], uuid.UUID) else uuid.UUID(dumped["id"]),
        tenant_id=flow.tenant_id,
        integration_id=flow.integration_id,
        flow=flow.flow,
        source_connection_id=source_connection_id,
        source_entity_id=source_entity_id[:200],
        entity_ref=None,
        state=dumped["state"],
        state_json=dumped,
        # The run keeps the settings it started with, whatever changes meanwhile.
        settings_json=settings_of(flow).model_dump(mode="json"),
        version=0,
        pending_command_id=None,
        lease_expires_at=None,
        created_at=now,
        updated_at=now,
        finished_at=None,
        job_id=job_id,
        step_history=[],
    )


def order_run(
    *,
    run_id: uuid.UUID,
    integration: Integration,
    flow: IntegrationFlow,
    read_connection_id: uuid.UUID,
    source_order_id: str,
    now: datetime,
) -> Run:
    source_connector, target_connection_id, target_connector = other_side(
        integration, read_connection_id
    )
    initial = orders.OrderRun(
        id=run_id,
        tenant_id=integration.tenant_id,
        integration_id=integration.id,
        source_connection_id=read_connection_id,
        target_connection_id=target_connection_id,
        source_connector=source_connector,
        target_connector=target_connector,
        source_order_id=source_order_id,
    )
    return _row(
        state=initial,
        flow=flow,
        source_connection_id=read_connection_id,
        source_entity_id=source_order_id,
        now=now,
    )


def record_run(
    *,
    run_id: uuid.UUID,
    integration: Integration,
    flow: IntegrationFlow,
    read_connection_id: uuid.UUID,
    source_id: str,
    links: dict[str, str],
    now: datetime,
    job_id: uuid.UUID | None = None,
    found_id: str | None = None,
    flow_name: str | None = None,
    categories_synced: bool = False,
) -> Run:
    source_connector, target_connection_id, target_connector = other_side(
        integration, read_connection_id
    )
    initial = records.RecordRun(
        id=run_id,
        tenant_id=integration.tenant_id,
        integration_id=integration.id,
        flow=flow_name or flow.flow,
        source_connection_id=read_connection_id,
        target_connection_id=target_connection_id,
        source_connector=source_connector,
        target_connector=target_connector,
        source_id=source_id,
        links=links,
        job_id=job_id,
        found_id=found_id,
        categories_synced=categories_synced,
        target_product_fields=connector_capabilities.product_fields(target_connector),
    )
    row = _row(
        state=initial,
        flow=flow,
        source_connection_id=read_connection_id,
        source_entity_id=source_id,
        now=now,
        job_id=job_id,
    )
    row.flow = initial.flow
    return row
