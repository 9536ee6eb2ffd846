"""Consumers and publishers come back by themselves after the broker restarts."""

import asyncio
import uuid
from pathlib import Path

import pytest

from scripts.infra import restart_rabbitmq
from syncyard_common.broker import connection, consumer, publisher, topology
from syncyard_common.messages import Envelope
from tests.fixtures.eventually import eventually

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
    await eventually(lambda: before.id in seen, timeout=10, interval=0.05, what="the first message")

    await asyncio.to_thread(restart_rabbitmq, rabbitmq_node)

    after = Envelope(type="audit.step.recorded.v1", source="t", tenant_id=uuid.uuid4())

    async def published() -> bool:
        try:  # the publisher's robust channel needs a moment to come back
            await pub.publish(after, timeout=5)
        except Exception as error:
            raise AssertionError(repr(error)) from error
        return True

    await eventually(published, timeout=60, interval=0.5, what="a publish after the restart")
    await eventually(
        lambda: after.id in seen, timeout=60, what="the message sent after the restart"
    )
    await sink.stop()
    await pub.close()
    await conn.close()
