"""All SQL about integrations and flows; every query is scoped to one tenant."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow


async def add(session: AsyncSession, *, integration: Integration) -> None:
    session.add(integration)
    await session.flush()
    await session.refresh(integration)


async def get(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> Integration | None:
    statement = select(Integration).where(
        Integration.tenant_id == tenant_id, Integration.id == integration_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_for_tenant(
    session: AsyncSession, *, tenant_id: uuid.UUID, connection_id: uuid.UUID | None = None
) -> Sequence[Integration]:
    """The tenant's integrations; with ``connection_id`` only those using that connection."""
    statement = select(Integration).where(Integration.tenant_id == tenant_id)
    if connection_id is not None:
        statement = statement.where(
            (Integration.source_connection_id == connection_id)
            | (Integration.target_connection_id == connection_id)
        )
    statement = statement.order_by(Integration.created_at, Integration.id)
    return (await session.execute(statement)).scalars().all()


async def remove(session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID) -> bool:
    statement = delete(Integration).where(
        Integration.tenant_id == tenant_id, Integration.id == integration_id
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def save_flow(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    direction: str,
    is_active: bool,
    settings: dict[str, Any],
) -> IntegrationFlow:
    """Insert or replace one flow of an integration."""
    values = {"direction": direction, "is_active": is_active, "settings": settings}
    statement = (
        insert(IntegrationFlow)
        .values(integration_id=integration_id, flow=flow, tenant_id=tenant_id, **values)
        .on_conflict_do_update(
            index_elements=["integration_id", "flow"],
            set_={**values, "updated_at": func.now()},
        )
        .returning(IntegrationFlow)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one()


async def lock(session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID) -> None:
    """Hold the integration's row until the transaction ends: flow edits one at a time."""
    statement = (
        select(Integration.id)
        .where(Integration.tenant_id == tenant_id, Integration.id == integration_id)
        .with_for_update()
    )
    await session.execute(statement)


async def get_flow(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> IntegrationFlow | None:
    statement = select(IntegrationFlow).where(
        IntegrationFlow.tenant_id == tenant_id,
        IntegrationFlow.integration_id == integration_id,
        IntegrationFlow.flow == flow,
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_flows(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> Sequence[IntegrationFlow]:
    statement = (
        select(IntegrationFlow)
        .where(
            IntegrationFlow.tenant_id == tenant_id, IntegrationFlow.integration_id == integration_id
        )
        .order_by(IntegrationFlow.flow)
    )
    return (await session.execute(statement)).scalars().all()


async def active_flows(
    session: AsyncSession, *, tenant_id: uuid.UUID, flow: str
) -> Sequence[tuple[Integration, IntegrationFlow]]:
    """The tenant's integrations with ``flow`` switched on."""
    statement = (
        select(Integration, IntegrationFlow)
        .join(IntegrationFlow, IntegrationFlow.integration_id == Integration.id)
        .where(
            Integration.tenant_id == tenant_id,
            IntegrationFlow.flow == flow,
            IntegrationFlow.is_active.is_(True),
        )
        .order_by(Integration.id)
    )
    return [(row[0], row[1]) for row in (await session.execute(statement)).all()]


# Asked for every changed record and order: built once, its values bound per call (building
# a statement costs more CPU than SQLAlchemy's cached compilation of it).
_READING_FROM = (
    select(Integration, IntegrationFlow)
    .join(IntegrationFlow, IntegrationFlow.integration_id == Integration.id)
    .where(
        Integration.tenant_id == bindparam("tenant_id"),
        IntegrationFlow.flow == bindparam("flow"),
        IntegrationFlow.is_active.is_(True),
        or_(
            and_(
                Integration.source_connection_id == bindparam("connection_id"),
                IntegrationFlow.direction.in_(("source_to_target", "both")),
            ),
            and_(
                Integration.target_connection_id == bindparam("connection_id"),
                IntegrationFlow.direction.in_(("target_to_source", "both")),
            ),
        ),
    )
    .order_by(Integration.id)
)


async def active_reading_from(
    session: AsyncSession, *, tenant_id: uuid.UUID, connection_id: uuid.UUID, flow: str
) -> Sequence[tuple[Integration, IntegrationFlow]]:
    """Active ``flow``s whose direction makes this connection the side that is read."""
    values = {"tenant_id": tenant_id, "connection_id": connection_id, "flow": flow}
    return [(row[0], row[1]) for row in (await session.execute(_READING_FROM, values)).all()]


async def flow_of(
    session: AsyncSession, *, integration_id: uuid.UUID, flow: str
) -> tuple[Integration, IntegrationFlow] | None:
    """The integration and one of its flows, whether switched on or not."""
    statement = (
        select(Integration, IntegrationFlow)
        .join(IntegrationFlow, IntegrationFlow.integration_id == Integration.id)
        .where(Integration.id == integration_id, IntegrationFlow.flow == flow)
    )
    row = (await session.execute(statement)).first()
    return (row[0], row[1]) if row is not None else None
