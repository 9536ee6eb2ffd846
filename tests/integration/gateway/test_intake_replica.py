"""An intake-only replica (SYNCYARD_RUN_CONSUMERS=false) takes webhooks in while nobody consumes.

The deployment shape of docs/operations/scaling.md: the webhook path goes to replicas that only
verify, deduplicate and store; worker replicas consume commands and relay the outbox. Here the
command queue holds a backlog nobody consumes, and webhooks are still verified, stored and
answered; once a relay runs (as in a worker replica) each one is published exactly once.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aio_pika
import httpx
import pytest
from pydantic import SecretStr

from syncyard_common.broker import connection as broker_connection
from syncyard_common.broker import outbox
from syncyard_common.broker.publisher import Publisher
from syncyard_common.db import engine as db_engine
from syncyard_common.egress.trust import trust_store
from syncyard_common.messages import Envelope, orders
from syncyard_common.settings import Environment
from syncyard_gateway.main import create_app
from syncyard_gateway.schema import SCHEMA
from syncyard_gateway.settings import GatewaySettings
from tests.fixtures.eventually import eventually
from tests.fixtures.rabbitmq import fresh_vhost
from tests.integration.gateway import factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import CREDENTIAL_KEYS, JWT_SECRET, RunningGateway
from tests.integration.gateway.server import serve

BACKLOG = 40
WEBHOOKS = 25


@pytest.fixture(scope="module")
def intake_amqp_url(_private_rabbitmq: Path | None, rabbitmq_url: str) -> str:
    """A vhost of its own: the session's gateway never consumes or relays anything here."""
    if _private_rabbitmq is None:
        pytest.skip("needs the private broker: an outside one is shared with running consumers")
    return fresh_vhost(_private_rabbitmq)


@pytest.fixture(scope="module")
def intake_settings(fresh_database_url: str, intake_amqp_url: str) -> GatewaySettings:
    """A database of its own too: no other gateway's relay publishes its outbox rows."""
    return GatewaySettings(
        environment=Environment.TEST,
        database_url=fresh_database_url,
        amqp_url=intake_amqp_url,
        jwt_secret=SecretStr(JWT_SECRET),
        credential_keys=SecretStr(CREDENTIAL_KEYS),
        allow_private_targets=True,
        run_consumers=False,
    )


@pytest.fixture
async def intake(intake_settings: GatewaySettings) -> AsyncIterator[RunningGateway]:
    engine = db_engine.create_engine(intake_settings.database_url)
    async with serve(create_app(intake_settings)) as url:
        yield RunningGateway(url=url, settings=intake_settings, engine=engine)
    await engine.dispose()


async def command_backlog(amqp_url: str, count: int) -> None:
    """Commands for the gateway that no consumer takes (``gateway.#`` → gateway.commands)."""
    amqp = await broker_connection.connect(amqp_url, name="intake-replica-test")
    publisher = Publisher(amqp)
    await publisher.start()
    try:
        for i in range(count):
            command = orders.FetchOrderV1(connection_id=uuid.uuid4(), source_order_id=str(i))
            payload = command.model_dump(mode="json")
            await publisher.publish(
                Envelope(
                    type=payload["type"], source="test", tenant_id=uuid.uuid4(), payload=payload
                )
            )
    finally:
        await publisher.close()
        await amqp.close()


async def command_queue(amqp_url: str) -> tuple[int, int]:
    """Messages waiting in gateway.commands and consumers attached to it."""
    amqp = await aio_pika.connect(amqp_url)
    try:
        channel = await amqp.channel()
        queue = await channel.declare_queue("gateway.commands", passive=True)
        result = queue.declaration_result
        return result.message_count or 0, result.consumer_count or 0
    finally:
        await amqp.close()


async def deliver(url: str, connection_id: str, body: bytes, event_id: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, timeout=30, verify=trust_store()) as client:
        headers = factories.webhook_headers(body, event_id=event_id)
        return await client.post(f"/v1/webhooks/{connection_id}", content=body, headers=headers)


async def test_webhooks_are_taken_in_while_no_command_is_consumed(
    intake: RunningGateway, intake_amqp_url: str
) -> None:
    tenant_id = uuid.uuid4()
    async with intake.client(tenant_id) as client:
        connection_id = (await factories.create_connection(client))["id"]
    await command_backlog(intake_amqp_url, BACKLOG)
    bodies = {
        str(uuid.uuid4()): factories.encode(factories.order_payload(order_id=5000 + i))
        for i in range(WEBHOOKS)
    }

    answers = await asyncio.gather(
        *(deliver(intake.url, connection_id, body, event) for event, body in bodies.items())
    )
    assert [a.json() for a in answers] == [{"status": "accepted"}] * WEBHOOKS
    # Acknowledged means stored: one dedupe row each, and both messages staged with it.
    inbox = await intake.scalar(
        "SELECT count(*) FROM gateway.webhook_inbox WHERE connection_id = :id", id=connection_id
    )
    assert inbox == WEBHOOKS
    staged = await intake.scalar(
        "SELECT count(*) FROM gateway.outbox WHERE tenant_id = :t AND published_at IS NULL "
        "AND headers ? 'traceparent'",  # each carries the trace of the request that wrote it
        t=tenant_id,
    )
    assert staged == 2 * WEBHOOKS
    # The replica consumed nothing: the backlog is still there, with nobody reading it.
    assert await command_queue(intake_amqp_url) == (BACKLOG, 0)
    first_event, first_body = next(iter(bodies.items()))
    redelivered = await deliver(intake.url, connection_id, first_body, first_event)
    assert redelivered.json() == {"status": "duplicate"}

    # A worker replica's relay publishes what the intake staged, each message once.
    bus = BusRecorder()
    await bus.start(intake_amqp_url)
    amqp = await broker_connection.connect(intake_amqp_url, name="intake-replica-relay")
    publisher = Publisher(amqp)
    await publisher.start()
    engine = db_engine.create_engine(intake.settings.database_url)
    relay = outbox.OutboxRelay(engine, schema=SCHEMA, publisher=publisher)
    await relay.start()
    try:
        await eventually(
            lambda: len(bus.of_tenant(tenant_id, "order.received.v1")) >= WEBHOOKS, timeout=30
        )
        await asyncio.sleep(1.5)  # longer than the relay's idle poll: a second copy would be out
    finally:
        await relay.stop()
        await publisher.close()
        await amqp.close()
        await engine.dispose()
        await bus.stop()
    received = bus.of_tenant(tenant_id, "order.received.v1")
    keys = sorted(e.payload["source_event_key"] for e in received)
    assert keys == sorted(f"{event}:orders/create" for event in bodies)
    assert await command_queue(intake_amqp_url) == (BACKLOG, 0)
