"""A consumer with a look-ahead serves tenants in turn: one tenant's single message, queued
behind another tenant's backlog on the real broker, is handled next, not after the backlog."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest

from syncyard_common.broker import connection, consumer, publisher, topology
from syncyard_common.messages import Envelope
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration

QUEUE = "logger.audit"
BACKLOG = 40


@pytest.fixture
async def broker(rabbitmq_url: str) -> AsyncIterator[aio_pika.abc.AbstractRobustConnection]:
    conn = await connection.connect(rabbitmq_url, name="test-tenant-turns")
    channel = await conn.channel()
    await topology.declare(channel)
    await (await channel.get_queue(QUEUE)).purge()
    await channel.close()
    yield conn
    await conn.close()


async def _handled_order(
    broker: aio_pika.abc.AbstractRobustConnection, *, look_ahead: int
) -> tuple[list[uuid.UUID], uuid.UUID]:
    """Queue tenant A's backlog, then tenant B's one message, then consume them two at a
    time; the tenants in the order their messages were handled, and B's id."""
    tenant_a, tenant_b = uuid.uuid4(), uuid.uuid4()
    pub = publisher.Publisher(broker)
    await pub.start()
    for tenant in [tenant_a] * BACKLOG + [tenant_b]:
        await pub.publish(
            Envelope(type="audit.step.recorded.v1", source="test", tenant_id=tenant, payload={})
        )
    await pub.close()
    handled: list[uuid.UUID] = []
    # The first two handlers wait until the consumer holds everything it will take, so the
    # test does not depend on how fast the broker delivers on a loaded machine.
    all_delivered = asyncio.Event()

    async def handle(envelope: Envelope) -> None:
        await all_delivered.wait()
        await asyncio.sleep(0.02)  # a handler's work: the others wait meanwhile
        handled.append(envelope.tenant_id)

    sink = consumer.Consumer(broker, queue=QUEUE, handler=handle, prefetch=2, look_ahead=look_ahead)
    await sink.start()
    try:
        turns = sink._turns
        if turns is not None:  # every message but the two being handled waits for a turn
            await eventually(
                lambda: turns.waiting == BACKLOG + 1 - 2, timeout=15, what="all delivered"
            )
        all_delivered.set()
        await eventually(
            lambda: len(handled) == BACKLOG + 1, timeout=30, what="every message handled"
        )
    finally:
        await sink.stop()
    return handled, tenant_b


async def test_a_tenants_message_behind_another_tenants_backlog_is_handled_next(broker) -> None:  # type: ignore[no-untyped-def]
    handled, tenant_b = await _handled_order(broker, look_ahead=100)
    # Two handlers were busy with A's first messages when B's arrived; one more of A's may
    # have taken the first free handler (A's turn came first), then B's.
    assert handled.index(tenant_b) <= 3


async def test_without_a_look_ahead_the_oldest_message_goes_first(broker) -> None:  # type: ignore[no-untyped-def]
    # The yardstick of the test above: the same queue, oldest first, puts B behind A's backlog.
    handled, tenant_b = await _handled_order(broker, look_ahead=0)
    assert handled.index(tenant_b) >= BACKLOG - 2


async def test_messages_held_when_the_channel_closes_are_left_to_the_next_consumer(broker) -> None:  # type: ignore[no-untyped-def]
    pub = publisher.Publisher(broker)
    await pub.start()
    sent = [
        Envelope(type="audit.step.recorded.v1", source="test", tenant_id=uuid.uuid4(), payload={})
        for _ in range(5)
    ]
    for envelope in sent:
        await pub.publish(envelope)
    await pub.close()
    release = asyncio.Event()
    first: list[uuid.UUID] = []
    second: list[uuid.UUID] = []

    async def held_up(envelope: Envelope) -> None:
        first.append(envelope.id)
        await release.wait()

    async def handle(envelope: Envelope) -> None:
        second.append(envelope.id)

    one = consumer.Consumer(broker, queue=QUEUE, handler=held_up, prefetch=1, look_ahead=10)
    await one.start()
    await eventually(lambda: len(first) == 1, timeout=10, what="one message handled")
    assert one._channel is not None
    # As a broker restart does: the channel's message tasks are cancelled (the four waiting
    # for a turn among them), and the messages go back to the queue unacknowledged.
    await one._channel.close()
    release.set()
    other = consumer.Consumer(broker, queue=QUEUE, handler=handle, prefetch=5)
    await other.start()
    try:
        await eventually(lambda: len(second) == 5, timeout=15, what="all five redelivered")
        # Barrier: every message the first consumer held has had its turn and ended.
        await eventually(lambda: not one._in_flight, timeout=10, what="the held ones ended")
    finally:
        await other.stop()
        await one.stop()
    assert first == [sent[0].id]  # none of the held ones was handled on the closed channel
    assert sorted(map(str, second)) == sorted(str(envelope.id) for envelope in sent)
