"""Several messages staged in one statement leave exactly like messages staged one by one."""

import uuid

import aio_pika
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import consumer, outbox, publisher
from syncyard_common.db import engine as db_engine
from syncyard_common.messages import Envelope
from tests.fixtures.eventually import eventually
from tests.integration.common.relayed import relayed
from tests.integration.common.test_outbox_drain import broker, schema

pytestmark = pytest.mark.integration
__all__ = ["broker", "schema"]  # module fixtures shared with test_outbox_drain


def _envelopes(count: int) -> list[Envelope]:
    tenant = uuid.uuid4()
    return [
        Envelope(type="audit.step.recorded.v1", source="test", tenant_id=tenant, payload={"n": n})
        for n in range(count)
    ]


async def test_staged_together_published_after_commit_only(
    schema: tuple[AsyncEngine, str], broker: aio_pika.abc.AbstractRobustConnection
) -> None:
    engine, name = schema
    sessions = db_engine.create_sessionmaker(engine)
    pub = publisher.Publisher(broker)
    await pub.start()
    relay = outbox.OutboxRelay(engine, schema=name, publisher=pub)
    received: list[Envelope] = []

    async def handle(envelope: Envelope) -> None:
        received.append(envelope)

    sink = consumer.Consumer(broker, queue="logger.audit", handler=handle)
    await sink.start()
    await relay.start()
    rolled_back, committed = _envelopes(3), _envelopes(4)
    try:
        async with sessions() as session, session.begin():
            await outbox.add_all(session, schema=name, envelopes=rolled_back)
            await session.rollback()
        async with sessions() as session, session.begin():
            await outbox.add_all(session, schema=name, envelopes=committed)
            await outbox.add_all(session, schema=name, envelopes=[])  # nothing, no error
        await eventually(lambda: len(received) >= len(committed), timeout=15)
        await relayed(engine, name, received)  # the rolled back rows would be out too
        assert sorted(e.id for e in received) == sorted(e.id for e in committed)
        by_id = {e.id: e for e in received}
        for sent in committed:  # every field travels as with outbox.add
            assert by_id[sent.id] == sent
        async with engine.connect() as conn:
            pending = await conn.execute(
                text(f'SELECT count(*) FROM "{name}".outbox WHERE published_at IS NULL')
            )
            assert pending.scalar() == 0
    finally:
        await relay.stop()
        await sink.stop()
        await pub.close()
