"""Who owns each integration, told to the services that keep data per integration id.

The mapper stores mappings per integration id and cannot see integrations; it learns each
one's tenant from ``integration.owned.v1`` (decision 0010), staged in the outbox in the
transaction that creates the integration, so the owner is told exactly when the integration
exists. Every integration is told again at start-up: a system upgraded with integrations made
before the message existed, or a mapper that lost a message, learns the whole picture."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope, integrations
from syncyard_orchestrator.integrations.tables import Integration
from syncyard_orchestrator.schema import SCHEMA, SOURCE

# Start-up: this many integrations' messages per transaction (one statement each).
BATCH = 500


def envelope_of(integration: Integration, *, now: datetime) -> Envelope:
    """The integration's owner as an ``integration.owned.v1`` envelope (pure)."""
    message = integrations.IntegrationOwnedV1(
        integration_id=integration.id, tenant_id=integration.tenant_id, as_of=now
    )
    return Envelope(
        type=message.type,
        source=SOURCE,
        subject=integration.name,
        tenant_id=integration.tenant_id,
        integration_id=integration.id,
        payload=message.model_dump(mode="json"),
    )


async def announce(session: AsyncSession, *, integration: Integration, now: datetime) -> None:
    """Stage the integration's owner in the caller's transaction."""
    await outbox.add(session, schema=SCHEMA, envelope=envelope_of(integration, now=now))


async def announce_all(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """Every integration's owner (start-up), a batch per transaction. An integration's tenant
    never changes, so no lock is needed against a change made meanwhile. Returns how many."""
    async with sessionmaker() as session, session.begin():
        found: Sequence[Integration] = (await session.execute(select(Integration))).scalars().all()
    now = datetime.now(UTC)
    for start in range(0, len(found), BATCH):
        envelopes = [envelope_of(item, now=now) for item in found[start : start + BATCH]]
        async with sessionmaker() as session, session.begin():
            await outbox.add_all(session, schema=SCHEMA, envelopes=envelopes)
    return len(found)
