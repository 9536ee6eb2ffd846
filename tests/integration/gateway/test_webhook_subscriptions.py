"""/v1/connections/{id}/webhook-subscriptions: the shop's webhooks to the connection's
absolute URL, read, made (once, however often asked) and removed from Syncyard, against the
Shopify simulator's Admin API; a till cannot, nor can a gateway without a public URL."""

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_gateway.main import create_app
from syncyard_gateway.settings import GatewaySettings
from tests.contract.connectors.conftest import (
    SHOPIFY_DOMAIN,
    SHOPIFY_SECRET,
    SHOPIFY_TOKEN,
    shopify_url,
)
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import JWT_SECRET, RunningGateway
from tests.integration.gateway.server import serve

__all__ = ["shopify_url"]
PUBLIC = "https://syncyard.test/api/gateway"


@pytest.fixture
async def public_gateway(
    gateway: RunningGateway, gateway_settings: GatewaySettings
) -> AsyncIterator[str]:
    """A second gateway on the session gateway's database (migrated by it) that knows its
    public address."""
    settings = gateway_settings.model_copy(
        update={"public_base_url": PUBLIC, "run_consumers": False, "run_migrations": False}
    )
    async with serve(create_app(settings)) as url:
        yield url


def _client(url: str, tenant_id: uuid.UUID) -> httpx.AsyncClient:
    token = tokens.mint(tenant_id=tenant_id, role=Role.ADMIN, secret=JWT_SECRET)
    return httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


async def _at_address(shopify_url: str, address: str) -> list[str]:
    async with httpx.AsyncClient(timeout=10) as plain:
        answer = await plain.get(
            f"{shopify_url}/admin/api/2025-01/webhooks.json",
            headers={"X-Shopify-Access-Token": SHOPIFY_TOKEN},
        )
    return sorted(w["topic"] for w in answer.json()["webhooks"] if w["address"] == address)


async def test_the_shops_order_webhooks_are_registered_once_and_removed(
    public_gateway: str, tenant_id: uuid.UUID, shopify_url: str
) -> None:
    async with _client(public_gateway, tenant_id) as client:
        created = await factories.create_connection(
            client,
            shop_domain=SHOPIFY_DOMAIN,
            access_token=SHOPIFY_TOKEN,
            webhook_secret=SHOPIFY_SECRET,
            base_url=shopify_url,
        )
        path = f"/v1/connections/{created['id']}/webhook-subscriptions"
        before = (await client.get(path)).json()
        made = await client.put(path, json={"entities": ["orders"]})
        again = await client.put(path, json={})
        address = created["webhook_url"]
        in_shop = await _at_address(shopify_url, address)
        removed = await client.delete(path)
        after = await _at_address(shopify_url, address)
    assert address == f"{PUBLIC}/v1/webhooks/{created['id']}"
    assert before["registrable"] is True
    assert before["subscriptions"] == []
    assert before["missing_topics"] == ["orders/create", "orders/updated"]
    assert made.status_code == 200, made.text
    assert sorted(s["topic"] for s in made.json()["subscriptions"]) == in_shop
    assert made.json()["missing_topics"] == []
    assert again.json()["subscriptions"] == made.json()["subscriptions"]
    assert in_shop == ["orders/create", "orders/updated"]  # once each, however often asked
    assert removed.status_code == 200
    assert removed.json()["subscriptions"] == []
    assert after == []


async def test_a_gateway_without_a_public_url_registers_nothing(
    gateway: RunningGateway, tenant_id: uuid.UUID, shopify_url: str
) -> None:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(
            client,
            shop_domain=SHOPIFY_DOMAIN,
            access_token=SHOPIFY_TOKEN,
            webhook_secret=SHOPIFY_SECRET,
            base_url=shopify_url,
        )
        path = f"/v1/connections/{created['id']}/webhook-subscriptions"
        refused = await client.put(path, json={})
    async with gateway.client(uuid.uuid4()) as stranger:
        foreign = await stranger.get(path)
    assert refused.status_code == 409
    assert refused.json()["code"] == "public_base_url_missing"
    assert foreign.status_code == 404


async def test_unknown_entities_are_named(public_gateway: str, tenant_id: uuid.UUID) -> None:
    async with _client(public_gateway, tenant_id) as client:
        created = await factories.create_connection(client)
        path = f"/v1/connections/{created['id']}/webhook-subscriptions"
        invalid = await client.put(path, json={"entities": ["planets"]})
    assert invalid.status_code == 422
    assert invalid.json()["field"].startswith("entities")
