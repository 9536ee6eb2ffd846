"""Fulfilment: `GET /orders/{id}/fulfillment_orders.json` and `POST /fulfillments.json`."""

from fastapi import APIRouter, Request

from syncyard_sim_shopify import bodies, orders
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import not_found, unprocessable
from syncyard_sim_shopify.store import Json

router = APIRouter(prefix="/admin/api/{version}")


def fulfillment_orders_of(simulator: Simulator, order: Json) -> list[Json]:
    """The order's fulfillment orders; one per order, assigned to its (or the primary) location."""
    store = simulator.store
    if order["id"] not in store.fulfillment_orders:
        fo_id, now = store.new_id(), store.timestamp()
        lines = []
        for line in order["line_items"]:
            variant = store.find_variant(line["variant_id"] or 0)
            lines.append(
                {
                    "id": store.new_id(),
                    "fulfillment_order_id": fo_id,
                    "line_item_id": line["id"],
                    "quantity": line["quantity"],
                    "fulfillable_quantity": line["quantity"],
                    "variant_id": line["variant_id"],
                    "inventory_item_id": variant["inventory_item_id"] if variant else None,
                }
            )
        store.fulfillment_orders[order["id"]] = [
            {
                "id": fo_id,
                "order_id": order["id"],
                "assigned_location_id": order["location_id"] or store.primary_location_id(),
                "request_status": "unsubmitted",
                "status": "open",
                "supported_actions": ["create_fulfillment"],
                "destination": order["shipping_address"],
                "line_items": lines,
                "created_at": now,
                "updated_at": now,
                "admin_graphql_api_id": store.gid("FulfillmentOrder", fo_id),
            }
        ]
    return store.fulfillment_orders[order["id"]]


def _find_fulfillment_order(simulator: Simulator, fo_id: object) -> tuple[Json, Json]:
    # Only fulfillment orders a client has seen (listed) can be referenced, as in Shopify.
    for order_id, fulfillment_orders in simulator.store.fulfillment_orders.items():
        for fo in fulfillment_orders:
            if fo["id"] == fo_id:
                return simulator.store.orders[order_id], fo
    raise not_found()


def _fulfil(fo: Json, wanted: list[Json] | None) -> dict[int, int]:
    """Take quantities off the fulfillment order; return line_item_id -> quantity shipped."""
    if fo["status"] != "open":
        raise unprocessable({"base": [f"Fulfillment order {fo['id']} has status {fo['status']}"]})
    by_id = {line["id"]: line for line in fo["line_items"]}
    picks = wanted or [
        {"id": i, "quantity": line["fulfillable_quantity"]} for i, line in by_id.items()
    ]
    shipped: dict[int, int] = {}
    for pick in picks:
        line = by_id.get(pick.get("id"))
        if line is None or not 0 < pick.get("quantity", 0) <= line["fulfillable_quantity"]:
            raise unprocessable({"line_items_by_fulfillment_order": ["invalid quantity"]})
        line["fulfillable_quantity"] -= pick["quantity"]
        shipped[line["line_item_id"]] = pick["quantity"]
    if all(line["fulfillable_quantity"] == 0 for line in fo["line_items"]):
        fo["status"], fo["supported_actions"] = "closed", []
    return shipped


@router.get("/orders/{order_id:int}/fulfillment_orders.json")
async def list_fulfillment_orders(simulator: SimulatorDep, order_id: int) -> Json:
    """Fulfillment orders of one order."""
    order = simulator.store.orders.get(order_id)
    if order is None:
        raise not_found()
    return {"fulfillment_orders": fulfillment_orders_of(simulator, order)}


@router.post("/fulfillments.json", status_code=201)
async def create_fulfillment(simulator: SimulatorDep, request: Request) -> Json:
    """Ship (part of) one order's fulfillment orders, with optional tracking info."""
    given = await bodies.read_root(request, "fulfillment")
    groups = given.get("line_items_by_fulfillment_order") or []
    if not groups:
        raise unprocessable({"line_items_by_fulfillment_order": ["can't be blank"]})
    shipped: dict[int, int] = {}
    order: Json = {}
    for group in groups:
        order, fo = _find_fulfillment_order(simulator, group.get("fulfillment_order_id"))
        shipped |= _fulfil(fo, group.get("fulfillment_order_line_items"))
    store, tracking = simulator.store, given.get("tracking_info") or {}
    for line in order["line_items"]:
        line["fulfillable_quantity"] -= shipped.get(line["id"], 0)
        if line["id"] in shipped:
            line["fulfillment_status"] = (
                "fulfilled" if not line["fulfillable_quantity"] else "partial"
            )
    done = all(line["fulfillable_quantity"] == 0 for line in order["line_items"])
    order["fulfillment_status"] = "fulfilled" if done else "partial"
    fulfillment_id, now = store.new_id(), store.timestamp()
    fulfillment = {
        "id": fulfillment_id,
        "order_id": order["id"],
        "status": "success",
        "created_at": now,
        "updated_at": now,
        "service": "manual",
        "location_id": order["location_id"] or store.primary_location_id(),
        "name": f"{order['name']}.{len(order['fulfillments']) + 1}",
        "tracking_company": tracking.get("company"),
        "tracking_number": tracking.get("number"),
        "tracking_numbers": [tracking["number"]] if tracking.get("number") else [],
        "tracking_url": tracking.get("url"),
        "tracking_urls": [tracking["url"]] if tracking.get("url") else [],
        "shipment_status": None,
        "line_items": [
            li | {"quantity": shipped[li["id"]]}
            for li in order["line_items"]
            if li["id"] in shipped
        ],
        "admin_graphql_api_id": store.gid("Fulfillment", fulfillment_id),
    }
    order["fulfillments"].append(fulfillment)
    orders.touch(simulator, order, "orders/fulfilled" if done else "orders/partially_fulfilled")
    return {"fulfillment": fulfillment}
