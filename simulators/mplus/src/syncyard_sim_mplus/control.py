"""Control API under /_sim/: seed state, read what was written, inject faults."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from syncyard_sim_mplus.control_schemas import (
    ArticleSeed,
    EmployeeSeed,
    FailNext,
    FaultSwitches,
    OrderSeed,
)
from syncyard_sim_mplus.operations import catalogue, order_rules, relations
from syncyard_sim_mplus.simulator import Simulator, current
from syncyard_sim_mplus.store import Record, Store

router = APIRouter(prefix="/_sim", tags=["control"])


@router.post("/reset")
async def reset(sim: Simulator = Depends(current)) -> dict[str, str]:
    """Empty all state and restore default switches; credentials stay."""
    sim.store.reset()
    sim.store.requests.clear()
    defaults = FaultSwitches(
        latency_ms=0,
        error_rate_5xx=0,
        reset_after_commit=0,
        require_employee_number=sim.store.default_require_employee_number,
        strict_requests=False,
        fail_next=FailNext(status=500, count=0),
    )
    _apply(sim.store, defaults)
    return {"status": "reset"}


@router.post("/articles")
async def seed_articles(
    seeds: list[ArticleSeed], sim: Simulator = Depends(current)
) -> list[Record]:
    """Create or replace articles (and their products); bumps the article marker."""
    store = sim.store
    stored = []
    for seed in seeds:
        product_number = seed.productNumber or store.article_product.get(seed.articleNumber)
        product_number = store.take_number("product", product_number, set(store.products))
        if product_number not in store.products:
            name = seed.productDescription or seed.description
            catalogue.new_product(store, product_number, {"description": name})
        fields = seed.model_dump(exclude={"productNumber", "productDescription"}, exclude_none=True)
        stored.append(catalogue.store_article(store, product_number, fields))
    return [_article_view(store, a["articleNumber"]) for a in stored]


@router.get("/articles")
async def list_articles(sim: Simulator = Depends(current)) -> list[Record]:
    """All articles with their product number and stock per branch."""
    return [_article_view(sim.store, n) for n in sorted(sim.store.articles)]


@router.post("/employees")
async def seed_employees(
    seeds: list[EmployeeSeed], sim: Simulator = Depends(current)
) -> list[Record]:
    """Create or replace employees; bumps the employee marker."""
    return [sim.store.add_employee(seed.employeeNumber, seed.name) for seed in seeds]


@router.get("/employees")
async def list_employees(sim: Simulator = Depends(current)) -> list[Record]:
    return [sim.store.employees[n] for n in sorted(sim.store.employees)]


@router.post("/relations")
async def seed_relations(
    seeds: list[dict[str, Any]], sim: Simulator = Depends(current)
) -> list[Record]:
    """Create relations given in WSDL Relation shape (e.g. name, email, contactList)."""
    allowed = {f.name for f in sim.wsdl.fields("tns:Relation") or ()}
    for seed in seeds:
        unknown = set(seed) - allowed
        if unknown:
            raise HTTPException(422, f"Relation has no field(s) {sorted(unknown)}")
    return [relations.save_new_relation(sim.store, seed) for seed in seeds]


@router.get("/relations")
async def list_relations(sim: Simulator = Depends(current)) -> list[Record]:
    """All relations in WSDL shape."""
    return [sim.store.relations[n] for n in sorted(sim.store.relations)]


@router.post("/orders")
async def seed_orders(seeds: list[OrderSeed], sim: Simulator = Depends(current)) -> list[Record]:
    """Create orders as if entered at the till; same checks as createOrder."""
    out = []
    for seed in seeds:
        lines = [
            {
                "articleNumber": line.articleNumber,
                "data": {
                    k: v
                    for k, v in line.model_dump(exclude={"articleNumber"}).items()
                    if v is not None
                },
            }
            for line in seed.lines
        ]
        order: Record = {
            **seed.extra,
            "extOrderId": seed.extOrderId,
            "relationNumber": seed.relationNumber,
            "employeeNumber": seed.employeeNumber,
            "lineList": {"line": lines} if lines else None,
        }
        problem = order_rules.rejection(sim.store, order)
        if problem is not None:
            raise HTTPException(422, f"{problem[0]}: {problem[1]}")
        stored = order_rules.build(sim.store, order)
        sim.store.orders[stored["orderId"]] = stored
        out.append(_order_view(stored))
    return out


@router.delete("/orders/{order_id}")
async def delete_order(order_id: str, sim: Simulator = Depends(current)) -> dict[str, str]:
    """Remove an order as if deleted at the till by hand (no sync marker moves)."""
    if sim.store.orders.pop(order_id, None) is None:
        raise HTTPException(404, f"No order {order_id!r}")
    return {"status": "deleted"}


@router.get("/orders")
async def list_orders(sim: Simulator = Depends(current)) -> list[Record]:
    """All orders, flattened for assertions (full WSDL shape under `order`)."""
    return [_order_view(o) for o in sim.store.orders.values()]


@router.get("/requests")
async def list_requests(sim: Simulator = Depends(current)) -> list[dict[str, Any]]:
    """Every SOAP call received since the last reset/clear."""
    return [asdict(r) for r in sim.store.requests]


@router.delete("/requests")
async def clear_requests(sim: Simulator = Depends(current)) -> dict[str, str]:
    """Forget recorded requests."""
    sim.store.requests.clear()
    return {"status": "cleared"}


@router.get("/faults")
async def get_faults(sim: Simulator = Depends(current)) -> dict[str, Any]:
    """Current fault switches."""
    return asdict(sim.store.switches)


@router.post("/faults")
async def set_faults(body: FaultSwitches, sim: Simulator = Depends(current)) -> dict[str, Any]:
    """Partially update the fault switches."""
    _apply(sim.store, body)
    return asdict(sim.store.switches)


def _apply(store: Store, body: FaultSwitches) -> None:
    switches = store.switches
    if body.latency_ms is not None:
        switches.latency_ms = body.latency_ms
    if body.error_rate_5xx is not None:
        switches.error_rate_5xx = body.error_rate_5xx
    if body.reset_after_commit is not None:
        # true means "the next mutation"; a number means that many mutations.
        switches.reset_after_commit = int(body.reset_after_commit)
    if body.refuse_after_commit is not None:
        switches.refuse_after_commit = body.refuse_after_commit
    if body.require_employee_number is not None:
        switches.require_employee_number = body.require_employee_number
    if body.strict_requests is not None:
        switches.strict_requests = body.strict_requests
    if body.fail_next is not None:
        switches.fail_next_status = body.fail_next.status
        switches.fail_next_count = body.fail_next.count


def _article_view(store: Store, number: int) -> Record:
    article = store.articles[number]
    stock = [
        {"branchNumber": branch, "amount": level.amount, "decimalPlaces": level.decimal_places}
        for (branch, art), level in sorted(store.stock.items())
        if art == number
    ]
    keys = (
        "articleNumber",
        "pluNumber",
        "description",
        "priceIncl",
        "priceExcl",
        "vatPercentage",
        "vatCode",
        "stockArticle",
        "barcode",
        "active",
        "webshop",
        "syncMarker",
    )
    view = {k: article.get(k) for k in keys}
    product = store.products[store.article_product[number]]
    return {
        **view,
        "productNumber": store.article_product[number],
        "productDescription": product.get("description"),
        "groupNumbers": list(product.get("groupNumbers") or []),
        "stock": stock,
    }


def _order_view(order: Record) -> Record:
    lines = [
        {
            "articleNumber": line["articleNumber"],
            "quantity": line["data"]["quantity"],
            "decimalPlaces": line["data"].get("decimalPlaces", 0),
            "price": line["data"].get("price"),
            "text": line.get("text"),
        }
        for line in (order.get("lineList") or {}).get("line", [])
    ]
    keys = (
        "orderId",
        "extOrderId",
        "employeeNumber",
        "relationNumber",
        "invoiceAddress",
        "deliveryAddress",
        "totalInclAmount",
        "cancelState",
        "syncMarker",
        "reference",
    )
    return {**{k: order.get(k) for k in keys}, "lines": lines, "order": order}
