"""Control API under `/_sim/` (no auth): reset, knobs, faults, clock, seeding, logs."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from syncyard_sim_ecwid import bodies, categories, customers, orders, product_records, seed
from syncyard_sim_ecwid.deps import Simulator, SimulatorDep
from syncyard_sim_ecwid.errors import EcwidError, not_found
from syncyard_sim_ecwid.products import changed
from syncyard_sim_ecwid.store import Faults, Json

router = APIRouter(prefix="/_sim")
KINDS = ("products", "categories", "customers", "orders")
SINGULAR = {
    "products": "product",
    "categories": "category",
    "customers": "customer",
    "orders": "order",
}


class ConfigPatch(BaseModel):
    """Partial update of the runtime knobs; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    scopes: list[str] | None = None
    paid_plan: bool | None = None
    requests_per_minute: int | None = Field(default=None, ge=1)
    burst: int | None = Field(default=None, ge=1)
    webhook_url: str | None = None
    webhook_events: list[str] | None = None
    webhook_retry_scale: float | None = Field(default=None, ge=0)
    webhook_max_age_hours: float | None = Field(default=None, gt=0)
    duplicate_deliveries: int | None = Field(default=None, ge=1)
    out_of_order: bool | None = None


class FailNext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int = Field(default=503, ge=400, le=599)
    count: int = Field(default=1, ge=0)


class FaultPatch(BaseModel):
    """`{"fail_next": {"status": 503, "count": 2}, "latency_ms": 0, "error_rate_5xx": 0,
    "timeout_next": 0, "hang_ms": 35000}`; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    fail_next: FailNext | None = None
    latency_ms: int | None = Field(default=None, ge=0)
    error_rate_5xx: float | None = Field(default=None, ge=0, le=1)
    timeout_next: int | None = Field(default=None, ge=0)
    hang_ms: int | None = Field(default=None, ge=0)


class ClockAdvance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(ge=0)


def _faults_json(faults: Faults) -> Json:
    return {
        "fail_next": {"status": faults.fail_status, "count": faults.fail_count},
        "latency_ms": faults.latency_ms,
        "error_rate_5xx": faults.error_rate_5xx,
        "timeout_next": faults.timeout_count,
        "hang_ms": faults.hang_ms,
    }


@router.post("/reset")
async def reset(simulator: SimulatorDep, request: Request) -> Json:
    """Drop all state and knobs, cancel deliveries, refill the bucket; `{"seed": false}`
    leaves the store empty instead of adding the demo catalogue."""
    given = await bodies.read_json(request) if await request.body() else {}
    await simulator.deliverer.cancel_all()
    simulator.store.reset()
    simulator.bucket.reset()
    if given.get("seed", simulator.store.settings.seed):
        seed.seed_store(simulator.store)
    return {"ok": True}


@router.get("/config")
async def get_config(simulator: SimulatorDep) -> Json:
    return dict(vars(simulator.store.config))


@router.post("/config")
async def patch_config(simulator: SimulatorDep, patch: ConfigPatch) -> Json:
    """Change scopes, plan, rate limit, webhook URL/events/schedule and delivery modes."""
    for key, value in patch.model_dump(exclude_unset=True).items():
        setattr(simulator.store.config, key, value)
    return dict(vars(simulator.store.config))


@router.post("/faults")
async def patch_faults(simulator: SimulatorDep, patch: FaultPatch) -> Json:
    faults = simulator.store.faults
    if patch.fail_next is not None:
        faults.fail_status, faults.fail_count = patch.fail_next.status, patch.fail_next.count
    for field, attribute in (
        ("latency_ms", "latency_ms"),
        ("error_rate_5xx", "error_rate_5xx"),
        ("timeout_next", "timeout_count"),
        ("hang_ms", "hang_ms"),
    ):
        value = getattr(patch, field)
        if value is not None:
            setattr(faults, attribute, value)
    return _faults_json(faults)


@router.post("/clock")
async def advance_clock(simulator: SimulatorDep, advance: ClockAdvance) -> Json:
    """Move the clock used for every date, timestamp and `eventCreated` forward."""
    simulator.store.clock_offset_s += advance.seconds
    return {"now": simulator.store.now()}


def _many(body: Json, key: str) -> list[Any]:
    given = body.get(key, [body])
    if not isinstance(given, list):
        raise EcwidError(400, f"'{key}' must be a list")
    return given


@router.post("/products", status_code=201)
async def seed_products(simulator: SimulatorDep, request: Request) -> Json:
    """`{"products": [product…]}` or one product; a product may carry `combinations`."""
    created = []
    for given in _many(await bodies.read_json(request), "products"):
        given = dict(given)
        wanted = given.pop("combinations", [])
        product = product_records.new_product(simulator.store, given)
        simulator.store.products[product["id"]] = product
        for combination in wanted:
            product["combinations"].append(
                product_records.new_combination(simulator.store, product, combination)
            )
        simulator.deliverer.fire("product.created", product["id"])
        created.append(bodies.public(product))
    return {"products": created}


class StockSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str
    quantity: int | None = Field(default=None, description="None: unlimited stock")


@router.post("/stock")
async def set_stock(simulator: SimulatorDep, given: StockSet) -> Json:
    """Set the level of the product or combination holding `sku` (fires product.updated)."""
    owner = product_records.sku_owner(simulator.store, given.sku)
    if owner is None:
        raise not_found("product", given.sku)
    product, combination = owner
    target = combination if combination is not None else product
    if given.quantity is None:
        product_records.apply_stock_fields(target, {"unlimited": True})
    else:
        product_records.apply_stock_fields(target, {"quantity": given.quantity})
    changed(simulator, product)
    return bodies.public(product)


@router.post("/categories", status_code=201)
async def seed_category(simulator: SimulatorDep, request: Request) -> Json:
    category = categories.new_category(simulator.store, await bodies.read_json(request))
    simulator.store.categories[category["id"]] = category
    simulator.deliverer.fire("category.created", category["id"])
    return categories.shown(simulator.store, category)


@router.post("/customers", status_code=201)
async def seed_customer(simulator: SimulatorDep, request: Request) -> Json:
    customer = customers.new_customer(simulator.store, await bodies.read_json(request))
    simulator.store.customers[customer["id"]] = customer
    simulator.deliverer.fire("customer.created", customer["id"])
    return bodies.public(customer)


@router.post("/orders", status_code=201)
async def seed_order(simulator: SimulatorDep, request: Request) -> Json:
    """An order as a shopper's checkout would make it (fires order.created); the full order."""
    created = orders.place_order(simulator, await bodies.read_json(request))
    return bodies.public(simulator.store.orders[created["id"]])


