"""Order operations: getOrders, getOrder, findOrder, createOrder(V3), update, cancel, deliver."""

from syncyard_sim_mplus import clock
from syncyard_sim_mplus.operations import order_rules
from syncyard_sim_mplus.operations.system import page_by_marker
from syncyard_sim_mplus.store import Record, Store

_NO_INFO = {"orderId": "", "orderString": ""}


def _day(value: Record | None) -> tuple[int, int, int] | None:
    """A SoapMplusDate as (year, month, day), comparable."""
    if not value:
        return None
    return int(value["year"]), int(value["mon"]), int(value["day"])


def get_orders(store: Store, payload: Record) -> Record:
    """getOrders {syncMarker, syncMarkerLimit, fromFinancialDate, throughFinancialDate (both
    inclusive), relationNumbers[], orderIds[], includeLineList}."""
    request: Record = payload.get("request") or {}
    relations = set(request.get("relationNumbers") or [])
    ids = set(request.get("orderIds") or [])
    first, last = _day(request.get("fromFinancialDate")), _day(request.get("throughFinancialDate"))
    rows = [
        o
        for o in store.orders.values()
        if (not relations or o.get("relationNumber") in relations)
        and (not ids or o["orderId"] in ids)
        and (first is None or (_day(o.get("financialDate")) or first) >= first)
        and (last is None or (_day(o.get("financialDate")) or last) <= last)
    ]
    rows = page_by_marker(rows, request)
    if request.get("includeLineList") is False:
        rows = [{k: v for k, v in o.items() if k != "lineList"} for o in rows]
    return {"orderList": {"order": rows}}


def get_order(store: Store, payload: Record) -> Record:
    """getOrder(orderId)."""
    return _one(store.orders.get(payload.get("orderId", "")))


def find_order(store: Store, payload: Record) -> Record:
    """findOrder(extOrderId) → GetOrderResponse."""
    ext = payload.get("extOrderId", "")
    return _one(next((o for o in store.orders.values() if o.get("extOrderId") == ext), None))


def _one(order: Record | None) -> Record:
    if order is None:
        return {"result": "GET-ORDER-RESULT-NOT-FOUND"}
    return {"result": "GET-ORDER-RESULT-OK", "order": order}


def create_order(store: Store, payload: Record) -> Record:
    """createOrder (legacy): same checks as V3, no idempotency."""
    result = _create(store, payload.get("order") or {})
    return {k: result[k] for k in ("result", "info", "errorMessage")}


def create_order_v2(store: Store, payload: Record) -> Record:
    """createOrderV2 {order, apply…}: as createOrder, also returns the stored order."""
    request: Record = payload.get("request") or {}
    return _create(store, request.get("order") or {})


def get_orders_by_ext_order_ids(store: Store, payload: Record) -> Record:
    """getOrdersByExtOrderIds {extOrderIds, syncMarker, syncMarkerLimit}."""
    request: Record = payload.get("request") or {}
    wanted = set((request.get("extOrderIds") or {}).get("id", []))
    rows = [o for o in store.orders.values() if o.get("extOrderId") in wanted]
    return {"orderList": {"order": page_by_marker(rows, request)}}


def create_order_v3(store: Store, payload: Record) -> Record:
    """createOrderV3: a repeated idempotencyKey replays the original response."""
    request: Record = payload.get("request") or {}
    key = request.get("idempotencyKey", "")
    if key in store.idempotent:
        return {**store.idempotent[key], "idempotencyResult": "IDEMPOTENCY-RESULT-REPLAY-RESPONSE"}
    order: Record = dict(request.get("order") or {})
    payments = (request.get("paymentList") or {}).get("payment", [])
    if payments:
        order["paymentList"] = {"payment": payments}
        order["prepaidAmount"] = sum(p.get("amount", 0) for p in payments)
    result = {
        "idempotencyResult": "IDEMPOTENCY-RESULT-ORIGINAL-RESPONSE",
        **_create(store, order),
    }
    if key:
        store.idempotent[key] = result
    return result


