"""Control API under `/_sim/` (no auth): reset, seed, change, faults, limits, clock, logs."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request

from syncyard_sim_bigcommerce import (
    bodies,
    categories,
    customer_payload,
    customers,
    hooks,
    inventory,
    orders,
    plans,
    product_payload,
    products,
    seed,
)
from syncyard_sim_bigcommerce.catalogue_shapes import shape_product
from syncyard_sim_bigcommerce.control_schemas import (
    ClockAdvance,
    ConfigPatch,
    FaultPatch,
    RateLimit,
    ResetOptions,
    StockLevel,
)
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import not_found
from syncyard_sim_bigcommerce.store import Json, public

router = APIRouter(prefix="/_sim")


@router.post("/reset")
async def reset(simulator: SimulatorDep, options: ResetOptions | None = None) -> Json:
    """Drop all state and faults, cancel deliveries, restart the quota, reseed."""
    await simulator.deliverer.cancel_all()
    simulator.store.reset()
    simulator.quota.reset()
    seed.seed_store(simulator.store)
    if options is not None and options.demo:
        seed.seed_demo(simulator)
    return {"ok": True}


def _knobs(simulator: Simulator) -> Json:
    config = simulator.store.config
    return asdict(config) | {"plan": plans.plan_of(config.rate_quota, config.rate_window_ms)}


@router.get("/config")
async def get_config(simulator: SimulatorDep) -> Json:
    """Current runtime knobs, and the plan they make ("custom" when none)."""
    return _knobs(simulator)


@router.post("/config")
async def patch_config(simulator: SimulatorDep, patch: ConfigPatch) -> Json:
    """Change the plan or rate limit and the webhook delivery knobs."""
    given = patch.model_dump(exclude_none=True)
    name = given.pop("plan", None)
    quota = {"rate_quota": plans.QUOTAS[name], "rate_window_ms": plans.WINDOW_MS} if name else {}
    for key, value in (quota | given).items():
        setattr(simulator.store.config, key, value)
    return _knobs(simulator)


@router.post("/ratelimit")
async def set_rate_limit(simulator: SimulatorDep, limit: RateLimit) -> Json:
    """Set the quota per window and start a fresh window."""
    simulator.store.config.rate_quota = limit.quota
    simulator.store.config.rate_window_ms = limit.window_ms
    simulator.quota.reset()
    return asdict(simulator.store.config)


@router.get("/faults")
async def get_faults(simulator: SimulatorDep) -> Json:
    """Faults still armed."""
    return asdict(simulator.store.faults)


@router.post("/faults")
async def set_faults(simulator: SimulatorDep, patch: FaultPatch) -> Json:
    """Arm faults: `fail_next {status, count}`, `latency_ms`, `error_rate_5xx`, `timeout_next`."""
    faults = simulator.store.faults
    if patch.fail_next is not None:
        faults.fail_status, faults.fail_count = patch.fail_next.status, patch.fail_next.count
    for key in ("latency_ms", "error_rate_5xx", "timeout_next", "timeout_ms"):
        value = getattr(patch, key)
        if value is not None:
            setattr(faults, key, value)
    return asdict(faults)


@router.post("/clock")
async def advance_clock(simulator: SimulatorDep, advance: ClockAdvance) -> Json:
    """Advance the simulated clock used for every date."""
    simulator.store.clock.advance(advance.seconds)
    return {"now": simulator.store.clock.now().isoformat()}


def _many(body: Any, key: str) -> list[Json]:
    if isinstance(body, list):
        return body
    return list(body.get(key, [body])) if isinstance(body, dict) else []


@router.post("/products", status_code=201)
async def seed_products(simulator: SimulatorDep, request: Request) -> Json:
    """Create products (v3 body; one, a list, or `{"products": [...]}`)."""
    given = _many(await bodies.read_any(request), "products")
    made = [products.create_product(simulator, p) for p in given]
    return {"products": [shape_product(simulator.store, p) for p in made]}


@router.post("/customers", status_code=201)
async def seed_customers(simulator: SimulatorDep, request: Request) -> Json:
    """Create customers (v3 body; one or a list)."""
    given = _many(await bodies.read_any(request), "customers")
    made = customers.create_customers(simulator, given)
    return {"customers": [customer_payload.shape_customer(c, {"addresses"}) for c in made]}


@router.post("/orders", status_code=201)
async def seed_order(simulator: SimulatorDep, request: Request) -> Json:
    """Create an order (v2 body) as if a shopper placed it."""
    order = orders.create_order(simulator, await bodies.read_object(request))
    return orders.shape_order(request, order, simulator.store.settings.store_hash)


@router.post("/categories", status_code=201)
async def seed_category(simulator: SimulatorDep, request: Request) -> Json:
    """Create a category (`{name, parent_id}`)."""
    return public(categories.create_category(simulator, await bodies.read_object(request)))


@router.post("/stock")
async def seed_stock(simulator: SimulatorDep, level: StockLevel) -> Json:
    """Set a SKU's stock (fires the inventory webhooks)."""
    item = {"sku": level.sku, "quantity": level.quantity, "location_id": level.location_id}
    return {"transaction_id": inventory.adjust(simulator, [item], relative=False)}


@router.post("/hooks", status_code=201)
async def seed_hook(simulator: SimulatorDep, request: Request) -> Json:
    """Register a hook without going through the API."""
    return hooks.register(simulator, await bodies.read_object(request))


@router.post("/{entity}/{record_id:int}/touch")
async def touch(simulator: SimulatorDep, entity: str, record_id: int) -> Json:
    """Bump the record's `date_modified` (an edit in the admin) and fire its update event."""
    store = simulator.store
    if entity == "products" and record_id in store.products:
        product_payload.touch(store, store.products[record_id])
        simulator.deliverer.fire("store/product/updated", {"type": "product", "id": record_id})
    elif entity == "customers" and record_id in store.customers:
        customer_payload.touch(store, store.customers[record_id])
        simulator.deliverer.fire("store/customer/updated", {"type": "customer", "id": record_id})
    elif entity == "orders" and record_id in store.orders:
        orders.touch(simulator, store.orders[record_id])
    elif entity == "categories" and record_id in store.categories:
        categories.update_category(simulator, store.categories[record_id], {})
    else:
        raise not_found()
    return {"ok": True}


@router.get("/{entity}")
async def stored(simulator: SimulatorDep, entity: str) -> Json:
    """What the store holds (`products`, `customers`, `orders`, `categories`, `hooks`, `stock`,
    `requests`, `deliveries`), in the vendor's shape plus a few inner lists."""
    store = simulator.store
    shown: dict[str, Any] = {
        "products": lambda: [shape_product(store, p) for p in store.products.values()],
        "customers": lambda: [customer_payload.shape_customer(c, {"addresses"})
                              for c in store.customers.values()],
        "orders": lambda: [public(o) | {"products": store.order_products[o["id"]],
                                        "shipping_addresses": store.order_addresses[o["id"]]}
                           for o in store.orders.values()],
        "categories": lambda: [public(c) for c in store.categories.values()],
        "hooks": lambda: list(store.hooks.values()),
        "stock": lambda: [{"variant_id": v, "location_id": loc, "quantity": q}
                          for (v, loc), q in store.stock.items()],
        "requests": lambda: store.requests,
        "deliveries": lambda: [d.as_json() for d in store.deliveries],
    }  # fmt: skip
    if entity not in shown:
        raise not_found()
    return {entity: shown[entity]()}
