"""BigCommerce webhook subscriptions through `/v3/hooks` (one hook per scope; the store
delivers `store/order/*` as one scope, so one hook covers created, updated and status)."""

from collections.abc import Iterable

from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.bigcommerce.client import BigCommerceClient
from syncyard_gateway.connectors.subscriptions import Subscription

SCOPES: dict[Entity, tuple[str, ...]] = {
    Entity.ORDERS: ("store/order/*",),
    Entity.PRODUCTS: ("store/product/*", "store/sku/*"),
    Entity.STOCK: ("store/sku/inventory/*",),
    Entity.CUSTOMERS: ("store/customer/*",),
    Entity.CATEGORIES: ("store/category/*",),
}


def scopes_for(entities: Iterable[Entity]) -> list[str]:
    return [scope for entity in entities for scope in SCOPES.get(entity, ())]


def _subscription(row: dict[str, object]) -> Subscription:
    return Subscription(
        topic=str(row.get("scope", "")),
        address=str(row.get("destination", "")),
        remote_id=str(row.get("id", "")),
    )


async def list_subscriptions(client: BigCommerceClient) -> list[Subscription]:
    """Active hooks only: a hook BigCommerce switched off after failures delivers nothing."""
    rows = await client.v3_all("/v3/hooks", is_active="true")
    return [_subscription(row) for row in rows]


async def subscribe(client: BigCommerceClient, *, topic: str, address: str) -> Subscription:
    body = {"scope": topic, "destination": address, "is_active": True}
    answer = await client.call("POST", "/v3/hooks", body=body)
    return _subscription(dict((answer or {}).get("data") or {}))


async def unsubscribe(client: BigCommerceClient, subscription: Subscription) -> None:
    await client.call("DELETE", f"/v3/hooks/{int(subscription.remote_id)}")
