"""Connector commands over the bus: results, failures, dedupe, tenant check, connection health."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest
from fastapi import FastAPI

from syncyard_common.broker import connection as broker_connection
from syncyard_common.broker.publisher import Publisher
from syncyard_common.canonical import OrderStatus
from syncyard_common.db.engine import create_sessionmaker
from syncyard_common.messages import Envelope, order_status, orders
from syncyard_common.messages.envelope import Message
from syncyard_gateway.commands.execute import CommandRunner
from syncyard_sim_mplus.app import create_app as create_mplus_simulator
from syncyard_sim_mplus.driver import MplusDriver
from syncyard_sim_mplus.settings import SimulatorSettings
from tests.fixtures.eventually import eventually
from tests.integration.gateway import factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.server import serve
from tests.integration.gateway.settled import handled, handled_count, relayed


class MplusSimulator:
    def __init__(self, app: FastAPI, url: str) -> None:
        self.app = app
        self.url = url

    def credentials(self, **overrides: Any) -> dict[str, Any]:
        return {
            "base_url": f"{self.url}/",
            "ident": "demo-ident",
            "secret": "demo-secret",
            **overrides,
        }

    def driver(self) -> MplusDriver:
        """The simulator's driver, on a client of its own (``async with`` closes it)."""
        return MplusDriver(self.url)


@pytest.fixture(scope="module")
async def mplus() -> AsyncIterator[MplusSimulator]:
    app = create_mplus_simulator(SimulatorSettings())
    async with serve(app) as url:
        yield MplusSimulator(app, url)


@pytest.fixture(scope="module")
async def publisher(gateway: RunningGateway) -> AsyncIterator[Publisher]:
    amqp = await broker_connection.connect(gateway.settings.amqp_url, name="gateway-tests")
    publisher = Publisher(amqp)
    await publisher.start()
    yield publisher
    await amqp.close()


def command(tenant_id: uuid.UUID, message: Message) -> Envelope:
    return Envelope(
        type=str(message.model_dump()["type"]),
        source="orchestrator",
        tenant_id=tenant_id,
        integration_id=uuid.uuid4(),
        flow="orders",
        correlation_id=uuid.uuid4(),
        subject="#1001",
        payload=message.model_dump(mode="json"),
    )


async def mplus_connection(
    gateway: RunningGateway, tenant_id: uuid.UUID, credentials: dict[str, Any]
) -> uuid.UUID:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client, connector="mplus", **credentials)
    return uuid.UUID(created["id"])


async def answers(bus: BusRecorder, tenant_id: uuid.UUID, causation: Envelope) -> list[Envelope]:
    """The result and audit messages caused by one command, once both are out."""

    def caused() -> list[Envelope]:
        return [e for e in bus.of_tenant(tenant_id) if e.causation_id == causation.id]

    await eventually(lambda: len(caused()) >= 2, timeout=15)
    return caused()


