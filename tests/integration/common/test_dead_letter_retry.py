"""A retry that expires while its way back is missing comes back within seconds once the way
is there again, not three minutes later.

That happens when a broker boots: a delay queue's dead-letter worker can start before the
vhost's exchanges are back, find no dead-letter exchange, keep the message and try again only
after ``dead_letter_worker_publisher_confirm_timeout`` (180 s by default; 5 s on our brokers,
deploy/rabbitmq/advanced.config). It stalled the retry-schedule drill once in CI. The boot race
is a matter of timing, so this test makes the exchange missing on purpose: same worker, same
code path, same wait.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection

from syncyard_common.broker import connection
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration

# What our brokers allow (5 s between the worker's tries), with room for a loaded machine.
COMES_BACK_WITHIN_SECONDS = 30.0


@pytest.fixture
async def broker(rabbitmq_url: str) -> AsyncIterator[AbstractRobustConnection]:
    conn = await connection.connect(rabbitmq_url, name="test-dead-letter-retry")
    yield conn
    await conn.close()


async def test_an_expired_retry_waits_for_its_way_back_seconds_not_minutes(
    broker: AbstractRobustConnection,
) -> None:
    name = f"t-{uuid.uuid4().hex[:8]}"
    way_back, work, delay = f"{name}.back", f"{name}.work", f"{name}.retry.0.2s"
    channel = await broker.channel(publisher_confirms=True)
    try:
        target = await channel.declare_queue(
            work, durable=True, arguments={"x-queue-type": "quorum"}
        )
        # A delay tier as topology.declare makes them, dead-lettering through an exchange that
        # does not exist yet.
        await channel.declare_queue(
            delay,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-message-ttl": 200,
                "x-dead-letter-exchange": way_back,
                "x-dead-letter-routing-key": work,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            },
        )
        await channel.default_exchange.publish(
            aio_pika.Message(b"retry me", delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
            routing_key=delay,
        )
        # Expired and handed to the worker, which finds no exchange and keeps the message.
        await asyncio.sleep(1.5)
        assert await target.get(fail=False) is None

        exchange = await channel.declare_exchange(
            way_back, aio_pika.ExchangeType.DIRECT, durable=True
        )
        await target.bind(exchange, routing_key=work)
        message = await eventually(
            lambda: target.get(fail=False),
            timeout=COMES_BACK_WITHIN_SECONDS,
            interval=0.2,
            what="the message back in its work queue",
        )
        await message.ack()
        assert message.body == b"retry me"
    finally:
        for queue in (delay, work):
            await channel.queue_delete(queue)
        await channel.exchange_delete(way_back)
        await channel.close()
