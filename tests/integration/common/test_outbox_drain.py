"""A stopping relay (a pod told to terminate) publishes the rows its consumers' last handlers
staged while they drained, instead of leaving them to another replica's relay."""

import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import connection, consumer, outbox, publisher, topology
from syncyard_common.db import engine as db_engine
from syncyard_common.db import messaging_tables
from syncyard_common.messages import Envelope
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration
ROWS = 150  # more than one relay batch


@pytest.fixture
async def schema(postgres_url: str) -> AsyncIterator[tuple[AsyncEngine, str]]:
    name = f"t_{uuid.uuid4().hex[:10]}"
    engine = db_engine.create_engine(postgres_url)
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{name}"'))

        def create(sync_conn: Connection) -> None:
            messaging_tables.create(Operations(MigrationContext.configure(sync_conn)), name)

        await conn.run_sync(create)
    yield engine, name
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    await engine.dispose()


@pytest.fixture
async def broker(rabbitmq_url: str) -> AsyncIterator[aio_pika.abc.AbstractRobustConnection]:
    conn = await connection.connect(rabbitmq_url, name="test-outbox-drain")
    channel = await conn.channel()
    await topology.declare(channel)
    await (await channel.get_queue("logger.audit")).purge()
    await channel.close()
    yield conn
    await conn.close()


async def test_rows_staged_while_stopping_leave_with_the_relay(
    schema: tuple[AsyncEngine, str],
    broker: aio_pika.abc.AbstractRobustConnection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine, name = schema
    # Only the stop can explain a publish: no idle poll in time, and no notification below.
    monkeypatch.setattr(outbox, "_IDLE_POLL_SECONDS", 60.0)
    pub = publisher.Publisher(broker)
    await pub.start()
    relay = outbox.OutboxRelay(engine, schema=name, publisher=pub)
    received: set[uuid.UUID] = set()

    async def handle(envelope: Envelope) -> None:
        received.add(envelope.id)

    sink = consumer.Consumer(broker, queue="logger.audit", handler=handle)
    await sink.start()
    await relay.start()
    await eventually(
        lambda: relay._listener is not None, timeout=15, interval=0.05, what="idle relay"
    )
    envelopes = [
        Envelope(type="audit.step.recorded.v1", source="test", tenant_id=uuid.uuid4())
        for _ in range(ROWS)
    ]
    async with engine.begin() as conn:  # staged without a pg_notify: the relay sleeps on
        await conn.execute(
            text(
                f'INSERT INTO "{name}".outbox (id, tenant_id, type, envelope, headers) VALUES '
                "(:id, :tenant_id, :type, CAST(:envelope AS jsonb), CAST(:headers AS jsonb))"
            ),
            [outbox.row(e) for e in envelopes],
        )
    await relay.stop()
    async with engine.connect() as conn:
        pending = (
            await conn.execute(
                text(f'SELECT count(*) FROM "{name}".outbox WHERE published_at IS NULL')
            )
        ).scalar()
    assert pending == 0
    try:
        await eventually(lambda: len(received) >= ROWS, timeout=15, interval=0.05)
        assert received == {e.id for e in envelopes}
    finally:
        await sink.stop()
        await pub.close()
