"""What an integration's active flows read from each of its connections, told to the gateway.

The gateway polls only entities some active flow reads (issue 10.9): it learns them from
``integration.reads.changed.v1``, staged in the outbox in the transaction that changes the
flows, so the snapshot and the change it describes commit together."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope, integrations
from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.integrations import repository
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow
from syncyard_orchestrator.schema import SCHEMA, SOURCE


def reads_of(
    integration: Integration, flows: Sequence[IntegrationFlow]
) -> dict[uuid.UUID, set[str]]:
    """Connection → entities read from it (pure). A flow reads its entity from the side(s)
    its direction starts at; orders that sync their status back also read the side written."""
    reads: dict[uuid.UUID, set[str]] = {
        integration.source_connection_id: set(),
        integration.target_connection_id: set(),
    }
    for flow in flows:
        if not flow.is_active:
            continue
        if flow.flow == orders.FLOW and flow.settings.get("sync_status_back"):
            reads[integration.source_connection_id].add(flow.flow)
            reads[integration.target_connection_id].add(flow.flow)
            continue
        if flow.direction in ("source_to_target", "both"):
            reads[integration.source_connection_id].add(flow.flow)
        if flow.direction in ("target_to_source", "both"):
            reads[integration.target_connection_id].add(flow.flow)
    return reads


async def announce(
    session: AsyncSession,
    *,
    integration: Integration,
    flows: Sequence[IntegrationFlow] | None,
    now: datetime,
) -> None:
    """Stage the integration's reads (``flows`` None: the integration is gone, reads nothing)."""
    if flows is None:
        reads: dict[uuid.UUID, set[str]] = {
            integration.source_connection_id: set(),
            integration.target_connection_id: set(),
        }
    else:
        reads = reads_of(integration, flows)
    message = integrations.IntegrationReadsChangedV1(
        integration_id=integration.id,
        reads=[
            integrations.ConnectionReads(connection_id=connection_id, entities=sorted(entities))
            for connection_id, entities in reads.items()
        ],
        as_of=now,
    )
    await outbox.add(
        session,
        schema=SCHEMA,
        envelope=Envelope(
            type=message.type,
            source=SOURCE,
            subject=integration.name,
            tenant_id=integration.tenant_id,
            integration_id=integration.id,
            payload=message.model_dump(mode="json"),
        ),
    )


async def announce_current(session: AsyncSession, *, integration: Integration) -> None:
    """Stage the integration's reads as committed after this transaction: the integration's
    row is locked first, so two flow changes at once announce one after the other and the
    later snapshot (newer ``as_of``) holds both."""
    await session.execute(
        select(Integration.id).where(Integration.id == integration.id).with_for_update()
    )
    flows = await repository.list_flows(
        session, tenant_id=integration.tenant_id, integration_id=integration.id
    )
    # The clock is read once the lock is held: the later of two changes has the newer as_of.
    await announce(session, integration=integration, flows=flows, now=datetime.now(UTC))


async def announce_all(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """Every integration's reads (start-up): a gateway that missed a message, or never had
    the table, learns the whole picture. One short transaction each, with the same lock as a
    flow change, so a change made meanwhile is never overtaken by an older picture. Returns
    how many were announced."""
    async with sessionmaker() as session, session.begin():
        found = (await session.execute(select(Integration))).scalars().all()
    for integration in found:
        async with sessionmaker() as session, session.begin():
            await announce_current(session, integration=integration)
    return len(found)
