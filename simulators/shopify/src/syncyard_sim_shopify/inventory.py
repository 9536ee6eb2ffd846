"""Locations, inventory items and levels: `/locations.json`, `/inventory_items.json`, levels."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_shopify import bodies
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import not_found, unprocessable
from syncyard_sim_shopify.filters import parse_ids, parse_time
from syncyard_sim_shopify.pagination import paginate, parse_page
from syncyard_sim_shopify.store import Json, Store

router = APIRouter(prefix="/admin/api/{version}")


def _item_exists(store: Store, item_id: int) -> bool:
    return any(v["inventory_item_id"] == item_id for v in store.variants())


def sync_variant_quantity(store: Store, item_id: int) -> None:
    """Keep the read-only `variant.inventory_quantity` equal to the sum over locations."""
    total = sum(lvl["available"] for (i, _), lvl in store.inventory_levels.items() if i == item_id)
    for variant in store.variants():
        if variant["inventory_item_id"] == item_id:
            variant["old_inventory_quantity"] = variant["inventory_quantity"]
            variant["inventory_quantity"] = total


def connect(store: Store, item_id: int, location_id: int) -> Json:
    """Stock the item at the location (available 0) unless it already is."""
    key = (item_id, location_id)
    if key not in store.inventory_levels:
        store.inventory_levels[key] = {
            "inventory_item_id": item_id,
            "location_id": location_id,
            "available": 0,
            "updated_at": store.timestamp(),
            "admin_graphql_api_id": f"gid://shopify/InventoryLevel/{location_id}"
            f"?inventory_item_id={item_id}",
        }
    return store.inventory_levels[key]


def change_level(simulator: Simulator, item_id: int, location_id: int, *, delta: int) -> Json:
    """Add `delta` to a connected level, fire `inventory_levels/update`, return the level."""
    store = simulator.store
    level = store.inventory_levels[(item_id, location_id)]
    level["available"] += delta
    level["updated_at"] = store.timestamp()
    sync_variant_quantity(store, item_id)
    simulator.deliverer.fire("inventory_levels/update", dict(level))
    return level


def _target(store: Store, body: Json) -> tuple[int, int]:
    item_id = body.get("inventory_item_id")
    location_id = body.get("location_id")
    if not isinstance(item_id, int) or not _item_exists(store, item_id):
        raise not_found()
    if not isinstance(location_id, int) or location_id not in store.locations:
        raise not_found()
    return item_id, location_id


@router.get("/locations.json")
async def list_locations(simulator: SimulatorDep) -> Json:
    """All locations (the simulated shop has a store and a warehouse)."""
    return {"locations": list(simulator.store.locations.values())}


@router.get("/locations/{location_id:int}.json")
async def get_location(simulator: SimulatorDep, location_id: int) -> Json:
    """One location, or 404."""
    location = simulator.store.locations.get(location_id)
    if location is None:
        raise not_found()
    return {"location": location}


def inventory_item(store: Store, variant: Json) -> Json:
    """The variant's inventory item (REST `InventoryItem`): SKU, tracking, shipping."""
    return {
        "id": variant["inventory_item_id"],
        "sku": variant["sku"],
        "created_at": variant["created_at"],
        "updated_at": variant["updated_at"],
        "requires_shipping": variant["requires_shipping"],
        "cost": None,
        "country_code_of_origin": None,
        "province_code_of_origin": None,
        "harmonized_system_code": None,
        "tracked": variant["inventory_management"] == "shopify",
        "country_harmonized_system_codes": [],
        "admin_graphql_api_id": store.gid("InventoryItem", variant["inventory_item_id"]),
    }


@router.get("/inventory_items.json")
async def list_items(simulator: SimulatorDep, request: Request) -> Json:
    """Inventory items by `ids` (required, at most 100)."""
    ids = parse_ids("ids", request.query_params.get("ids", ""))
    if not ids or len(ids) > 100:
        raise unprocessable({"ids": ["must list between 1 and 100 ids"]})
    store = simulator.store
    found = [inventory_item(store, v) for v in store.variants() if v["inventory_item_id"] in ids]
    return {"inventory_items": sorted(found, key=lambda item: item["id"])}


