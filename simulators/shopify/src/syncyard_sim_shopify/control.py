"""Control API under `/_sim/` (no auth): seed, inject changes, flip modes, read logs."""

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from syncyard_sim_shopify import (
    bodies,
    customers,
    orders,
    plans,
    products,
    request_summary,
    seed,
    webhooks,
)
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import not_found
from syncyard_sim_shopify.plans import PlanName
from syncyard_sim_shopify.store import Json

router = APIRouter(prefix="/_sim")


class ConfigPatch(BaseModel):
    """Partial update of the runtime knobs; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    # A plan sets the four rate-limit figures at once; figures given beside it win.
    plan: PlanName | None = None
    bucket_size: int | None = Field(default=None, ge=1)
    leak_rate: float | None = Field(default=None, gt=0)
    graphql_bucket_size: int | None = Field(default=None, ge=1)
    graphql_restore_rate: float | None = Field(default=None, gt=0)
    latency_ms: int | None = Field(default=None, ge=0)
    error_rate_5xx: float | None = Field(default=None, ge=0, le=1)
    duplicate_deliveries: int | None = Field(default=None, ge=1)
    out_of_order: bool | None = None
    webhook_retry_scale: float | None = Field(default=None, gt=0)
    read_all_orders: bool | None = None


class ClockAdvance(BaseModel):
    """Move the simulated clock forward."""

    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(ge=0)


@router.post("/reset")
async def reset(simulator: SimulatorDep) -> Json:
    """Drop all state, cancel pending deliveries, empty rate buckets, reseed locations."""
    await simulator.deliverer.cancel_all()
    simulator.store.reset()
    seed.seed_shop(simulator.store)
    simulator.bucket.reset()
    simulator.cost_bucket.reset()
    return {"ok": True}


def _knobs(simulator: Simulator) -> Json:
    config = simulator.store.config
    return dict(vars(config)) | {"plan": plans.plan_of(config)}


@router.get("/config")
async def get_config(simulator: SimulatorDep) -> Json:
    """Current runtime knobs, and the plan they make ("custom" when none)."""
    return _knobs(simulator)


@router.post("/config")
async def patch_config(simulator: SimulatorDep, patch: ConfigPatch) -> Json:
    """Change some runtime knobs (plan or rate limits, latency, 5xx rate, delivery modes)."""
    given = patch.model_dump(exclude_none=True)
    name = given.pop("plan", None)
    knobs = plans.PLANS[name].knobs() if name else {}
    for key, value in (knobs | given).items():
        setattr(simulator.store.config, key, value)
    return _knobs(simulator)


@router.post("/clock")
async def advance_clock(simulator: SimulatorDep, advance: ClockAdvance) -> Json:
    """Advance the simulated clock used for every timestamp."""
    simulator.store.clock_offset += timedelta(seconds=advance.seconds)
    return {"now": simulator.store.timestamp()}


@router.post("/orders", status_code=201)
async def create_order(simulator: SimulatorDep, request: Request) -> Json:
    """Create an order from the compact form (a checkout: stock is decremented)."""
    given = await bodies.read_json(request)
    return orders.create_order(simulator, given, decrement_stock=True)


@router.post("/orders/{order_id:int}/touch")
async def touch_order(simulator: SimulatorDep, order_id: int) -> Json:
    """Bump `updated_at` and fire `orders/updated`."""
    order = simulator.store.orders.get(order_id)
    if order is None:
        raise not_found()
    orders.touch(simulator, order)
    return order


@router.post("/products", status_code=201)
async def seed_products(simulator: SimulatorDep, request: Request) -> Json:
    """Create products: `{"products": [product, …]}` or one product object."""
    body = await bodies.read_json(request)
    given: list[Any] = body.get("products", [body])
    return {"products": [products.create_product(simulator, p) for p in given]}


@router.post("/customers", status_code=201)
async def seed_customer(simulator: SimulatorDep, request: Request) -> Json:
    """Create one customer (same rules as the REST endpoint)."""
    return customers.create_customer(simulator, await bodies.read_json(request))


@router.post("/webhooks", status_code=201)
async def register_webhook(simulator: SimulatorDep, request: Request) -> Json:
    """Subscribe `{topic, address, fields?}` without going through the REST API."""
    given = await bodies.read_json(request)
    return webhooks.public(webhooks.subscribe(simulator.store, given))


@router.get("/deliveries")
async def list_deliveries(simulator: SimulatorDep, request: Request) -> Json:
    """Delivery log, oldest first; `?topic=` filters."""
    topic = request.query_params.get("topic")
    records = [d for d in simulator.store.deliveries if topic is None or d.topic == topic]
    return {"deliveries": [d.as_json() for d in records]}


@router.get("/requests")
async def list_requests(simulator: SimulatorDep) -> Json:
    """Every `/admin/api/` request seen since the last reset (method, path, query, status)."""
    return {"requests": simulator.store.requests}


@router.get("/requests/summary")
async def summarize_requests(simulator: SimulatorDep) -> Json:
    """The request log counted: REST calls per endpoint, status and second; GraphQL queries."""
    return request_summary.summarize(simulator.store.requests)
