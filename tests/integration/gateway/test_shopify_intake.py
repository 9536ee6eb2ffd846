"""Shopify simulator → signed webhook → gateway → order.received; then fetch the order back."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from syncyard_common.broker.publisher import Publisher
from syncyard_common.messages import orders
from syncyard_sim_shopify.app import create_app as create_shopify_simulator
from syncyard_sim_shopify.driver import ShopifyDriver
from syncyard_sim_shopify.settings import SimulatorSettings
from tests.fixtures.eventually import eventually
from tests.integration.gateway import factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.server import serve
from tests.integration.gateway.test_commands import answers, command, publisher

__all__ = ["publisher"]  # module fixture shared with test_commands

SIM = SimulatorSettings()


@pytest.fixture(scope="module")
async def shopify() -> AsyncIterator[str]:
    async with serve(create_shopify_simulator(SIM)) as url:
        yield url


def shop_sim(simulator_url: str) -> ShopifyDriver:
    """The simulator's driver, on a client of its own (``async with`` closes it)."""
    return ShopifyDriver(simulator_url, access_token=SIM.access_token, api_version=SIM.api_version)


def credentials(simulator_url: str, **overrides: Any) -> dict[str, Any]:
    return {
        "shop_domain": SIM.shop_domain,
        "access_token": SIM.access_token,
        "webhook_secret": SIM.webhook_secret,
        "base_url": simulator_url,
        **overrides,
    }


class TestShopifyIntake:
    async def test_order_created_in_the_shop_arrives_and_can_be_fetched(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        shopify: str,
        tenant_id: uuid.UUID,
    ) -> None:
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client, **credentials(shopify))
            tested = await client.post(f"/v1/connections/{created['id']}/test")
        assert tested.json() == {"ok": True, "error": None}
        async with shop_sim(shopify) as sim:
            await sim.subscribe_directly("orders/create", gateway.url + created["webhook_url"])
            order = await sim.place_order(
                {
                    "email": "jan@example.nl",
                    "line_items": [{"title": "Roggebrood", "price": "3.95", "quantity": 2}],
                }
            )
        received = await eventually(
            lambda: bus.of_tenant(tenant_id, "order.received.v1"), timeout=15
        )
        assert received[0].payload["source_order_id"] == str(order["id"])
        assert received[0].payload["topic"] == "orders/create"

        fetch = command(
            tenant_id,
            orders.FetchOrderV1(
                connection_id=uuid.UUID(created["id"]), source_order_id=str(order["id"])
            ),
        )
        await publisher.publish(fetch)
        by_type = {e.type: e for e in await answers(bus, tenant_id, fetch)}
        fetched = by_type["connector.order.fetched.v1"].payload["order"]
        assert fetched["source_id"] == str(order["id"])
        assert fetched["number"] == order["name"]
        assert by_type["audit.step.recorded.v1"].payload["entity_ref"] == order["name"]
        assert SIM.access_token not in str(by_type["audit.step.recorded.v1"].payload)

    async def test_rejected_token_marks_the_connection_failing(
        self, gateway: RunningGateway, bus: BusRecorder, shopify: str, tenant_id: uuid.UUID
    ) -> None:
        wrong = credentials(shopify, access_token="shpat_revoked_token")
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client, **wrong)
            tested = (await client.post(f"/v1/connections/{created['id']}/test")).json()
            shown = (await client.get(f"/v1/connections/{created['id']}")).json()
        assert tested["ok"] is False
        assert shown["status"] == "failing"
        failed = await eventually(lambda: bus.of_tenant(tenant_id, "connection.failed.v1"))
        assert failed[0].payload["connection_id"] == created["id"]
        assert "shpat_revoked_token" not in str(failed[0].payload) + str(shown)
