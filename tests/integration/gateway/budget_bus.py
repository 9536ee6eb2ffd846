"""Commands to the session gateway and their answers, for the request-budget tests."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika

from syncyard_common.broker import connection as broker_connection
from syncyard_common.broker import topology
from syncyard_common.broker.publisher import Publisher
from syncyard_common.messages import Envelope, orders
from tests.fixtures.eventually import eventually
from tests.integration.gateway import factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway

FOUND = "connector.order.found.v1"
FAILED = "connector.command.failed.v1"


async def open_publisher(gateway: RunningGateway) -> AsyncIterator[Publisher]:
    amqp = await broker_connection.connect(gateway.settings.amqp_url, name="budget-tests")
    publisher = Publisher(amqp)
    await publisher.start()
    yield publisher
    await amqp.close()


async def connection(
    gateway: RunningGateway, tenant_id: uuid.UUID, connector: str, credentials: dict[str, Any]
) -> uuid.UUID:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client, connector=connector, **credentials)
    return uuid.UUID(created["id"])


def find_order(tenant_id: uuid.UUID, connection_id: uuid.UUID) -> Envelope:
    """A cheap command: one remote call (is there an order with this reference?)."""
    message = orders.FindOrderV1(
        connection_id=connection_id, external_reference=f"SY-{uuid.uuid4().hex[:10]}"
    )
    return Envelope(
        type=message.type,
        source="orchestrator",
        tenant_id=tenant_id,
        integration_id=uuid.uuid4(),
        flow="orders",
        correlation_id=uuid.uuid4(),
        subject=message.external_reference,
        payload=message.model_dump(mode="json"),
    )


async def send(publisher: Publisher, commands: list[Envelope]) -> None:
    # In waves of 50: 300 confirms awaited at once outlast the publisher's 10 s confirm
    # timeout on a loaded machine (the budget tests failed so at load 12-16).
    for start in range(0, len(commands), 50):
        wave = commands[start : start + 50]
        await asyncio.gather(*(publisher.publish(envelope) for envelope in wave))


def answered(bus: BusRecorder, tenant_id: uuid.UUID, commands: list[Envelope]) -> int:
    """How many of ``commands`` have their result on the bus (found or failed)."""
    sent = {envelope.id for envelope in commands}
    return len(
        {
            envelope.causation_id
            for envelope in bus.of_tenant(tenant_id, FOUND, FAILED)
            if envelope.causation_id in sent
        }
    )


def failures(bus: BusRecorder, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    return [envelope.payload for envelope in bus.of_tenant(tenant_id, FAILED)]


async def until(condition: Any, *, timeout: float, what: str) -> float:
    """Wait for ``condition()`` with a deadline; the seconds it took."""
    started = time.monotonic()
    await eventually(condition, timeout=timeout, interval=0.05, what=what)
    return time.monotonic() - started


async def waiting_in_delay_queues(gateway: RunningGateway) -> int:
    """Messages of gateway.commands now sitting in its wait tiers (deferred, acked)."""
    spec = topology.QUEUES["gateway.commands"]
    connection = await aio_pika.connect(gateway.settings.amqp_url)
    try:
        channel = await connection.channel()
        total = 0
        for tier in topology.WAIT_DELAYS_SECONDS:
            queue = await channel.declare_queue(spec.retry_queue(tier), passive=True)
            total += queue.declaration_result.message_count or 0
        return total
    finally:
        await connection.close()


async def ready_in_queue(gateway: RunningGateway) -> int:
    """Messages waiting in gateway.commands itself for a worker."""
    connection = await aio_pika.connect(gateway.settings.amqp_url)
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue("gateway.commands", passive=True)
        return queue.declaration_result.message_count or 0
    finally:
        await connection.close()