@router.get("/inventory_items/{item_id:int}.json")
async def get_item(simulator: SimulatorDep, item_id: int) -> Json:
    """One inventory item, or 404."""
    store = simulator.store
    variant = next((v for v in store.variants() if v["inventory_item_id"] == item_id), None)
    if variant is None:
        raise not_found()
    return {"inventory_item": inventory_item(store, variant)}


@router.get("/inventory_levels.json")
async def list_levels(simulator: SimulatorDep, request: Request, response: Response) -> Json:
    """Levels filtered by `inventory_item_ids` and/or `location_ids` (one is required)."""
    page = parse_page(request)
    filters = page.filters
    if "inventory_item_ids" not in filters and "location_ids" not in filters:
        raise unprocessable({"base": ["inventory_item_ids or location_ids must be present"]})
    levels = list(simulator.store.inventory_levels.values())
    if "inventory_item_ids" in filters:
        items = parse_ids("inventory_item_ids", filters["inventory_item_ids"])
        levels = [lvl for lvl in levels if lvl["inventory_item_id"] in items]
    if "location_ids" in filters:
        locations = parse_ids("location_ids", filters["location_ids"])
        levels = [lvl for lvl in levels if lvl["location_id"] in locations]
    if "updated_at_min" in filters:
        bound = parse_time("updated_at_min", filters["updated_at_min"])
        levels = [lvl for lvl in levels if parse_time("updated_at", lvl["updated_at"]) >= bound]
    # Levels have no id of their own; page over a synthetic one.
    keyed = [lvl | {"id": lvl["inventory_item_id"] * 1000 + i} for i, lvl in enumerate(levels)]
    chunk, link = paginate(request, page, keyed)
    if link:
        response.headers["Link"] = link
    return {"inventory_levels": [{k: v for k, v in lvl.items() if k != "id"} for lvl in chunk]}


@router.post("/inventory_levels/set.json")
async def set_level(simulator: SimulatorDep, request: Request) -> Json:
    """Set `available` at a location, connecting the item there first if needed."""
    body = await bodies.read_json(request)
    item_id, location_id = _target(simulator.store, body)
    available = body.get("available")
    if not isinstance(available, int):
        raise unprocessable({"available": ["is not a number"]})
    level = connect(simulator.store, item_id, location_id)
    delta = available - level["available"]
    return {"inventory_level": change_level(simulator, item_id, location_id, delta=delta)}


@router.post("/inventory_levels/adjust.json")
async def adjust_level(simulator: SimulatorDep, request: Request) -> Json:
    """Add `available_adjustment` to a level; 422 when the item is not stocked there."""
    body = await bodies.read_json(request)
    item_id, location_id = _target(simulator.store, body)
    delta = body.get("available_adjustment")
    if not isinstance(delta, int):
        raise unprocessable({"available_adjustment": ["is not a number"]})
    if (item_id, location_id) not in simulator.store.inventory_levels:
        raise unprocessable({"base": ["Inventory item is not stocked at the location"]})
    return {"inventory_level": change_level(simulator, item_id, location_id, delta=delta)}


@router.post("/inventory_levels/connect.json", status_code=201)
async def connect_level(simulator: SimulatorDep, request: Request) -> Json:
    """Connect an item to a location (idempotent)."""
    body = await bodies.read_json(request)
    item_id, location_id = _target(simulator.store, body)
    level = connect(simulator.store, item_id, location_id)
    simulator.deliverer.fire("inventory_levels/connect", dict(level))
    return {"inventory_level": level}


@router.delete("/inventory_levels.json", status_code=204)
async def disconnect_level(simulator: SimulatorDep, request: Request) -> Response:
    """Disconnect an item from a location."""
    params = request.query_params
    key = (int(params.get("inventory_item_id", 0)), int(params.get("location_id", 0)))
    level = simulator.store.inventory_levels.pop(key, None)
    if level is None:
        raise not_found()
    sync_variant_quantity(simulator.store, key[0])
    simulator.deliverer.fire("inventory_levels/disconnect", level)
    return Response(status_code=204)
