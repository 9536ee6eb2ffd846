"""Orders v2: list (filters, 204 when empty), count, get, create, update (status), archive."""

from collections.abc import Callable
from decimal import Decimal

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from syncyard_sim_bigcommerce import bodies, filters, order_payload
from syncyard_sim_bigcommerce.clock import v2_date
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import ApiError, not_found
from syncyard_sim_bigcommerce.order_statuses import PAID, STATUSES, status_json, status_name
from syncyard_sim_bigcommerce.pagination import v2_list
from syncyard_sim_bigcommerce.store import Json, public

router = APIRouter(prefix="/stores/{store_hash}/v2")

SORTS = {"id", "customer_id", "date_created", "date_modified", "status_id", "channel_id",
         "external_id"}  # fmt: skip
UPDATABLE = ("staff_notes", "customer_message", "external_order_id", "external_id",
             "external_source", "payment_method", "customer_id")  # fmt: skip


def v2_base(request: Request, store_hash: str) -> str:
    """Absolute URL of this store's v2 API as the client reached it."""
    return f"{str(request.base_url).rstrip('/')}/stores/{store_hash}/v2"


def shape_order(request: Request, order: Json, store_hash: str | None = None) -> Json:
    """The order with its sub-resources as `{url, resource}` links."""
    base = v2_base(request, store_hash or request.path_params["store_hash"])
    resource = f"/orders/{order['id']}"
    links = {
        name: {"url": f"{base}{resource}/{name}", "resource": f"{resource}/{name}"}
        for name in ("products", "shipping_addresses", "coupons")
    }
    return public(order) | links


def create_order(simulator: Simulator, given: Json) -> Json:
    """Build, store and announce an order."""
    store = simulator.store
    order, lines, shipping = order_payload.build_order(store, given)
    store.orders[order["id"]] = order
    store.order_products[order["id"]] = lines
    store.order_addresses[order["id"]] = shipping
    simulator.deliverer.fire("store/order/created", {"type": "order", "id": order["id"]})
    return order


def change_status(simulator: Simulator, order: Json, status_id: int) -> None:
    """Set the status; fire `statusUpdated` (and `updated`) when it really changes."""
    previous = order["status_id"]
    if status_id == previous:
        return
    name = status_name(status_id)
    order |= {"status_id": status_id, "status": name, "custom_status": name}
    if status_id in PAID:
        order["payment_status"] = "captured"
    if status_id == 2 and not order["date_shipped"]:
        order["date_shipped"] = v2_date(simulator.store.clock.now())
    data = {"type": "order", "id": order["id"],
            "status": {"previous_status_id": previous, "new_status_id": status_id}}  # fmt: skip
    simulator.deliverer.fire("store/order/statusUpdated", data)


def touch(simulator: Simulator, order: Json) -> None:
    """Bump `date_modified` and fire `store/order/updated`."""
    now = simulator.store.clock.now()
    order["date_modified"], order["_modified"] = v2_date(now), now
    simulator.deliverer.fire("store/order/updated", {"type": "order", "id": order["id"]})


def _get(simulator: Simulator, order_id: int) -> Json:
    order = simulator.store.orders.get(order_id)
    if order is None or order["is_deleted"]:
        raise not_found()
    return order