@router.post("/{kind}/{record_id}/touch")
async def touch(simulator: SimulatorDep, kind: str, record_id: str) -> Json:
    """Bump the record's update time (an edit in Ecwid's admin) and fire `<kind>.updated`."""
    record = _record(simulator, kind, record_id)
    if kind == "orders":
        orders.touch_order(simulator, record, dict(record))
    elif kind == "products":
        changed(simulator, record)
    else:
        if kind == "customers":  # categories carry no update time in Ecwid
            simulator.store.stamp(record, prefix="customer")
        simulator.deliverer.fire(f"{SINGULAR[kind]}.updated", record["id"])
    return bodies.public(record)


def _record(simulator: Simulator, kind: str, record_id: str) -> Json:
    if kind not in KINDS:
        raise not_found("entity", kind)
    if kind == "orders":
        return orders.order_of(simulator, record_id)
    held: dict[int, Json] = getattr(simulator.store, kind)
    record = held.get(int(record_id)) if record_id.isdigit() else None
    if record is None:
        raise not_found(SINGULAR[kind], record_id)
    return record


@router.get("/requests")
async def list_requests(simulator: SimulatorDep) -> Json:
    """Every `/api/v3/` request since reset: method, path, query (token hidden), status, json."""
    return {"requests": simulator.store.requests}


@router.get("/deliveries")
async def list_deliveries(simulator: SimulatorDep) -> Json:
    return {"deliveries": [d.as_json() for d in simulator.store.deliveries]}


@router.get("/{kind}")
async def list_records(simulator: SimulatorDep, kind: str) -> Json:
    """Every record of `kind` as stored (the harness reads back what a connector wrote)."""
    if kind not in KINDS:
        raise not_found("entity", kind)
    held: dict[int, Json] = getattr(simulator.store, kind)
    if kind == "categories":
        return {"items": [categories.shown(simulator.store, c) for c in held.values()]}
    return {"items": [bodies.public(record) for record in held.values()]}