def _create(store: Store, order: Record) -> Record:
    problem = order_rules.rejection(store, order)
    if problem is not None:
        result, message = problem
        return {"result": result, "info": _NO_INFO, "errorMessage": message}
    stored = order_rules.build(store, order)
    store.orders[stored["orderId"]] = stored
    return {
        "result": "CREATE-ORDER-RESULT-OK",
        "order": stored,
        "errorMessage": "",
        "info": {"orderId": stored["orderId"], "orderString": _order_string(stored)},
    }


def update_order(store: Store, payload: Record) -> Record:
    """updateOrder: changeCounter must match; lineList, if given, replaces the lines."""
    order: Record = payload.get("order") or {}
    existing = store.orders.get(order.get("orderId", ""))
    if existing is None:
        return {
            "result": "UPDATE-ORDER-RESULT-NOT-FOUND",
            "info": _NO_INFO,
            "errorMessage": f"Order {order.get('orderId')} not found",
        }
    info = {"orderId": existing["orderId"], "orderString": _order_string(existing)}
    if "changeCounter" in order and order["changeCounter"] != existing["changeCounter"]:
        return {
            "result": "UPDATE-ORDER-RESULT-ORDER-HAS-CHANGED",
            "info": info,
            "errorMessage": "The order was changed by someone else",
        }
    changes = {k: v for k, v in order.items() if k not in ("orderId", "changeCounter")}
    if all(existing.get(k) == v for k, v in changes.items()):
        return {"result": "UPDATE-ORDER-RESULT-NO-CHANGES", "info": info, "errorMessage": ""}
    problem = order_rules.rejection(store, {**existing, **changes}, is_update=True)
    if problem is not None:
        return {"result": "UPDATE-ORDER-RESULT-FAILED", "info": info, "errorMessage": problem[1]}
    existing.update(order_rules.build(store, {**existing, **changes}, existing=existing))
    return {"result": "UPDATE-ORDER-RESULT-OK", "info": info, "errorMessage": ""}


def cancel_order(store: Store, payload: Record) -> Record:
    """cancelOrder(orderId, {branchNumber})."""
    order = store.orders.get(payload.get("orderId", ""))
    if order is None:
        return {"result": "CANCEL-ORDER-RESULT-NOT-FOUND", "message": "Order not found"}
    if order["cancelState"] == "ORDER-CANCEL-STATE-COMPLETE":
        return {"result": "CANCEL-ORDER-RESULT-ALREADY-CANCELLED", "message": "Already cancelled"}
    order["cancelState"] = "ORDER-CANCEL-STATE-COMPLETE"
    order["changeCounter"] += 1
    order["syncMarker"] = store.next_marker("order")
    order["entryTimestamp"] = order.get("entryTimestamp") or clock.mplus_datetime()
    return {"result": "CANCEL-ORDER-RESULT-OK", "message": ""}


def _order_string(order: Record) -> str:
    number = order["orderNumber"]
    return f"{number['year']}-{number['number']}"


def deliver_order(store: Store, payload: Record) -> Record:
    """deliverOrder {orderId}: deliver every line in full."""
    request: Record = payload.get("request") or {}
    order = store.orders.get(request.get("orderId", ""))
    if order is None:
        return {"result": "DELIVER-ORDER-RESULT-FAILED", "errorMessage": "Order not found"}
    if order["cancelState"] == "ORDER-CANCEL-STATE-COMPLETE":
        return {"result": "DELIVER-ORDER-RESULT-FAILED", "errorMessage": "Order is cancelled"}
    if order["deliveryState"] == "ORDER-DELIVERY-STATE-COMPLETE":
        return {"result": "DELIVER-ORDER-RESULT-ALREADY-DELIVERED", "errorMessage": ""}
    for line in (order.get("lineList") or {}).get("line", []):
        line["data"]["deliveredQuantity"] = line["data"]["quantity"]
    order["deliveryState"] = "ORDER-DELIVERY-STATE-COMPLETE"
    order["changeCounter"] += 1
    order["syncMarker"] = store.next_marker("order")
    return {"result": "DELIVER-ORDER-RESULT-OK", "errorMessage": ""}
