"""Shopify webhook subscriptions through the Admin REST API (`/webhooks.json`)."""

from collections.abc import Iterable

from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.shopify.client import ShopifyClient
from syncyard_gateway.connectors.subscriptions import Subscription

# The topics whose webhooks the intake turns into changes (webhooks.ENTITY_BY_PREFIX).
TOPICS: dict[Entity, tuple[str, ...]] = {
    Entity.ORDERS: ("orders/create", "orders/updated"),
    Entity.PRODUCTS: ("products/create", "products/update"),
    Entity.STOCK: ("inventory_levels/update",),
    Entity.CUSTOMERS: ("customers/create", "customers/update"),
    Entity.CATEGORIES: ("collections/create", "collections/update"),
}


def topics_for(entities: Iterable[Entity]) -> list[str]:
    return [topic for entity in entities for topic in TOPICS.get(entity, ())]


def _subscription(row: dict[str, object]) -> Subscription:
    return Subscription(
        topic=str(row.get("topic", "")),
        address=str(row.get("address", "")),
        remote_id=str(row.get("id", "")),
    )


async def list_subscriptions(client: ShopifyClient) -> list[Subscription]:
    rows = await client.get_all("/webhooks.json", "webhooks")
    return [_subscription(row) for row in rows]


async def subscribe(client: ShopifyClient, *, topic: str, address: str) -> Subscription:
    body = {"webhook": {"topic": topic, "address": address, "format": "json"}}
    answer = await client.call("POST", "/webhooks.json", body=body)
    return _subscription(dict(answer.get("webhook", {})))


async def unsubscribe(client: ShopifyClient, subscription: Subscription) -> None:
    await client.call("DELETE", f"/webhooks/{int(subscription.remote_id)}.json")
