"""Order transactions: `GET|POST /orders/{id}/transactions.json` (mark paid, capture)."""

from decimal import Decimal

from fastapi import APIRouter, Request

from syncyard_sim_shopify import bodies, orders
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import not_found, unprocessable
from syncyard_sim_shopify.money import fmt, parse_amount
from syncyard_sim_shopify.store import Json, Store

router = APIRouter(prefix="/admin/api/{version}")

KINDS = {"authorization", "capture", "sale", "void", "refund"}


def _order(simulator: Simulator, order_id: int) -> Json:
    order = simulator.store.orders.get(order_id)
    if order is None:
        raise not_found()
    return order


def _paid(transactions: list[Json]) -> Decimal:
    return sum(
        (Decimal(t["amount"]) for t in transactions
         if t["kind"] in {"sale", "capture"} and t["status"] == "success"),
        Decimal(0),
    )  # fmt: skip


def build_transaction(
    store: Store, order: Json, given: Json, *, kind: str, amount: Decimal
) -> Json:
    """A successful transaction of ``kind`` over ``amount`` on the order."""
    transaction_id, now = store.new_id(), store.timestamp()
    return {
        "id": transaction_id,
        "order_id": order["id"],
        "kind": kind,
        "gateway": given.get("gateway") or "manual",
        "status": "success",
        "message": None,
        "created_at": now,
        "test": False,
        "authorization": None,
        "location_id": None,
        "user_id": None,
        "parent_id": given.get("parent_id"),
        "processed_at": now,
        "device_id": None,
        "error_code": None,
        "source_name": given.get("source") or "external",
        "receipt": {},
        "amount": fmt(amount),
        "currency": order["currency"],
        "admin_graphql_api_id": store.gid("OrderTransaction", transaction_id),
    }


@router.get("/orders/{order_id:int}/transactions.json")
async def list_transactions(simulator: SimulatorDep, order_id: int) -> Json:
    """An order's transactions, oldest first."""
    _order(simulator, order_id)
    return {"transactions": simulator.store.transactions.get(order_id, [])}


@router.post("/orders/{order_id:int}/transactions.json", status_code=201)
async def post_transaction(simulator: SimulatorDep, request: Request, order_id: int) -> Json:
    """Record a sale/capture (the order becomes `paid` once they cover its total)."""
    store, order = simulator.store, _order(simulator, order_id)
    given = await bodies.read_root(request, "transaction")
    kind = given.get("kind")
    amount = parse_amount(given.get("amount", order["total_outstanding"]))
    if kind not in KINDS:
        raise unprocessable({"kind": ["is not included in the list"]})
    if amount is None or amount <= 0:
        raise unprocessable({"amount": ["must be greater than 0"]})
    if order["cancelled_at"] is not None:
        raise unprocessable({"base": ["Cannot create a transaction on a cancelled order"]})
    transaction = build_transaction(store, order, given, kind=kind, amount=amount)
    recorded = store.transactions.setdefault(order_id, [])
    recorded.append(transaction)
    paid = _paid(recorded)
    outstanding = max(Decimal(order["total_price"]) - paid, Decimal(0))
    order["total_outstanding"] = fmt(outstanding)
    order["total_outstanding_set"] = {
        key: {"amount": fmt(outstanding), "currency_code": order["currency"]}
        for key in ("shop_money", "presentment_money")
    }
    if kind in {"sale", "capture"}:
        order["financial_status"] = "paid" if not outstanding else "partially_paid"
        orders.touch(simulator, order, *(["orders/paid"] if not outstanding else []))
    return {"transaction": transaction}