class TestMplusRoundTrip:
    async def test_find_order_answers_with_the_target_order_id(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        reference = f"SY-{uuid.uuid4().hex[:10]}"
        async with mplus.driver() as sim:
            await sim.place_orders([{"extOrderId": reference}])
        connection_id = await mplus_connection(gateway, tenant_id, mplus.credentials())
        found = command(
            tenant_id,
            orders.FindOrderV1(connection_id=connection_id, external_reference=reference),
        )
        missing = command(
            tenant_id,
            orders.FindOrderV1(connection_id=connection_id, external_reference="SY-none"),
        )
        await publisher.publish(found)
        await publisher.publish(missing)
        by_type = {e.type: e for e in await answers(bus, tenant_id, found)}
        result = by_type["connector.order.found.v1"]
        assert result.payload["external_reference"] == reference
        assert result.payload["target_order_id"]
        assert result.correlation_id == found.correlation_id
        assert (result.integration_id, result.flow) == (found.integration_id, found.flow)
        step = by_type["audit.step.recorded.v1"].payload
        assert (step["step"], step["outcome"]) == ("find_order", "ok")
        assert step["sent_payload"]["external_reference"] == reference
        assert step["response_payload"]["target_order_id"] == result.payload["target_order_id"]
        assert step["duration_ms"] > 0
        assert "demo-secret" not in str(step)
        not_found = {e.type: e for e in await answers(bus, tenant_id, missing)}
        assert not_found["connector.order.found.v1"].payload["target_order_id"] is None

    async def test_a_redelivered_command_is_answered_once(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        connection_id = await mplus_connection(gateway, tenant_id, mplus.credentials())
        envelope = command(
            tenant_id, orders.FindOrderV1(connection_id=connection_id, external_reference="SY-1")
        )
        before = handled_count()
        for _ in range(3):
            await publisher.publish(envelope)
        await answers(bus, tenant_id, envelope)
        await handled(before, 3)  # every copy was taken and let go
        await relayed(gateway, bus, tenant_id)
        caused = [e for e in bus.of_tenant(tenant_id) if e.causation_id == envelope.id]
        assert BusRecorder.types(caused) == ["audit.step.recorded.v1", "connector.order.found.v1"]


class TestCommandFailures:
    async def test_unknown_connection_answers_not_found(
        self, bus: BusRecorder, publisher: Publisher, tenant_id: uuid.UUID
    ) -> None:
        envelope = command(
            tenant_id, orders.FindOrderV1(connection_id=uuid.uuid4(), external_reference="SY-1")
        )
        await publisher.publish(envelope)
        by_type = {e.type: e for e in await answers(bus, tenant_id, envelope)}
        failed = by_type["connector.command.failed.v1"].payload
        assert failed["kind"] == "not_found"
        assert failed["command_type"] == "gateway.order.find.v1"

    async def test_a_connector_without_the_capability_answers_unsupported(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        # The till cannot be told an order is paid (its capabilities say so).
        till = await mplus_connection(gateway, tenant_id, mplus.credentials())
        envelope = command(
            tenant_id,
            order_status.SetOrderStatusV1(
                connection_id=till, order_id="1", status=OrderStatus.PAID
            ),
        )
        await publisher.publish(envelope)
        by_type = {e.type: e for e in await answers(bus, tenant_id, envelope)}
        failed = by_type["connector.command.failed.v1"].payload
        assert failed["kind"] == "unsupported"
        assert "cannot mark an order paid" in failed["reason"]
        assert by_type["audit.step.recorded.v1"].payload["outcome"] == "failed"

    async def test_another_tenants_connection_is_refused_to_the_dead_letter_queue(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        victim_connection = await mplus_connection(gateway, uuid.uuid4(), mplus.credentials())
        async with mplus.driver() as sim:
            await sim.clear_requests()
        envelope = command(
            tenant_id,
            orders.FindOrderV1(connection_id=victim_connection, external_reference="SY-1"),
        )
        await publisher.publish(envelope)
        parked = await eventually(lambda: take_dead_letter(gateway, envelope.id), timeout=15)
        assert parked.headers["x-syncyard-error-code"] == "tenant_mismatch"
        await relayed(gateway, bus, tenant_id)
        assert bus.of_tenant(tenant_id, "connector.order.found.v1") == []
        async with mplus.driver() as sim:
            assert await sim.requests() == []  # no remote call was made


async def take_dead_letter(
    gateway: RunningGateway, message_id: uuid.UUID
) -> aio_pika.abc.AbstractIncomingMessage | None:
    """Find and ack our message in the shared DLQ; put the others back."""
    amqp = await aio_pika.connect(gateway.settings.amqp_url)
    try:
        channel = await amqp.channel()
        queue = await channel.get_queue("gateway.commands.dlq", ensure=False)
        others = []
        try:
            while (message := await queue.get(no_ack=False, fail=False)) is not None:
                if message.message_id == str(message_id):
                    await message.ack()
                    return message
                others.append(message)
        finally:
            for other in others:
                await other.nack(requeue=True)
        return None
    finally:
        await amqp.close()


class TestConnectionHealth:
    async def test_rejected_credentials_fail_once_and_recover_on_success(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        wrong = mplus.credentials(secret="not-the-secret")
        connection_id = await mplus_connection(gateway, tenant_id, wrong)
        first = command(
            tenant_id, orders.FindOrderV1(connection_id=connection_id, external_reference="A")
        )
        second = command(
            tenant_id, orders.FindOrderV1(connection_id=connection_id, external_reference="B")
        )
        await publisher.publish(first)
        failed = {e.type: e for e in await answers(bus, tenant_id, first)}
        assert failed["connector.command.failed.v1"].payload["kind"] == "auth"
        await publisher.publish(second)
        await answers(bus, tenant_id, second)
        async with gateway.client(tenant_id) as client:
            tested = (await client.post(f"/v1/connections/{connection_id}/test")).json()
            status = (await client.get(f"/v1/connections/{connection_id}")).json()
        assert tested["ok"] is False
        assert tested["error"]["code"]
        assert status["status"] == "failing"
        assert "not-the-secret" not in str(status)
        await relayed(gateway, bus, tenant_id)
        assert len(bus.of_tenant(tenant_id, "connection.failed.v1")) == 1  # one alert only

        mplus.app.state.simulator.settings.secret = "not-the-secret"  # the merchant fixed it
        try:
            async with gateway.client(tenant_id) as client:
                tested = (await client.post(f"/v1/connections/{connection_id}/test")).json()
                status = (await client.get(f"/v1/connections/{connection_id}")).json()
        finally:
            mplus.app.state.simulator.settings.secret = "demo-secret"
        assert tested == {"ok": True, "error": None}
        assert status["status"] == "active"
        recovered = await eventually(
            lambda: bus.of_tenant(tenant_id, "connection.recovered.v1"), timeout=10
        )
        assert recovered[0].payload["connection_id"] == str(connection_id)

    async def test_a_command_given_up_on_is_answered_as_failed_once(
        self, gateway: RunningGateway, bus: BusRecorder, tenant_id: uuid.UUID
    ) -> None:
        # What the consumer's dead-letter hook does when retries run out: the run hears now.
        runner = CommandRunner(
            sessionmaker=create_sessionmaker(gateway.engine),
            factory=None,  # type: ignore[arg-type]  # not used when answering a parked command
        )
        envelope = command(
            tenant_id, orders.FindOrderV1(connection_id=uuid.uuid4(), external_reference="SY-9")
        )
        for _ in range(2):
            await runner.on_dead_letter(envelope, "attempts_exhausted", "till answered 503")

        def failures() -> list[Envelope]:
            return [e for e in bus.of_tenant(tenant_id) if e.causation_id == envelope.id]

        await eventually(lambda: failures(), timeout=15)
        await relayed(gateway, bus, tenant_id)
        [failed] = failures()
        assert failed.type == "connector.command.failed.v1"
        assert failed.correlation_id == envelope.correlation_id
        assert failed.payload["kind"] == "exhausted"
        assert "till answered 503" in failed.payload["reason"]
