"""`/v{version}/orders…` and `/v{version}/orderstatuses`."""

from fastapi import APIRouter, Request

from syncyard_sim_mijnwebwinkel import bodies, order_payload, seed
from syncyard_sim_mijnwebwinkel.clock import split
from syncyard_sim_mijnwebwinkel.deps import StoreDep
from syncyard_sim_mijnwebwinkel.errors import bad_request, invalid, not_found
from syncyard_sim_mijnwebwinkel.store import Json, Store

router = APIRouter(prefix="/v{version}")


def matching(store: Store, request: Request) -> list[Json]:
    """Orders passing the filters, ordered by number (`ordering=asc|desc`)."""
    start = bodies.date_filter(store, request, "start_date")
    end = bodies.date_filter(store, request, "end_date")
    if end is not None and len(request.query_params.get("end_date", "")) <= len("yyyy-mm-dd"):
        end = end.replace(hour=23, minute=59, second=59)  # a date bound covers the whole day
    changed_start = bodies.date_filter(store, request, "status_changed_start_date")
    changed_end = bodies.date_filter(store, request, "status_changed_end_date")
    status = request.query_params.get("status_id")
    archived = bodies.flag(request, "archived")
    with_tests = bodies.flag(request, "test") or False
    email = (request.query_params.get("debtor_email") or "").strip().casefold()
    debtor_id = request.query_params.get("debtor_id") or ""
    ordering = request.query_params.get("ordering", "asc")
    if ordering not in ("asc", "desc"):
        raise bad_request("ordering: The value you selected is not a valid choice.")
    found = []
    for number in sorted(store.orders, reverse=ordering == "desc"):
        order = store.orders[number]
        placed = store.parse_local(order["date"], order["time"])
        changed = store.parse_local(order["status_changed_date"], order["status_changed_time"])
        if not bodies.in_window(placed, start, end):
            continue
        if not bodies.in_window(changed, changed_start, changed_end):
            continue
        if status is not None and str(order["status"]) != status:
            continue
        if archived is not None and order["archived"] != archived:
            continue
        if order["test"] and not with_tests:
            continue
        # debtor_email and debtor_id combine with OR, as documented.
        by_email = bool(email) and order["debtor"]["email"].casefold() == email
        by_id = bool(debtor_id) and order["debtor"].get("id") == debtor_id
        if (email or debtor_id) and not (by_email or by_id):
            continue
        found.append(order)
    return found


def find(store: Store, number: int) -> Json:
    order = store.orders.get(number)
    if order is None:
        raise not_found(f"Order {number}")
    return order


@router.get("/orders")
async def list_orders(store: StoreDep, request: Request) -> list[Json]:
    """A page of orders (bare array)."""
    limit, offset = bodies.page_window(request)
    return matching(store, request)[offset : offset + limit]


@router.get("/orders/count")
async def count_orders(store: StoreDep, request: Request) -> Json:
    return {"count": len(matching(store, request))}


@router.post("/orders")
async def create_order(store: StoreDep, request: Request) -> Json:
    """Place an order; stock limits apply unless `override_stock=true`; the store adds its
    shipping cost unless `disable_shipping=true`. Notifications are not simulated (their
    flags are only checked to be booleans)."""
    body = await bodies.read_object(request)
    for notification in ("send_customer_notification", "send_merchant_notification"):
        bodies.flag(request, notification)
    override = bodies.flag(request, "override_stock") or False
    disable_shipping = bodies.flag(request, "disable_shipping") or False
    order = order_payload.create_order(
        store, body, override_stock=override, shipping=not disable_shipping
    )
    store.orders[order["number"]] = order
    return order


@router.get("/orders/{number}")
async def get_order(store: StoreDep, number: int) -> Json:
    return find(store, number)


@router.patch("/orders/{number}")
async def patch_order(store: StoreDep, request: Request, number: int) -> Json:
    """Change status, archived, internal comment, reference (B2B) or offline location."""
    order = find(store, number)
    body = await bodies.read_object(request)
    if "reference" in body and order["business_model"] != "B2B":
        raise invalid("reference: Only available for B2B orders.")
    if "status" in body:
        status = order_payload.status_of(body["status"])
        if status != order["status"]:
            order["status"] = status
            order["status_changed_date"], order["status_changed_time"] = split(store.now())
    if "archived" in body:
        order["archived"] = bool(body["archived"])
    if isinstance(body.get("comments"), dict) and "internal" in body["comments"]:
        order["comments"]["internal"] = str(body["comments"]["internal"] or "")
    if "reference" in body:
        order["reference"] = str(body["reference"] or "")
    if "offline_location_id" in body:
        order["offline_location_id"] = body["offline_location_id"]
    return order


@router.get("/orderstatuses")
async def list_order_statuses(request: Request) -> list[Json]:
    """The status catalogue; needs the partner token only."""
    return seed.order_statuses(request.query_params.get("language", "nl_NL"))


@router.get("/store")
async def get_store(store: StoreDep) -> Json:
    """Details of the store the token belongs to."""
    return seed.store_details(store)
