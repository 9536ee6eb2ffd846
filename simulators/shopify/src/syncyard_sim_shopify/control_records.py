"""Control API, part 2: seed collections and stock, touch records, read back, force failures."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from syncyard_sim_shopify import bodies, collections, inventory
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import ShopifyError, not_found
from syncyard_sim_shopify.store import Json

router = APIRouter(prefix="/_sim")

# Resource name in the URL -> the store attribute read back by `GET /_sim/records/{name}`.
RECORDS = {
    "orders": "orders",
    "products": "products",
    "customers": "customers",
    "custom_collections": "custom_collections",
    "collects": "collects",
    "metafields": "metafields",
}
# Resources `POST /_sim/{name}/{id}/touch` can bump, with the topic an edit fires.
TOUCHABLE = {
    "products": ("products", "products/update"),
    "customers": ("customers", "customers/update"),
    "custom_collections": ("custom_collections", "collections/update"),
}


class FailNext(BaseModel):
    """Answer the next `count` API calls with `status` (429 as a full bucket, or a 5xx)."""

    model_config = ConfigDict(extra="forbid")

    status: int = Field(ge=429, le=599)
    count: int = Field(default=1, ge=0)


class StockSeed(BaseModel):
    """Set the level of the variant with this SKU (primary location unless given)."""

    model_config = ConfigDict(extra="forbid")

    sku: str
    available: int
    location_id: int | None = None


def _variant(simulator: Simulator, sku: str) -> Json:
    variant = simulator.store.find_variant_by_sku(sku)
    if variant is None:
        raise not_found()
    return variant


@router.post("/custom_collections", status_code=201)
async def seed_collection(simulator: SimulatorDep, request: Request) -> Json:
    """Create one custom collection (REST shape, `metafields` allowed)."""
    return collections.create_collection(simulator, await bodies.read_json(request))


@router.post("/stock")
async def seed_stock(simulator: SimulatorDep, seed: StockSeed) -> Json:
    """Set a SKU's level (connecting it first); fires inventory_levels/update."""
    store, variant = simulator.store, _variant(simulator, seed.sku)
    location_id = seed.location_id or store.primary_location_id()
    if location_id not in store.locations:
        raise not_found()
    item_id = variant["inventory_item_id"]
    level = inventory.connect(store, item_id, location_id)
    delta = seed.available - level["available"]
    return inventory.change_level(simulator, item_id, location_id, delta=delta)


@router.get("/stock")
async def read_stock(simulator: SimulatorDep, sku: str, location_id: int | None = None) -> Json:
    """`{"sku", "available"}` at the location (primary by default); null when not stocked."""
    store = simulator.store
    variant = store.find_variant_by_sku(sku)
    key = (
        variant["inventory_item_id"] if variant else 0,
        location_id or store.primary_location_id(),
    )
    level = store.inventory_levels.get(key)
    return {"sku": sku, "available": level["available"] if level else None}


@router.post("/{resource}/{record_id:int}/touch")
async def touch_record(simulator: SimulatorDep, resource: str, record_id: int) -> Json:
    """Bump a product's, customer's or collection's `updated_at` as an admin edit would."""
    if resource not in TOUCHABLE:
        raise not_found()
    attribute, topic = TOUCHABLE[resource]
    record: Json | None = getattr(simulator.store, attribute).get(record_id)
    if record is None:
        raise not_found()
    record["updated_at"] = simulator.store.timestamp()
    simulator.deliverer.fire(topic, record)
    return record


@router.get("/records/{resource}")
async def read_records(simulator: SimulatorDep, resource: str) -> Json:
    """Everything the shop holds of one resource, in REST shape, oldest first."""
    if resource not in RECORDS:
        raise ShopifyError(404, "Not Found")
    stored: dict[int, Any] = getattr(simulator.store, RECORDS[resource])
    return {resource: [stored[key] for key in sorted(stored)]}


@router.post("/fail_next")
async def fail_next(simulator: SimulatorDep, fail: FailNext) -> Json:
    """Make the next API calls fail with one status, then behave again."""
    simulator.store.config.fail_next_status = fail.status
    simulator.store.config.fail_next_count = fail.count
    return {"status": fail.status, "count": fail.count}
