"""Orders: list (default status=open; `name` filter), get, count, create, close/open/cancel."""

from datetime import datetime, timedelta

from fastapi import APIRouter, Request, Response

from syncyard_sim_shopify import bodies, inventory, order_payload
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import ShopifyError, not_found, unprocessable
from syncyard_sim_shopify.filters import apply_common
from syncyard_sim_shopify.pagination import paginate, parse_page, project
from syncyard_sim_shopify.store import Json

router = APIRouter(prefix="/admin/api/{version}")

STATUSES = {"open", "closed", "cancelled", "any"}
VISIBLE_DAYS = 60


def _matches_status(order: Json, status: str) -> bool:
    if status == "open":
        return order["closed_at"] is None and order["cancelled_at"] is None
    if status == "closed":
        return order["closed_at"] is not None
    if status == "cancelled":
        return order["cancelled_at"] is not None
    return True


def _is_visible(simulator: Simulator, order: Json) -> bool:
    if simulator.store.config.read_all_orders:
        return True
    cutoff = simulator.store.now() - timedelta(days=VISIBLE_DAYS)
    return datetime.fromisoformat(order["created_at"]) >= cutoff


def _filtered(simulator: Simulator, filters: dict[str, str]) -> list[Json]:
    # Shopify's default is status=open: omitting status hides closed and cancelled orders.
    status = filters.get("status", "open")
    if status not in STATUSES:
        raise ShopifyError(400, {"status": "Invalid value."})
    orders = [
        o
        for o in simulator.store.orders.values()
        if _matches_status(o, status) and _is_visible(simulator, o)
    ]
    if "name" in filters:
        orders = [o for o in orders if o["name"] == filters["name"]]
    for name in ("financial_status", "fulfillment_status"):
        wanted = filters.get(name)
        if wanted and wanted != "any":
            orders = [o for o in orders if o[name] == wanted]
    return apply_common(orders, filters)


def create_order(simulator: Simulator, given: Json, *, decrement_stock: bool) -> Json:
    """Validate, build and store an order, move stock, and fire orders/create (+ paid)."""
    store = simulator.store
    order_payload.validate_order(store, given)
    order = order_payload.build_order(store, given)
    store.orders[order["id"]] = order
    if decrement_stock:
        location_id = order["location_id"] or store.primary_location_id()
        for line in order["line_items"]:
            variant = store.find_variant(line["variant_id"]) if line["variant_id"] else None
            if variant is None or variant["inventory_management"] != "shopify":
                continue
            item_id = variant["inventory_item_id"]
            inventory.connect(store, item_id, location_id)
            inventory.change_level(simulator, item_id, location_id, delta=-line["quantity"])
    simulator.deliverer.fire("orders/create", order)
    if order["financial_status"] == "paid":
        simulator.deliverer.fire("orders/paid", order)
    return order


def touch(simulator: Simulator, order: Json, *topics: str) -> None:
    """Bump `updated_at` and fire `orders/updated` plus any extra topics."""
    order["updated_at"] = simulator.store.timestamp()
    for topic in (*topics, "orders/updated"):
        simulator.deliverer.fire(topic, order)


def _get(simulator: Simulator, order_id: int) -> Json:
    order = simulator.store.orders.get(order_id)
    if order is None or not _is_visible(simulator, order):
        raise not_found()
    return order


@router.get("/orders.json")
async def list_orders(simulator: SimulatorDep, request: Request, response: Response) -> Json:
    """Orders page with a `Link` header when more pages exist."""
    page = parse_page(request)
    chunk, link = paginate(request, page, _filtered(simulator, page.filters))
    if link:
        response.headers["Link"] = link
    return {"orders": [project(order, request) for order in chunk]}


@router.get("/orders/count.json")
async def count_orders(simulator: SimulatorDep, request: Request) -> Json:
    """Number of orders matching the same filters as the list."""
    return {"count": len(_filtered(simulator, dict(request.query_params)))}


@router.get("/orders/{order_id:int}.json")
async def get_order(simulator: SimulatorDep, request: Request, order_id: int) -> Json:
    """One order (any status), or 404."""
    return {"order": project(_get(simulator, order_id), request)}


@router.post("/orders.json", status_code=201)
async def post_order(simulator: SimulatorDep, request: Request) -> Json:
    """Import an order; `inventory_behaviour` other than `bypass` decrements stock."""
    given = await bodies.read_root(request, "order")
    decrement = given.get("inventory_behaviour", "bypass") != "bypass"
    return {"order": create_order(simulator, given, decrement_stock=decrement)}


@router.post("/orders/{order_id:int}/close.json")
async def close_order(simulator: SimulatorDep, order_id: int) -> Json:
    """Close (archive) an order."""
    order = _get(simulator, order_id)
    order["closed_at"] = simulator.store.timestamp()
    touch(simulator, order)
    return {"order": order}


@router.post("/orders/{order_id:int}/open.json")
async def open_order(simulator: SimulatorDep, order_id: int) -> Json:
    """Re-open a closed order."""
    order = _get(simulator, order_id)
    order["closed_at"] = None
    touch(simulator, order)
    return {"order": order}


@router.post("/orders/{order_id:int}/cancel.json")
async def cancel_order(simulator: SimulatorDep, request: Request, order_id: int) -> Json:
    """Cancel with `reason` (default "other"); `restock: true` puts the stock back."""
    order = _get(simulator, order_id)
    if order["cancelled_at"] is not None:
        raise unprocessable({"base": ["Order has already been cancelled"]})
    body = await bodies.read_json(request) if await request.body() else {}
    order["cancelled_at"] = simulator.store.timestamp()
    order["cancel_reason"] = body.get("reason", "other")
    if body.get("restock"):
        location_id = order["location_id"] or simulator.store.primary_location_id()
        for line in order["line_items"]:
            variant = simulator.store.find_variant(line["variant_id"] or 0)
            key = (variant["inventory_item_id"], location_id) if variant else None
            if key and key in simulator.store.inventory_levels:
                inventory.change_level(simulator, *key, delta=line["quantity"])
    touch(simulator, order, "orders/cancelled")
    return {"order": order}
