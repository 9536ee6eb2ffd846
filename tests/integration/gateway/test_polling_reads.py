"""Polling publishes only what some active flow reads (issue 10.9), through a real gateway.

The orchestrator's part (``integration.reads.changed.v1`` when flows change) is played here
by publishing that message on the bus; its computation is unit-tested in
tests/unit/orchestrator/test_integration_reads.py."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from syncyard_common.broker import connection as broker_connection
from syncyard_common.broker import topology
from syncyard_common.broker.publisher import Publisher
from syncyard_common.messages import Envelope, integrations
from syncyard_gateway.main import create_app
from tests.fixtures.eventually import eventually
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.server import serve
from tests.integration.gateway.test_commands import MplusSimulator
from tests.integration.gateway.test_polling import (
    SettingsFor,
    announced_orders,
    connect,
    polled_again,
    polling_amqp_url,
    polling_of,
    recorder,
    references_of,
    seed_orders,
    settings_for,
    simulator,
)
from tests.integration.gateway.test_polling import running as running_gateway

__all__ = ["polling_amqp_url", "recorder", "settings_for", "simulator"]  # shared fixtures


@pytest.fixture
async def publisher(polling_amqp_url: str) -> AsyncIterator[Publisher]:
    amqp = await broker_connection.connect(polling_amqp_url, name="polling-reads-test")
    async with amqp.channel() as channel:
        await topology.declare(channel)  # idempotent; the app may not have started yet
    sender = Publisher(amqp)
    await sender.start()
    yield sender
    await sender.close()
    await amqp.close()


async def say_reads(
    publisher: Publisher,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    connection: str,
    entities: list[str],
) -> None:
    """What the orchestrator sends when the integration's flows change."""
    message = integrations.IntegrationReadsChangedV1(
        integration_id=integration_id,
        reads=[
            integrations.ConnectionReads(connection_id=uuid.UUID(connection), entities=entities)
        ],
        as_of=datetime.now(UTC),
    )
    await publisher.publish(
        Envelope(
            type=message.type,
            source="orchestrator",
            tenant_id=tenant_id,
            payload=message.model_dump(mode="json"),
        )
    )


async def feeds_of(gateway: Any, tenant_id: uuid.UUID, connection: str) -> dict[str, Any]:
    return {f["entity"]: f for f in (await polling_of(gateway, tenant_id, connection))["entities"]}


async def till_calls(sim: MplusSimulator) -> int:
    async with sim.driver() as till:
        return len(await till.requests())


class TestPollingReadsOnlyWhatFlowsRead:
    async def test_unread_feeds_publish_nothing_and_enabling_a_flow_starts_them(
        self,
        settings_for: SettingsFor,
        simulator: MplusSimulator,
        recorder: Any,
        publisher: Publisher,
    ) -> None:
        settings = settings_for(poll_only_read_entities=True)
        tenant_id, integration_id = uuid.uuid4(), uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running_gateway(settings, url)
            bus: BusRecorder = await recorder(settings.amqp_url)
            connection = await connect(gateway, tenant_id, **simulator.credentials())
            calls_after_connect = await till_calls(simulator)
            await seed_orders(simulator, references_of(3))
            # No flow reads the till: ten poll intervals pass without one call or event.
            await asyncio.sleep(2.0)
            assert await till_calls(simulator) == calls_after_connect
            assert bus.of_tenant(tenant_id, "record.changed.v1") == []
            feeds = await feeds_of(gateway, tenant_id, connection)
            assert not any(feed["is_read"] for feed in feeds.values()), feeds
            assert all(feed["cursor"] is None for feed in feeds.values()), feeds

            # An order flow reading the till is switched on: its feed starts "now".
            await say_reads(publisher, tenant_id, integration_id, connection, ["orders"])

            async def orders_feed_started() -> bool:
                feed = (await feeds_of(gateway, tenant_id, connection))["orders"]
                return bool(feed["is_read"] and feed["last_polled_at"])

            await eventually(orders_feed_started, timeout=20)
            await seed_orders(simulator, references_of(2))
            await eventually(lambda: sum(announced_orders(bus, tenant_id).values()) >= 2)
            await polled_again(gateway, bus, tenant_id, connection)  # nothing else may come
            changed = bus.of_tenant(tenant_id, "record.changed.v1")
            feeds = await feeds_of(gateway, tenant_id, connection)

            # The flow is switched off again: the feed is forgotten, nothing more is polled.
            await say_reads(publisher, tenant_id, integration_id, connection, [])
            await eventually(
                lambda: _not_read(gateway, tenant_id, connection, "orders"), timeout=20
            )
            await asyncio.sleep(0.6)  # a poll that began before the message may still end
            quiet_from = await till_calls(simulator)
            await seed_orders(simulator, references_of(2))
            await asyncio.sleep(1.5)
            calls_while_off = await till_calls(simulator) - quiet_from

        assert {e.payload["entity"] for e in changed} == {"orders"}  # no other feed
        assert len(changed) == 2  # the history before the flow is not announced
        assert {name for name, feed in feeds.items() if feed["is_read"]} == {"orders"}
        assert feeds["stock"]["cursor"] is None
        assert feeds["products"]["cursor"] is None
        assert len(bus.of_tenant(tenant_id, "record.changed.v1")) == 2
        assert calls_while_off == 0

    async def test_reads_naming_another_tenants_connection_are_ignored(
        self,
        settings_for: SettingsFor,
        simulator: MplusSimulator,
        recorder: Any,
        publisher: Publisher,
    ) -> None:
        settings = settings_for(poll_only_read_entities=True)
        owner, intruder = uuid.uuid4(), uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running_gateway(settings, url)
            connection = await connect(gateway, owner, **simulator.credentials())
            await say_reads(publisher, intruder, uuid.uuid4(), connection, ["orders"])
            # A later message of the owner shows the intruder's was handled (one queue, in order).
            marker = uuid.uuid4()
            await say_reads(publisher, owner, marker, connection, ["stock"])
            await eventually(lambda: _is_read(gateway, owner, connection, "stock"), timeout=20)
            feeds = await feeds_of(gateway, owner, connection)
        assert feeds["orders"]["is_read"] is False


async def _is_read(gateway: Any, tenant_id: uuid.UUID, connection: str, entity: str) -> bool:
    return bool((await feeds_of(gateway, tenant_id, connection))[entity]["is_read"])


async def _not_read(gateway: Any, tenant_id: uuid.UUID, connection: str, entity: str) -> bool:
    return not await _is_read(gateway, tenant_id, connection, entity)
