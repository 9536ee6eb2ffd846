"""``mapper.record.map.v1`` on the bus → one ``mapping.record.*`` result and one audit entry."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import Any

import aio_pika
import httpx
import pytest

from syncyard_common.broker import connection, publisher, topology
from syncyard_common.messages import Envelope, mapping

ClientFor = Callable[..., httpx.AsyncClient]
SAMPLE = resources.files("syncyard_mapper.defaults") / "orders" / "shopify_to_mplus.sample.json"


class Results:
    """Everything the mapper publishes, collected from a private queue bound to the exchange."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    def of_run(self, run_id: uuid.UUID, message_type: str) -> list[Envelope]:
        return [e for e in self.envelopes if e.correlation_id == run_id and e.type == message_type]

    async def wait_for(self, run_id: uuid.UUID, message_type: str, timeout: float = 15) -> Envelope:
        async with asyncio.timeout(timeout):
            while not self.of_run(run_id, message_type):
                await asyncio.sleep(0.05)
        return self.of_run(run_id, message_type)[0]


@pytest.fixture
async def results(rabbitmq_url: str, mapper_url: str) -> AsyncIterator[Results]:
    conn = await connection.connect(rabbitmq_url, name="mapper-test-results")
    channel = await conn.channel()
    exchange = await channel.get_exchange(topology.EXCHANGE)
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    for key in ("mapping.#", "audit.#"):
        await queue.bind(exchange, key)
    collected = Results()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        async with message.process():
            collected.envelopes.append(Envelope.model_validate_json(message.body))

    await queue.consume(on_message)
    yield collected
    await conn.close()


@pytest.fixture
async def send(rabbitmq_url: str) -> AsyncIterator[publisher.Publisher]:
    conn = await connection.connect(rabbitmq_url, name="mapper-test-sender")
    sender = publisher.Publisher(conn)
    await sender.start()
    yield sender
    await conn.close()


def _command(
    record: dict[str, Any], *, integration_id: uuid.UUID | None = None, target: str = "mplus"
) -> Envelope:
    command = mapping.MapRecordV1(
        integration_id=integration_id or uuid.uuid4(),
        flow="orders",
        source_connector="shopify",
        target_connector=target,
        record=record,
    )
    return Envelope(
        type=command.type,
        source="orchestrator",
        subject=record.get("number"),
        tenant_id=uuid.uuid4(),
        integration_id=command.integration_id,
        flow="orders",
        correlation_id=uuid.uuid4(),
        payload=command.model_dump(mode="json"),
    )


class TestMapRecordConsumer:
    async def test_default_mapping_result_and_audit_arrive_once_despite_a_duplicate(
        self, results: Results, send: publisher.Publisher
    ) -> None:
        command = _command(json.loads(SAMPLE.read_text("utf-8")))
        assert command.correlation_id is not None
        await send.publish(command)
        await send.publish(command)  # the broker redelivers: same id, one effect
        mapped = await results.wait_for(command.correlation_id, "mapping.record.mapped.v1")
        audit = await results.wait_for(command.correlation_id, "audit.step.recorded.v1")
        await asyncio.sleep(1.5)
        assert len(results.of_run(command.correlation_id, "mapping.record.mapped.v1")) == 1
        assert len(results.of_run(command.correlation_id, "audit.step.recorded.v1")) == 1
        body = mapping.RecordMappedV1.model_validate(mapped.payload)
        assert body.mapping_id == "default:orders/shopify_to_mplus"
        assert body.mapping_version == 0
        assert body.record["billing_address"]["house_number"] == "123"
        assert (mapped.tenant_id, mapped.causation_id, mapped.flow) == (
            command.tenant_id,
            command.id,
            "orders",
        )
        assert audit.payload["step"] == "map"
        assert audit.payload["outcome"] == "ok"
        assert audit.payload["sent_payload"] == body.record
        assert audit.payload["source_payload"]["billing_address"]["line1"] == "Keizersgracht 123a"

    async def test_a_failing_tenant_mapping_fails_the_record_with_the_field(
        self,
        results: Results,
        send: publisher.Publisher,
        client_for: ClientFor,
    ) -> None:
        command = _command({"source_id": "9", "currency": "EUR"})
        assert command.correlation_id is not None
        assert command.integration_id is not None
        document = {"fields": {"source_id": "source_id", "currency": "$substring(1, 'x')"}}
        async with client_for(command.tenant_id) as client:
            saved = await client.put(
                f"/v1/integrations/{command.integration_id}/mappings/orders", json=document
            )
        assert saved.status_code == 201, saved.text
        await send.publish(command)
        failed = await results.wait_for(command.correlation_id, "mapping.record.failed.v1")
        audit = await results.wait_for(command.correlation_id, "audit.step.recorded.v1")
        assert failed.payload["field"] == "currency"
        assert failed.payload["mapping_version"] == 1
        assert audit.payload["outcome"] == "failed"
        assert audit.payload["sent_payload"] is None
        assert results.of_run(command.correlation_id, "mapping.record.mapped.v1") == []

    async def test_no_default_for_the_connector_pair_fails_with_a_clear_reason(
        self, results: Results, send: publisher.Publisher
    ) -> None:
        command = _command({"source_id": "9", "currency": "EUR"}, target="nowhere")
        assert command.correlation_id is not None
        await send.publish(command)
        failed = await results.wait_for(command.correlation_id, "mapping.record.failed.v1")
        assert "No mapping for flow 'orders'" in failed.payload["reason"]
