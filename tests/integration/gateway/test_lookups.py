"""POST /v1/connections/{id}/lookups/{entity}: what the target has, read live, nothing written."""

import uuid
from typing import Any

import httpx

from syncyard_common.auth.principal import Role
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_commands import MplusSimulator
from tests.integration.gateway.test_polling import (
    connect,
    references_of,
    seed_orders,
    set_faults,
    sim_requests,
    simulator,
)

__all__ = ["simulator"]  # shared fixture


async def _look_up(
    gateway: RunningGateway, tenant_id: uuid.UUID, connection: str, entity: str, **body: Any
) -> httpx.Response:
    async with gateway.client(tenant_id, role=Role.VIEWER) as client:
        return await client.post(f"/v1/connections/{connection}/lookups/{entity}", json=body)


def _by_key(response: httpx.Response) -> dict[str, dict[str, Any]]:
    assert response.status_code == 200, response.text
    return {answer["key"]: answer for answer in response.json()["results"]}


class TestLookups:
    async def test_products_customers_orders_and_stock_as_the_target_has_them(
        self, gateway: RunningGateway, simulator: MplusSimulator, tenant_id: uuid.UUID
    ) -> None:
        async with simulator.driver() as till:
            await till.seed_articles(
                [{"articleNumber": 4242, "description": "Vase", "priceIncl": 2450}]
            )
            await till.seed_relations([{"name": "Ann Smit", "email": "ann@example.com"}])
        reference = references_of(1)[0]
        await seed_orders(simulator, [reference])
        connection = await connect(gateway, tenant_id, **simulator.credentials())
        writes_before = [r for r in await sim_requests(simulator) if r["is_mutation"]]

        products = _by_key(
            await _look_up(
                gateway, tenant_id, connection, "products", keys=["4242", "9999", "4242"]
            )
        )
        customers = _by_key(
            await _look_up(
                gateway,
                tenant_id,
                connection,
                "customers",
                keys=["ann@example.com", "nobody@example.com"],
            )
        )
        orders = _by_key(
            await _look_up(gateway, tenant_id, connection, "orders", keys=[reference, "SY-none"])
        )
        stock = _by_key(
            await _look_up(gateway, tenant_id, connection, "stock", keys=["4242", "9999"])
        )

        assert list(products) == ["4242", "9999"]  # one answer per distinct key, in order
        assert products["4242"]["product_id"]
        assert products["4242"]["product"]["sku"] == "4242"
        assert products["9999"] == {"key": "9999", "product_id": None, "product": None}
        assert customers["ann@example.com"]["customer"]["email"] == "ann@example.com"
        assert customers["nobody@example.com"]["customer"] is None
        assert orders[reference]["order_id"]
        assert orders["SY-none"]["order_id"] is None
        assert stock["4242"]["level"]["sku"] == "4242"
        assert stock["9999"]["level"] is None
        writes_after = [r for r in await sim_requests(simulator) if r["is_mutation"]]
        assert writes_after == writes_before  # a look-up never writes

    async def test_bad_requests_are_refused_before_any_remote_call(
        self, gateway: RunningGateway, simulator: MplusSimulator, tenant_id: uuid.UUID
    ) -> None:
        connection = await connect(gateway, tenant_id, **simulator.credentials())
        unknown = await _look_up(gateway, tenant_id, connection, "invoices", keys=["1"])
        categories = await _look_up(gateway, tenant_id, connection, "categories", keys=["1"])
        too_many = await _look_up(gateway, tenant_id, connection, "products", keys=["1"] * 51)
        empty = await _look_up(gateway, tenant_id, connection, "products", keys=[])
        missing = await _look_up(gateway, tenant_id, str(uuid.uuid4()), "products", keys=["1"])
        foreign = await _look_up(gateway, uuid.uuid4(), connection, "products", keys=["1"])
        assert unknown.status_code == 422
        assert "invoices" in unknown.text
        assert categories.status_code == 422
        assert (too_many.status_code, empty.status_code) == (422, 422)
        assert (missing.status_code, foreign.status_code) == (404, 404)
        async with httpx.AsyncClient() as plain:
            anonymous = await plain.post(
                f"{gateway.url}/v1/connections/{connection}/lookups/products", json={"keys": ["1"]}
            )
        assert anonymous.status_code == 401

    async def test_a_failing_remote_answers_502_with_its_reason(
        self, gateway: RunningGateway, simulator: MplusSimulator, tenant_id: uuid.UUID
    ) -> None:
        connection = await connect(gateway, tenant_id, **simulator.credentials())
        await set_faults(simulator, error_rate_5xx=1.0)
        failed = await _look_up(gateway, tenant_id, connection, "customers", keys=["a@example.com"])
        assert failed.status_code == 502, failed.text
        assert "MplusKASSA" in failed.text
        assert "demo-secret" not in failed.text