def _filtered(simulator: Simulator, request: Request) -> list[Json]:
    store, params = simulator.store, request.query_params
    items = [o for o in store.orders.values() if not o["is_deleted"]]
    items = filters.by_ids(items, request, name="id")
    checks: tuple[tuple[str, Callable[[Json, int], bool]], ...] = (
        ("min_id", lambda o, v: o["id"] >= v),
        ("max_id", lambda o, v: o["id"] <= v),
        ("customer_id", lambda o, v: o["customer_id"] == v),
        ("status_id", lambda o, v: o["status_id"] == v),
        ("channel_id", lambda o, v: o["channel_id"] == v),
    )
    for name, keep in checks:
        if name in params:
            bound = min(bodies.ids_param(params[name], name) or {0})
            items = [o for o in items if keep(o, bound)]
    for name, sign in (("min_total", 1), ("max_total", -1)):
        if name in params:
            total = Decimal(params[name])
            items = [o for o in items if sign * (Decimal(o["total_inc_tax"]) - total) >= 0]
    if "email" in params:
        email = params["email"].lower()
        items = [o for o in items if o["billing_address"]["email"].lower() == email]
    for name in ("external_order_id", "cart_id", "payment_method"):
        if name in params:
            items = [o for o in items if str(o.get(name) or "") == params[name]]
    now = store.clock.now()
    items = filters.in_window(items, request, now, lower="min_date_modified",
                              upper="max_date_modified", moment=filters.modified)  # fmt: skip
    items = filters.in_window(items, request, now, lower="min_date_created",
                              upper="max_date_created", moment=lambda o: o["_created"])  # fmt: skip
    field, _, direction = params.get("sort", "id:asc").partition(":")
    field = field if field in SORTS else "id"
    return filters.sort_items(items, field, descending=direction == "desc", moment=filters.modified)


@router.get("/orders")
async def list_orders(simulator: SimulatorDep, request: Request) -> Response:
    """A bare array page of orders; 204 No Content when nothing matches."""
    return v2_list(request, _filtered(simulator, request), lambda o: shape_order(request, o))


@router.get("/orders/count")
async def count_orders(simulator: SimulatorDep) -> Json:
    """Order count per status."""
    live = [o for o in simulator.store.orders.values() if not o["is_deleted"]]
    statuses = [status_json(s) | {"count": sum(1 for o in live if o["status_id"] == s),
                                  "sort_order": s} for s in STATUSES]  # fmt: skip
    return {"statuses": statuses, "count": len(live)}


@router.get("/orders/{order_id:int}")
async def read_order(simulator: SimulatorDep, request: Request, order_id: int) -> Json:
    """One order, or 404."""
    return shape_order(request, _get(simulator, order_id))


@router.post("/orders")
async def post_order(simulator: SimulatorDep, request: Request) -> Json:
    """Create an order (catalogue or custom products)."""
    order = create_order(simulator, await bodies.read_object(request))
    return shape_order(request, order)


@router.put("/orders/{order_id:int}")
async def put_order(simulator: SimulatorDep, request: Request, order_id: int) -> Json:
    """Partial update; `status_id` changes the status."""
    order = _get(simulator, order_id)
    given = await bodies.read_object(request)
    if "status_id" in given and given["status_id"] not in STATUSES:
        raise ApiError(400, f"The field 'status_id' is invalid: {given['status_id']}.")
    for key in UPDATABLE:
        if key in given:
            order[key] = given[key]
    if "status_id" in given:
        change_status(simulator, order, given["status_id"])
    touch(simulator, order)
    return shape_order(request, order)


@router.delete("/orders/{order_id:int}", status_code=204)
async def archive_order(simulator: SimulatorDep, order_id: int) -> Response:
    """Archive the order (it disappears from lists)."""
    order = _get(simulator, order_id)
    order["is_deleted"] = True
    simulator.deliverer.fire("store/order/archived", {"type": "order", "id": order_id})
    return Response(status_code=204)


@router.get("/orders/{order_id:int}/products")
async def list_order_products(simulator: SimulatorDep, request: Request, order_id: int) -> Response:
    """The order's lines."""
    _get(simulator, order_id)
    return v2_list(request, simulator.store.order_products[order_id], dict)


@router.get("/orders/{order_id:int}/shipping_addresses")
async def list_shipping_addresses(
    simulator: SimulatorDep, request: Request, order_id: int
) -> Response:
    """The order's shipping addresses."""
    _get(simulator, order_id)
    return v2_list(request, simulator.store.order_addresses[order_id], dict)


@router.get("/order_statuses")
async def list_statuses() -> JSONResponse:
    """Every order status."""
    return JSONResponse([status_json(s) for s in STATUSES])
