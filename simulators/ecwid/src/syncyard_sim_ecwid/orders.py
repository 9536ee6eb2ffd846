"""Orders: `/api/v3/{storeId}/orders…`; lists are newest first and exclude INCOMPLETE ones."""

from collections.abc import Callable
from decimal import Decimal

from fastapi import APIRouter, Request

from syncyard_sim_ecwid import bodies, order_records, paging
from syncyard_sim_ecwid.deps import Simulator, SimulatorDep
from syncyard_sim_ecwid.errors import not_found
from syncyard_sim_ecwid.store import Json

router = APIRouter(prefix="/api/v3/{store_id}/orders")


def order_of(simulator: Simulator, reference: str) -> Json:
    """By order number (numeric) or by the alphanumeric order id."""
    orders = simulator.store.orders
    found = orders.get(int(reference)) if reference.isdigit() else None
    found = found or next((o for o in orders.values() if o["id"] == reference), None)
    if found is None:
        raise not_found("order", reference)
    return found


def _listed(request: Request, name: str) -> set[str] | None:
    raw = request.query_params.get(name)
    return {part.strip() for part in raw.split(",") if part.strip()} if raw else None


def _text_filter(request: Request) -> Callable[[Json], bool]:
    """`keywords` (number, e-mail, people, items, notes), `customer`, exact `email`."""
    params = request.query_params
    keywords = (params.get("keywords") or "").strip().lower()
    customer = (params.get("customer") or "").strip().lower()
    email = (params.get("email") or "").strip().lower()

    def matches(order: Json) -> bool:
        people = [order.get("billingPerson") or {}, order.get("shippingPerson") or {}]
        if keywords:
            haystack = [
                str(order["orderNumber"]),
                order["vendorOrderNumber"],
                order["email"],
                order["externalTransactionId"],
                order["trackingNumber"],
                order["privateAdminNotes"],
            ]
            haystack += [str(v) for person in people for v in person.values()]
            haystack += [str(i.get(f, "")) for i in order["items"] for f in ("sku", "name")]
            if not any(keywords in text.lower() for text in haystack):
                return False
        names = [order["email"], str(people[0].get("name", ""))]
        if customer and not any(customer in text.lower() for text in names):
            return False
        return not email or email == order["email"].lower()

    return matches


def order_filter(request: Request) -> Callable[[Json], bool]:
    """Parse every filter first; INCOMPLETE orders show only when asked for by status."""
    listed = {
        name: _listed(request, name)
        for name in ("paymentStatus", "fulfillmentStatus", "vendorOrderNumber", "paymentMethod")
    }
    payment = listed["paymentStatus"]
    customer_id = paging.int_param(request, "customerId")
    low, high = paging.decimal_param(request, "totalFrom"), paging.decimal_param(request, "totalTo")
    created_from = paging.date_param(request, "createdFrom")
    created_to = paging.date_param(request, "createdTo")
    updated, text = paging.updated_between(request), _text_filter(request)

    def matches(order: Json) -> bool:
        if any(wanted is not None and order[name] not in wanted for name, wanted in listed.items()):
            return False
        if order["paymentStatus"] == "INCOMPLETE" and (
            payment is None or "INCOMPLETE" not in payment
        ):
            return False
        total, created = Decimal(str(order["total"])), order["createTimestamp"]
        return (
            (customer_id is None or order["customerId"] == customer_id)
            and (low is None or total >= low)
            and (high is None or total <= high)
            and (created_from is None or created >= created_from)
            and (created_to is None or created <= created_to)
            and updated(order)
            and text(order)
        )

    return matches


@router.get("")
async def search_orders(simulator: SimulatorDep, request: Request) -> Json:
    """Filters AND-ed; `orderNumber` (comma list) ignores every other filter; default limit 10."""
    orders = list(simulator.store.orders.values())
    numbers = paging.id_list(request, "orderNumber")
    if numbers is not None:
        found = [o for o in orders if o["orderNumber"] in numbers]
    else:
        matches = order_filter(request)
        found = [o for o in orders if matches(o)]
    found.sort(key=lambda o: (o["createTimestamp"], o["orderNumber"]), reverse=True)
    return paging.envelope(request, found, default_limit=10)


@router.get("/deleted")
async def deleted_orders(simulator: SimulatorDep, request: Request) -> Json:
    return paging.deleted_page(simulator.store, request, "orders")


@router.get("/{reference}")
async def get_order(simulator: SimulatorDep, reference: str) -> Json:
    return bodies.public(order_of(simulator, reference))


@router.post("")
async def create_order(simulator: SimulatorDep, request: Request) -> Json:
    """`{id: orderNumber, orderId: alphanumeric id}`; a used externalOrderId is 409."""
    return place_order(simulator, await bodies.read_json(request))


def place_order(simulator: Simulator, given: Json) -> Json:
    """Store a new order and fire order.created (shared with the control API)."""
    order = order_records.new_order(simulator.store, given)
    simulator.store.orders[order["orderNumber"]] = order
    data = order_records.status_change(order, order, created=True)
    simulator.deliverer.fire("order.created", order["orderNumber"], data)
    return {"id": order["orderNumber"], "orderId": order["id"]}


@router.put("/{reference}")
async def update_order(simulator: SimulatorDep, reference: str, request: Request) -> Json:
    """Statuses, tracking number and other fields; omitted fields keep their value."""
    order = order_of(simulator, reference)
    before = dict(order)
    order_records.apply_order(simulator.store, order, await bodies.read_json(request))
    touch_order(simulator, order, before)
    return {"updateCount": 1}


def touch_order(simulator: Simulator, order: Json, before: Json) -> None:
    """Stamp the order as updated and fire order.updated with the status change."""
    simulator.store.stamp(order, prefix="order")
    data = order_records.status_change(before, order, created=False)
    simulator.deliverer.fire("order.updated", order["orderNumber"], data)


@router.delete("/{reference}")
async def delete_order(simulator: SimulatorDep, reference: str) -> Json:
    order = order_of(simulator, reference)
    del simulator.store.orders[order["orderNumber"]]
    simulator.store.log_deleted("orders", order["orderNumber"], "ORDER")
    simulator.deliverer.fire("order.deleted", order["orderNumber"], {"orderId": order["id"]})
    return {"deleteCount": 1}
