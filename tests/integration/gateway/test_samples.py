"""GET /v1/connections/{id}/samples/{entity}: the first records of a feed, read live."""

import uuid

import httpx
import pytest

from syncyard_common.auth.principal import Role
from syncyard_gateway.connectors import base, by_name
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_commands import MplusSimulator
from tests.integration.gateway.test_polling import (
    connect,
    references_of,
    seed_orders,
    set_faults,
    simulator,
)

__all__ = ["simulator"]  # shared fixture


class TestSamples:
    async def test_the_first_records_of_the_feed_in_canonical_form(
        self, gateway: RunningGateway, simulator: MplusSimulator, tenant_id: uuid.UUID
    ) -> None:
        references = references_of(3)
        await seed_orders(simulator, references)
        connection = await connect(gateway, tenant_id, **simulator.credentials())
        async with gateway.client(tenant_id, role=Role.VIEWER) as client:
            two = await client.get(f"/v1/connections/{connection}/samples/orders?limit=2")
            default = await client.get(f"/v1/connections/{connection}/samples/orders")
        assert two.status_code == 200, two.text
        body = two.json()
        assert body["entity"] == "orders"
        assert len(body["records"]) == 2
        assert all(record["source_id"] for record in body["records"])
        assert len(default.json()["records"]) == 3  # limit 5 by default; three exist

    async def test_unknown_connections_entities_and_limits_are_refused(
        self, gateway: RunningGateway, simulator: MplusSimulator, tenant_id: uuid.UUID
    ) -> None:
        unread = _an_entity_not_read_by("mijnwebwinkel")
        connection = await connect(gateway, tenant_id, **simulator.credentials())
        async with gateway.client(tenant_id) as client:
            unknown_entity = await client.get(f"/v1/connections/{connection}/samples/invoices")
            store = await factories.create_connection(
                client,
                connector="mijnwebwinkel",
                token="store-token",
                partner_token="partner-token",
                base_url="http://127.0.0.1:9/",
            )
            not_read = await client.get(f"/v1/connections/{store['id']}/samples/{unread}")
            too_many = await client.get(f"/v1/connections/{connection}/samples/orders?limit=51")
            none = await client.get(f"/v1/connections/{connection}/samples/orders?limit=0")
            missing = await client.get(f"/v1/connections/{uuid.uuid4()}/samples/orders")
        async with gateway.client(uuid.uuid4()) as client:
            foreign = await client.get(f"/v1/connections/{connection}/samples/orders")
        assert unknown_entity.status_code == 422
        assert "invoices" in unknown_entity.text
        assert not_read.status_code == 409  # well formed; the connection's kind refuses it
        assert not_read.json()["code"] == "entity_not_read"
        assert f"do not read {unread}" in not_read.text
        assert (too_many.status_code, none.status_code) == (422, 422)
        assert (missing.status_code, foreign.status_code) == (404, 404)

    async def test_a_failing_remote_answers_502_with_its_reason(
        self, gateway: RunningGateway, simulator: MplusSimulator, tenant_id: uuid.UUID
    ) -> None:
        connection = await connect(gateway, tenant_id, **simulator.credentials())
        await set_faults(simulator, error_rate_5xx=1.0)
        async with gateway.client(tenant_id) as client:
            failed = await client.get(f"/v1/connections/{connection}/samples/customers")
        assert failed.status_code == 502, failed.text
        assert "MplusKASSA" in failed.text
        assert "demo-secret" not in failed.text
        async with httpx.AsyncClient() as plain:
            assert (
                await plain.get(f"{gateway.url}/v1/connections/{connection}")
            ).status_code == 401


def _an_entity_not_read_by(connector: str) -> str:
    missing = sorted(set(base.Entity) - by_name.get(connector).capabilities.reads)
    if not missing:
        pytest.skip(f"{connector} now reads every entity; pick another connector")
    return missing[0].value
