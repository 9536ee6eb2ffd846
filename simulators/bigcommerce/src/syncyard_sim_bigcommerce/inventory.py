"""Inventory: items per location, absolute and relative adjustments, locations."""

import uuid

from fastapi import APIRouter, Request

from syncyard_sim_bigcommerce import bodies, product_payload
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import ApiError, invalid, not_found
from syncyard_sim_bigcommerce.pagination import envelope
from syncyard_sim_bigcommerce.store import Json, Store

router = APIRouter(prefix="/stores/{store_hash}/v3/inventory")

MAX_ITEMS = 2000


def _resolve(store: Store, item: Json, index: int) -> tuple[Json, Json]:
    """The (product, variant) an adjustment item names by sku, variant_id or product_id."""
    for product in store.products.values():
        for variant in product["variants"]:
            if "sku" in item and variant["sku"] == item["sku"]:
                return product, variant
            if "variant_id" in item and variant["id"] == item["variant_id"]:
                return product, variant
        if "product_id" in item and product["id"] == item["product_id"]:
            base = product_payload.base_variant(product)
            if base is None:
                raise invalid({f"items.{index}.product_id": "The product has variants; "
                               "adjust each variant instead."})  # fmt: skip
            return product, base
    key = next((k for k in ("sku", "variant_id", "product_id") if k in item), "sku")
    raise invalid({f"items.{index}.{key}": f"{item.get(key)!r} was not found."})


def adjust(simulator: Simulator, items: list[Json], *, relative: bool) -> str:
    """Check every item, then apply them all (all or nothing) and announce each change."""
    store = simulator.store
    if not items:
        raise invalid({"items": "error.path.missing"})
    if len(items) > MAX_ITEMS:
        raise invalid({"items": f"At most {MAX_ITEMS} items per request."})
    resolved = []
    for index, item in enumerate(items):
        location, quantity = item.get("location_id"), item.get("quantity")
        if location not in store.locations:
            raise invalid({f"items.{index}.location_id": f"Location {location} does not exist."})
        if not isinstance(quantity, int) or (quantity < 0 and not relative):
            raise invalid({f"items.{index}.quantity": "error.expected.jsnumber"})
        resolved.append((*_resolve(store, item, index), location, quantity))
    for product, variant, location, quantity in resolved:
        key = (variant["id"], location)
        store.stock[key] = max(0, store.stock.get(key, 0) + quantity) if relative else quantity
        product_payload.touch(store, product)
        _announce(simulator, product, variant, "relative" if relative else "absolute", quantity)
    return str(uuid.uuid4())


def _announce(simulator: Simulator, product: Json, variant: Json, method: str, value: int) -> None:
    if variant["option_values"]:
        inventory = {"product_id": product["id"], "method": method, "value": value,
                     "variant_id": variant["id"]}  # fmt: skip
        data = {"type": "sku", "id": variant["sku_id"], "inventory": inventory}
        simulator.deliverer.fire("store/sku/inventory/updated", data)
        return
    inventory = {"product_id": product["id"], "method": method, "value": value}
    data = {"type": "product", "id": product["id"], "inventory": inventory}
    simulator.deliverer.fire("store/product/inventory/updated", data)


def _item(store: Store, product: Json, variant: Json, locations: list[Json]) -> Json:
    identity = {"sku": variant["sku"], "variant_id": variant["id"],
                "product_id": product["id"], "sku_id": variant["sku_id"]}  # fmt: skip
    rows = []
    for location in locations:
        units = store.stock.get((variant["id"], location["id"]), 0)
        settings = {"safety_stock": 0, "is_in_stock": units > 0, "warning_level": 0,
                    "bin_picking_number": variant["bin_picking_number"] or ""}  # fmt: skip
        rows.append({"location_id": location["id"], "location_code": location["code"],
                     "location_name": location["label"], "available_to_sell": units,
                     "total_inventory_onhand": units, "location_enabled": location["enabled"],
                     "settings": settings})  # fmt: skip
    return {"identity": identity, "locations": rows}


def _items(simulator: Simulator, request: Request, location_ids: set[int] | None) -> list[Json]:
    store, params = simulator.store, request.query_params
    skus = set(bodies.words_param(params.get("sku:in")) or []) or None
    variant_ids = bodies.ids_param(params.get("variant_id:in"), "variant_id:in")
    product_ids = bodies.ids_param(params.get("product_id:in"), "product_id:in")
    codes = set(bodies.words_param(params.get("location_code:in")) or []) or None
    locations = [
        loc
        for loc in store.locations.values()
        if (location_ids is None or loc["id"] in location_ids)
        and (codes is None or loc["code"] in codes)
    ]
    found = []
    for product in sorted(store.products.values(), key=lambda p: p["id"]):
        for variant in product["variants"]:
            if skus is not None and variant["sku"] not in skus:
                continue
            if variant_ids is not None and variant["id"] not in variant_ids:
                continue
            if product_ids is not None and product["id"] not in product_ids:
                continue
            found.append(_item(store, product, variant, locations))
    return found


@router.get("/items")
async def list_items(simulator: SimulatorDep, request: Request) -> Json:
    """Stock per variant and location; `sku:in`, `variant_id:in`, `product_id:in`, …"""
    location_ids = bodies.ids_param(request.query_params.get("location_id:in"), "location_id:in")
    return envelope(request, _items(simulator, request, location_ids))


@router.get("/locations/{location_id:int}/items")
async def list_location_items(simulator: SimulatorDep, request: Request, location_id: int) -> Json:
    """Stock at one location."""
    if location_id not in simulator.store.locations:
        raise not_found()
    return envelope(request, _items(simulator, request, {location_id}))


@router.put("/adjustments/absolute")
async def absolute(simulator: SimulatorDep, request: Request) -> Json:
    """Set levels: `{"reason", "items": [{location_id, sku|variant_id|product_id, quantity}]}`."""
    body = await bodies.read_object(request)
    items = body.get("items")
    if not isinstance(items, list):
        raise ApiError(422, "JSON data is missing or invalid", {"items": "error.path.missing"})
    return {"transaction_id": adjust(simulator, items, relative=False)}


@router.post("/adjustments/relative")
async def relative(simulator: SimulatorDep, request: Request) -> Json:
    """Change levels by a delta (never below zero)."""
    body = await bodies.read_object(request)
    items = body.get("items")
    if not isinstance(items, list):
        raise ApiError(422, "JSON data is missing or invalid", {"items": "error.path.missing"})
    return {"transaction_id": adjust(simulator, items, relative=True)}


@router.get("/locations")
async def list_locations(simulator: SimulatorDep, request: Request) -> Json:
    """The store's locations (location 1 is the default)."""
    found = sorted(simulator.store.locations.values(), key=lambda loc: loc["id"])
    wanted = bodies.ids_param(request.query_params.get("location_id:in"), "location_id:in")
    if wanted is not None:
        found = [loc for loc in found if loc["id"] in wanted]
    return envelope(request, found)
