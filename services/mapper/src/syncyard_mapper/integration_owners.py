"""Queue ``mapper.integrations``: the orchestrator's word on which tenant owns an integration.

The orchestrator owns integrations and mints their ids; the mapper keeps mappings, value maps
and mapping tests per integration id and, until it hears, lets the first tenant that writes
for an id claim it. ``integration.owned.v1`` settles it (decision 0010): another tenant's
claim gives way and that tenant's rows for the integration are removed."""

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import inbox
from syncyard_common.broker.consumer import Handler
from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope, integrations
from syncyard_common.telemetry import get_logger
from syncyard_mapper.integrations import owner_of_record, ownership
from syncyard_mapper.mapping_tests.tables import mapping_test
from syncyard_mapper.mappings.tables import mapping
from syncyard_mapper.schema import SCHEMA
from syncyard_mapper.value_maps.tables import value_map

QUEUE = "mapper.integrations"
# Every table that holds a tenant's rows per integration id.
PER_INTEGRATION = (mapping, value_map, mapping_test)
_log = get_logger(__name__)


async def record(
    session: AsyncSession, *, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> owner_of_record.Settlement:
    """Record ``tenant_id`` as the integration's owner; remove every other tenant's rows for
    it. The claim's row is taken exclusively first: a write under way commits before this
    reads, and a later one finds the owner and is refused."""
    await ownership.claim_quietly(session, tenant_id=tenant_id, integration_id=integration_id)
    claimed_by = await ownership.owner_of(session, integration_id, lock="update")
    settlement = owner_of_record.settle(claimed_by=claimed_by, announced=tenant_id)
    if not settlement.is_change:
        return settlement
    await ownership.hand_over(session, tenant_id=tenant_id, integration_id=integration_id)
    removed = 0
    for table in PER_INTEGRATION:
        result = await session.execute(
            sa.delete(table).where(
                table.c.integration_id == integration_id, table.c.tenant_id != tenant_id
            )
        )
        removed += getattr(result, "rowcount", 0) or 0
    _log.warning(
        "another tenant had claimed the integration: its owner of record takes it",
        security=True,
        integration_id=str(integration_id),
        owner=str(tenant_id),
        squatter=str(settlement.squatter),
        rows_removed=removed,
    )
    return settlement


def make_handler(sessionmaker: async_sessionmaker[AsyncSession]) -> Handler:
    """The handler of ``mapper.integrations``."""

    async def on_integration_owned(envelope: Envelope) -> None:
        if envelope.type != "integration.owned.v1":
            raise PermanentError("unknown_message", f"{QUEUE} takes no {envelope.type!r}.")
        message = integrations.IntegrationOwnedV1.model_validate(envelope.payload)
        async with sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=QUEUE, message_id=envelope.id
            ):
                return
            await record(
                session, tenant_id=message.tenant_id, integration_id=message.integration_id
            )

    return on_integration_owned
