"""Orders and their lines: `/3.0/ecommerce/stores/{store_id}/orders[/{id}[/lines[/{id}]]]`."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_mailchimp import bodies, customers, order_payload, paging
from syncyard_sim_mailchimp.bodies import Json
from syncyard_sim_mailchimp.deps import SimulatorDep
from syncyard_sim_mailchimp.problems import already_exists, invalid, not_found
from syncyard_sim_mailchimp.shops import shop
from syncyard_sim_mailchimp.store import EcommerceStore

router = APIRouter(prefix="/3.0/ecommerce")


def _path(store_id: str, order_id: str = "") -> str:
    return f"/ecommerce/stores/{store_id}/orders" + (f"/{order_id}" if order_id else "")


def public_line(request: Request, path: str, order_line: Json) -> Json:
    line_path = f"{path}/lines/{order_line['id']}"
    return {**order_line, "_links": paging.links(request, line_path, parent=f"{path}/lines")}


def public(request: Request, owner: EcommerceStore, order: Json) -> Json:
    """The order with its customer embedded as Mailchimp answers it."""
    shown = {k: v for k, v in order.items() if k != "customer_id"}
    customer = owner.customers.get(order["customer_id"])
    shown["customer"] = customers.public(request, owner, customer) if customer else {}
    path = _path(owner.record["id"], order["id"])
    shown["lines"] = [public_line(request, path, li) for li in order["lines"]]
    shown["_links"] = paging.links(request, path, parent=_path(owner.record["id"]))
    return shown


def _order(owner: EcommerceStore, order_id: str) -> Json:
    order = owner.orders.get(order_id)
    if order is None:
        raise not_found()
    return order


def _filtered(request: Request, owner: EcommerceStore) -> list[Json]:
    customer_id = request.query_params.get("customer_id")
    orders = [
        o for o in owner.orders.values() if not customer_id or o["customer_id"] == customer_id
    ]
    return [public(request, owner, o) for o in orders]


@router.get("/orders")
async def list_account_orders(simulator: SimulatorDep, request: Request) -> Json:
    """Orders of every store of the account."""
    found = [o for owner in simulator.store.stores.values() for o in _filtered(request, owner)]
    return paging.answer_list(request, "/ecommerce/orders", "orders", found)


@router.get("/stores/{store_id}/orders")
async def list_orders(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    found = _filtered(request, shop(simulator, store_id))
    return paging.answer_list(request, _path(store_id), "orders", found, store_id=store_id)


@router.post("/stores/{store_id}/orders")
async def add_order(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shop(simulator, store_id)
    given = await bodies.read_json(request)
    order_payload.check_order(given, creating=True)
    if given["id"] in owner.orders:
        raise already_exists("order")
    order = order_payload.new_order(simulator, owner, given)
    owner.orders[order["id"]] = order
    return public(request, owner, order)


@router.get("/stores/{store_id}/orders/{order_id}")
async def get_order(
    simulator: SimulatorDep, request: Request, store_id: str, order_id: str
) -> Json:
    owner = shop(simulator, store_id)
    return paging.project(request, public(request, owner, _order(owner, order_id)))


@router.put("/stores/{store_id}/orders/{order_id}")
async def put_order(
    simulator: SimulatorDep, request: Request, store_id: str, order_id: str
) -> Json:
    """Upsert: the whole order is replaced (it keeps its place in the list)."""
    owner = shop(simulator, store_id)
    given = {**await bodies.read_json(request), "id": order_id}
    owner.orders[order_id] = order_payload.new_order(simulator, owner, given)
    return public(request, owner, owner.orders[order_id])


@router.patch("/stores/{store_id}/orders/{order_id}")
async def patch_order(
    simulator: SimulatorDep, request: Request, store_id: str, order_id: str
) -> Json:
    owner = shop(simulator, store_id)
    order = _order(owner, order_id)
    order_payload.merge_order(simulator, owner, order, await bodies.read_json(request))
    return public(request, owner, order)


@router.delete("/stores/{store_id}/orders/{order_id}", status_code=204)
async def delete_order(simulator: SimulatorDep, store_id: str, order_id: str) -> Response:
    owner = shop(simulator, store_id)
    _order(owner, order_id)
    del owner.orders[order_id]
    return Response(status_code=204)


@router.get("/stores/{store_id}/orders/{order_id}/lines")
async def list_lines(
    simulator: SimulatorDep, request: Request, store_id: str, order_id: str
) -> Json:
    order = _order(shop(simulator, store_id), order_id)
    path = _path(store_id, order_id)
    found = [public_line(request, path, li) for li in order["lines"]]
    extra = {"store_id": store_id, "order_id": order_id}
    return paging.answer_list(request, f"{path}/lines", "lines", found, **extra)


@router.post("/stores/{store_id}/orders/{order_id}/lines")
async def add_line(simulator: SimulatorDep, request: Request, store_id: str, order_id: str) -> Json:
    owner = shop(simulator, store_id)
    order = _order(owner, order_id)
    given = await bodies.read_json(request)
    new = order_payload.line(owner, given, len(order["lines"]))
    if any(li["id"] == new["id"] for li in order["lines"]):
        raise already_exists("order line")
    order["lines"].append(new)
    return public_line(request, _path(store_id, order_id), new)


def _line(order: Json, line_id: str) -> Json:
    found: Json | None = next((li for li in order["lines"] if li["id"] == line_id), None)
    if found is None:
        raise not_found()
    return found


@router.get("/stores/{store_id}/orders/{order_id}/lines/{line_id}")
async def get_line(
    simulator: SimulatorDep, request: Request, store_id: str, order_id: str, line_id: str
) -> Json:
    order = _order(shop(simulator, store_id), order_id)
    shown = public_line(request, _path(store_id, order_id), _line(order, line_id))
    return paging.project(request, shown)


@router.patch("/stores/{store_id}/orders/{order_id}/lines/{line_id}")
async def patch_line(
    simulator: SimulatorDep, request: Request, store_id: str, order_id: str, line_id: str
) -> Json:
    owner = shop(simulator, store_id)
    order = _order(owner, order_id)
    old = _line(order, line_id)
    given = {**old, **await bodies.read_json(request), "id": line_id}
    old.update(order_payload.line(owner, given, order["lines"].index(old)))
    return public_line(request, _path(store_id, order_id), old)


@router.delete("/stores/{store_id}/orders/{order_id}/lines/{line_id}", status_code=204)
async def delete_line(
    simulator: SimulatorDep, store_id: str, order_id: str, line_id: str
) -> Response:
    order = _order(shop(simulator, store_id), order_id)
    _line(order, line_id)
    if len(order["lines"]) == 1:
        raise invalid("line_id", "An order must keep at least one line.")
    order["lines"] = [li for li in order["lines"] if li["id"] != line_id]
    return Response(status_code=204)
