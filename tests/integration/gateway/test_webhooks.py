"""Webhook intake: verified, deduplicated, persisted with the outbox; bad input changes nothing."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from syncyard_common.settings import Environment
from syncyard_gateway.main import create_app
from syncyard_gateway.settings import GatewaySettings
from tests.fixtures.eventually import eventually
from tests.integration.gateway import factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.server import serve
from tests.integration.gateway.settled import relayed


@pytest.fixture
async def connection_id(gateway: RunningGateway, tenant_id: uuid.UUID) -> uuid.UUID:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client)
    return uuid.UUID(created["id"])


async def post_webhook(
    gateway: RunningGateway, path_id: object, body: bytes, headers: dict[str, str]
) -> httpx.Response:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        return await client.post(f"/v1/webhooks/{path_id}", content=body, headers=headers)


async def stored_rows(gateway: RunningGateway, tenant_id: uuid.UUID, connection_id: object) -> int:
    inbox = await gateway.scalar(
        "SELECT count(*) FROM gateway.webhook_inbox WHERE connection_id::text = :id",
        id=str(connection_id),
    )
    outbox = await gateway.scalar(
        "SELECT count(*) FROM gateway.outbox WHERE tenant_id = :tenant", tenant=tenant_id
    )
    assert isinstance(inbox, int)
    assert isinstance(outbox, int)
    return inbox + outbox


class TestValidWebhook:
    async def test_is_accepted_once_and_publishes_one_order_received(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        tenant_id: uuid.UUID,
        connection_id: uuid.UUID,
    ) -> None:
        body = factories.encode(factories.order_payload(order_id=4242, number=1001))
        event_id = str(uuid.uuid4())
        response = await post_webhook(
            gateway, connection_id, body, factories.webhook_headers(body, event_id=event_id)
        )
        assert response.status_code == 200
        assert response.json() == {"status": "accepted"}
        await eventually(lambda: len(bus.of_tenant(tenant_id)) >= 2, timeout=10)
        await relayed(gateway, bus, tenant_id)
        envelopes = bus.of_tenant(tenant_id)
        assert BusRecorder.types(envelopes) == ["audit.step.recorded.v1", "order.received.v1"]
        received, step = sorted(
            envelopes, key=lambda envelope: envelope.type != "order.received.v1"
        )
        assert received.payload["connection_id"] == str(connection_id)
        assert received.payload["source_order_id"] == "4242"
        assert received.payload["topic"] == "orders/create"
        assert received.payload["source_event_key"] == f"{event_id}:orders/create"
        assert received.source == "connector-gateway"
        assert received.correlation_id is not None
        assert step.correlation_id == received.correlation_id
        assert step.payload["step"] == "webhook"
        assert step.payload["entity_ref"] == "#1001"
        assert step.payload["source_payload"]["id"] == 4242
        inbox = await gateway.scalar(
            "SELECT count(*) FROM gateway.webhook_inbox WHERE connection_id = :id",
            id=connection_id,
        )
        assert inbox == 1

    async def test_the_same_webhook_three_times_is_taken_in_once(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        tenant_id: uuid.UUID,
        connection_id: uuid.UUID,
    ) -> None:
        body = factories.encode(factories.order_payload())
        event_id = str(uuid.uuid4())
        answers = []
        for _ in range(3):  # Shopify retries carry a new webhook id but the same event id
            headers = factories.webhook_headers(body, event_id=event_id)
            answers.append((await post_webhook(gateway, connection_id, body, headers)).json())
        assert answers == [{"status": "accepted"}, {"status": "duplicate"}, {"status": "duplicate"}]
        await eventually(lambda: bus.of_tenant(tenant_id, "order.received.v1"), timeout=10)
        await relayed(gateway, bus, tenant_id)
        assert len(bus.of_tenant(tenant_id, "order.received.v1")) == 1
        assert len(bus.of_tenant(tenant_id, "audit.step.recorded.v1")) == 1
        assert await stored_rows(gateway, tenant_id, connection_id) == 1 + 2
        async with httpx.AsyncClient(base_url=gateway.url) as client:
            metrics = (await client.get("/metrics")).text
        assert "syncyard_webhook_duplicates_total" in metrics

    async def test_concurrent_deliveries_of_one_event_are_taken_in_once(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        tenant_id: uuid.UUID,
        connection_id: uuid.UUID,
    ) -> None:
        body = factories.encode(factories.order_payload())
        event_id = str(uuid.uuid4())
        responses = await asyncio.gather(
            *(
                post_webhook(
                    gateway, connection_id, body, factories.webhook_headers(body, event_id=event_id)
                )
                for _ in range(5)
            )
        )
        statuses = sorted(response.json()["status"] for response in responses)
        assert statuses == ["accepted", "duplicate", "duplicate", "duplicate", "duplicate"]
        await eventually(lambda: bus.of_tenant(tenant_id, "order.received.v1"), timeout=10)
        await relayed(gateway, bus, tenant_id)
        assert len(bus.of_tenant(tenant_id, "order.received.v1")) == 1

    async def test_a_topic_no_flow_uses_is_acknowledged_and_ignored(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        tenant_id: uuid.UUID,
        connection_id: uuid.UUID,
    ) -> None:
        body = factories.encode({"id": 77, "title": "T-Shirt"})
        headers = factories.webhook_headers(body, topic="themes/publish")
        response = await post_webhook(gateway, connection_id, body, headers)
        assert response.status_code == 200
        assert response.json() == {"status": "ignored"}
        await relayed(gateway, bus, tenant_id)
        assert bus.of_tenant(tenant_id) == []
        # A topic the connector does not know is answered before any row is written.
        stored = await gateway.scalar(
            "SELECT count(*) FROM gateway.webhook_inbox WHERE connection_id = :id",
            id=connection_id,
        )
        assert stored == 0


class TestRejectedWebhook:
    async def test_bad_input_is_refused_and_nothing_is_stored_or_published(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        tenant_id: uuid.UUID,
        connection_id: uuid.UUID,
    ) -> None:
        good = factories.encode(factories.order_payload())
        forged = factories.webhook_headers(good, signature=factories.sign(good, "wrong-secret"))
        unsigned = {k: v for k, v in factories.webhook_headers(good).items() if "Hmac" not in k}
        tampered = good.replace(b"24.95", b"0.01")
        malformed = b'{"id": 1, "name": '
        not_an_object = b"[1, 2, 3]"
        # Its id is not among its first bytes: nothing can be read instead (oversized intake).
        oversized = factories.encode({"note": "x" * (1_048_576 + 10), "id": 1})
        cases = [
            (connection_id, good, forged, 401),
            (connection_id, good, unsigned, 401),
            (connection_id, tampered, factories.webhook_headers(good), 401),
            (connection_id, malformed, factories.webhook_headers(malformed), 400),
            (connection_id, not_an_object, factories.webhook_headers(not_an_object), 400),
            (connection_id, oversized, factories.webhook_headers(oversized), 413),
            (uuid.uuid4(), good, factories.webhook_headers(good), 404),
            ("not-a-uuid", good, factories.webhook_headers(good), 404),
        ]
        for path_id, body, headers, status in cases:
            response = await post_webhook(gateway, path_id, body, headers)
            assert response.status_code == status, (status, response.text)
            assert response.headers["content-type"] == "application/problem+json"
        await relayed(gateway, bus, tenant_id)
        assert bus.of_tenant(tenant_id) == []
        assert await stored_rows(gateway, tenant_id, connection_id) == 0
        async with httpx.AsyncClient(base_url=gateway.url) as client:
            metrics = (await client.get("/metrics")).text
        assert 'syncyard_webhook_rejected_total{reason="signature"}' in metrics
        assert 'syncyard_webhook_rejected_total{reason="malformed"}' in metrics

    async def test_oversized_body_without_content_length_is_refused(
        self, gateway: RunningGateway, tenant_id: uuid.UUID, connection_id: uuid.UUID
    ) -> None:
        chunk = b"x" * 65_536

        async def chunks() -> AsyncIterator[bytes]:  # streamed: no Content-Length header at all
            for _ in range(20):
                yield chunk

        headers = factories.webhook_headers(b"")
        async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
            response = await client.post(
                f"/v1/webhooks/{connection_id}", content=chunks(), headers=headers
            )
        assert response.status_code == 413
        assert await stored_rows(gateway, tenant_id, connection_id) == 0


class TestDatabaseDown:
    async def test_webhook_gets_503_so_the_shop_retries(
        self, gateway_settings: GatewaySettings
    ) -> None:
        settings = gateway_settings.model_copy(
            update={
                # Port 9: nothing listens, as when PostgreSQL is down.
                "database_url": "postgresql+asyncpg://syncyard:syncyard@127.0.0.1:9/none",
                "run_migrations": False,
                "run_consumers": False,
                "environment": Environment.TEST,
            }
        )
        body = factories.encode(factories.order_payload())
        async with serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url) as client:
            response = await client.post(
                f"/v1/webhooks/{uuid.uuid4()}",
                content=body,
                headers=factories.webhook_headers(body),
            )
            ready = await client.get("/readyz")
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert ready.status_code == 503


class TestConnectorWithoutWebhooks:
    async def test_a_polling_connection_has_no_webhook_endpoint(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        credentials = {"base_url": "http://127.0.0.1:9/", "ident": "i", "secret": "s"}
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client, connector="mplus", **credentials)
        body = factories.encode(factories.order_payload())
        response = await post_webhook(gateway, created["id"], body, factories.webhook_headers(body))
        assert response.status_code == 404
