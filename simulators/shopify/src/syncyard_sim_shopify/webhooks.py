"""Webhook subscriptions: `GET/POST /webhooks.json`, `GET/PUT/DELETE /webhooks/{id}.json`."""

from fastapi import APIRouter, Request

from syncyard_sim_shopify import bodies
from syncyard_sim_shopify.deps import SimulatorDep
from syncyard_sim_shopify.errors import not_found, unprocessable
from syncyard_sim_shopify.store import Json, Store

router = APIRouter(prefix="/admin/api/{version}")

TOPICS = {
    "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled",
    "orders/partially_fulfilled", "orders/edited", "orders/delete", "refunds/create",
    "products/create", "products/update", "products/delete", "inventory_levels/update",
    "inventory_levels/connect", "inventory_levels/disconnect", "inventory_items/create",
    "inventory_items/update", "inventory_items/delete", "customers/create", "customers/update",
    "customers/delete", "collections/create", "collections/update", "collections/delete",
    "locations/create", "locations/update", "locations/delete", "app/uninstalled",
}  # fmt: skip


def public(subscription: Json) -> Json:
    """Subscription JSON without the simulator's private bookkeeping keys."""
    return {k: v for k, v in subscription.items() if not k.startswith("_")}


def subscribe(store: Store, given: Json) -> Json:
    """Validate and store a subscription (Shopify's 422 messages)."""
    errors: dict[str, list[str]] = {}
    topic, address = given.get("topic"), given.get("address")
    if topic not in TOPICS:
        errors["topic"] = ["Invalid topic specified."]
    if not address:
        errors["address"] = ["can't be blank"]
    elif not str(address).startswith(("http://", "https://")):
        errors["address"] = ["is invalid"]
    elif any(w["topic"] == topic and w["address"] == address for w in store.webhooks.values()):
        errors["address"] = ["for this topic has already been taken"]
    if given.get("format", "json") != "json":
        errors["format"] = ["is not supported by the simulator (json only)"]
    if errors:
        raise unprocessable(errors)
    now, webhook_id = store.timestamp(), store.new_id()
    subscription: Json = {
        "id": webhook_id,
        "address": address,
        "topic": topic,
        "created_at": now,
        "updated_at": now,
        "format": "json",
        "fields": list(given.get("fields") or []),
        "metafield_namespaces": [],
        "api_version": store.settings.api_version,
        "private_metafield_namespaces": [],
        "_failures": 0,
    }
    store.webhooks[webhook_id] = subscription
    return subscription


@router.get("/webhooks.json")
async def list_webhooks(simulator: SimulatorDep, request: Request) -> Json:
    """All subscriptions, optionally filtered by `topic` / `address`."""
    found = list(simulator.store.webhooks.values())
    for name in ("topic", "address"):
        if name in request.query_params:
            found = [w for w in found if w[name] == request.query_params[name]]
    return {"webhooks": [public(w) for w in found]}


@router.get("/webhooks/count.json")
async def count_webhooks(simulator: SimulatorDep) -> Json:
    """Number of subscriptions."""
    return {"count": len(simulator.store.webhooks)}


@router.post("/webhooks.json", status_code=201)
async def post_webhook(simulator: SimulatorDep, request: Request) -> Json:
    """Subscribe `{"webhook": {"topic", "address", "format", "fields"?}}`."""
    given = await bodies.read_root(request, "webhook")
    return {"webhook": public(subscribe(simulator.store, given))}


@router.get("/webhooks/{webhook_id:int}.json")
async def get_webhook(simulator: SimulatorDep, webhook_id: int) -> Json:
    """One subscription, or 404."""
    subscription = simulator.store.webhooks.get(webhook_id)
    if subscription is None:
        raise not_found()
    return {"webhook": public(subscription)}


@router.put("/webhooks/{webhook_id:int}.json")
async def put_webhook(simulator: SimulatorDep, request: Request, webhook_id: int) -> Json:
    """Change a subscription's address or fields."""
    subscription = simulator.store.webhooks.get(webhook_id)
    if subscription is None:
        raise not_found()
    given = await bodies.read_root(request, "webhook")
    for key in ("address", "fields"):
        if key in given:
            subscription[key] = given[key]
    subscription["updated_at"] = simulator.store.timestamp()
    return {"webhook": public(subscription)}


@router.delete("/webhooks/{webhook_id:int}.json")
async def delete_webhook(simulator: SimulatorDep, webhook_id: int) -> Json:
    """Unsubscribe."""
    if simulator.store.webhooks.pop(webhook_id, None) is None:
        raise not_found()
    return {}
