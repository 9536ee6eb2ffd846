"""Queue ``gateway.reads``: the orchestrator's snapshots of what active flows read.

The orchestrator owns integrations and flows; the gateway keeps only this copy, so polling
can skip feeds nobody reads (a till publishes thousands of changes nobody would use)."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import inbox
from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope, integrations
from syncyard_common.telemetry import get_logger
from syncyard_gateway.connections import repository as connections
from syncyard_gateway.polling import readers
from syncyard_gateway.schema import SCHEMA

READS_QUEUE = "gateway.reads"
_log = get_logger(__name__)


class ReadsConsumer:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def __call__(self, envelope: Envelope) -> None:
        if envelope.type != "integration.reads.changed.v1":
            raise PermanentError("unknown_message", f"{READS_QUEUE} takes no {envelope.type!r}.")
        message = integrations.IntegrationReadsChangedV1.model_validate(envelope.payload)
        async with self._sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=READS_QUEUE, message_id=envelope.id
            ):
                return
            reads = {}
            for item in message.reads:
                found = await connections.get_unscoped(session, connection_id=item.connection_id)
                if found is not None and found.tenant_id != envelope.tenant_id:
                    _log.warning(
                        "reads name another tenant's connection",
                        security=True,
                        message_id=str(envelope.id),
                        connection_id=str(item.connection_id),
                    )
                    continue  # R24: never let one tenant switch another's polling on
                reads[item.connection_id] = item.entities
            await readers.store_snapshot(
                session,
                tenant_id=envelope.tenant_id,
                integration_id=message.integration_id,
                reads=reads,
                as_of=message.as_of,
            )
