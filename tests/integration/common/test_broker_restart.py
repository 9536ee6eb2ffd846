"""Consumers and publishers come back by themselves after the broker restarts."""

import asyncio
import uuid
from pathlib import Path

import pytest

from scripts.infra import restart_rabbitmq
from syncyard_common.broker import connection, consumer, publisher, topology
from syncyard_common.messages import Envelope

pytestmark = pytest.mark.integration


async def test_consumer_and_publisher_survive_a_broker_restart(
    rabbitmq_url: str, rabbitmq_node: Path
) -> None:
    conn = await connection.connect(rabbitmq_url, name="test-restart")
    channel = await conn.channel()
    await topology.declare(channel)
    await (await channel.get_queue("logger.audit")).purge()
    await channel.close()
    pub = publisher.Publisher(conn)
    await pub.start()
    seen: list[uuid.UUID] = []

    async def handle(envelope: Envelope) -> None:
        seen.append(envelope.id)

    sink = consumer.Consumer(conn, queue="logger.audit", handler=handle)
    await sink.start()
    before = Envelope(type="audit.step.recorded.v1", source="t", tenant_id=uuid.uuid4())
    await pub.publish(before)
    async with asyncio.timeout(10):
        while before.id not in seen:
            await asyncio.sleep(0.05)

    await asyncio.to_thread(restart_rabbitmq, rabbitmq_node)

    after = Envelope(type="audit.step.recorded.v1", source="t", tenant_id=uuid.uuid4())
    async with asyncio.timeout(60):
        while True:  # the publisher's robust channel needs a moment to come back
            try:
                await pub.publish(after, timeout=5)
                break
            except Exception:
                await asyncio.sleep(0.5)
        while after.id not in seen:
            await asyncio.sleep(0.1)
    await sink.stop()
    await pub.close()
    await conn.close()
