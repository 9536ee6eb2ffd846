"""Control API under `/_sim/` (no auth): reset, seed, faults, limits, clock, logs."""

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from syncyard_sim_mailchimp import (
    bodies,
    customers,
    members,
    order_payload,
    product_payload,
    seed,
    shops,
    webhooks,
)
from syncyard_sim_mailchimp.bodies import Json
from syncyard_sim_mailchimp.deps import SimulatorDep
from syncyard_sim_mailchimp.problems import not_found

router = APIRouter(prefix="/_sim")
STORE_ENTITIES = ("products", "customers", "orders", "carts")


class FailNext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int = Field(default=503, ge=400, le=599)
    count: int = Field(default=1, ge=0)


class FaultsPatch(BaseModel):
    """Partial update of the injected faults; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    fail_next: FailNext | None = None
    latency_ms: int | None = Field(default=None, ge=0)
    error_rate_5xx: float | None = Field(default=None, ge=0, le=1)
    timeout_next: int | None = Field(default=None, ge=0)
    hang_ms: int | None = Field(default=None, ge=0)


class ConfigPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_concurrent: int | None = Field(default=None, ge=1)
    webhook_retry_scale: float | None = Field(default=None, gt=0)
    webhook_timeout_s: float | None = Field(default=None, gt=0)


class ClockAdvance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(ge=0)


@router.post("/reset")
async def reset(simulator: SimulatorDep, request: Request) -> Json:
    """Drop all state; `{"demo_data": true}` (default: the setting) adds the demo records."""
    given = await bodies.read_json(request)
    await simulator.deliverer.cancel_all()
    simulator.store.reset()
    simulator.gate.in_flight.clear()
    if given.get("demo_data", simulator.store.settings.demo_data):
        seed.seed_demo(simulator)
    return {"ok": True}


@router.post("/faults")
async def set_faults(simulator: SimulatorDep, patch: FaultsPatch) -> Json:
    faults = simulator.store.faults
    if patch.fail_next is not None:
        faults.fail_status, faults.fail_count = patch.fail_next.status, patch.fail_next.count
    for key, value in patch.model_dump(exclude_none=True, exclude={"fail_next"}).items():
        setattr(faults, key, value)
    return dict(vars(faults))


@router.post("/config")
async def patch_config(simulator: SimulatorDep, patch: ConfigPatch) -> Json:
    """Change the concurrency limit or the webhook timing."""
    for key, value in patch.model_dump(exclude_none=True).items():
        setattr(simulator.store.config, key, value)
    return dict(vars(simulator.store.config))


@router.post("/clock")
async def advance_clock(simulator: SimulatorDep, advance: ClockAdvance) -> Json:
    simulator.store.clock_offset += timedelta(seconds=advance.seconds)
    return {"now": simulator.store.timestamp()}


@router.get("/requests")
async def list_requests(simulator: SimulatorDep) -> Json:
    """Every `/3.0/` request since the last reset (method, path, query, status, at)."""
    return {"requests": simulator.store.requests}


@router.get("/deliveries")
async def list_deliveries(simulator: SimulatorDep) -> Json:
    """Webhook deliveries, oldest first, with every attempt's status."""
    return {"deliveries": simulator.store.deliveries}


@router.post("/lists", status_code=201)
async def add_list(simulator: SimulatorDep, request: Request) -> Json:
    given = await bodies.read_json(request)
    list_id = str(given.get("id") or simulator.store.new_id(10))
    return simulator.store.add_list(list_id, str(given.get("name") or list_id))


@router.post("/stores", status_code=201)
async def add_store(simulator: SimulatorDep, request: Request) -> Json:
    return shops.create(simulator, await bodies.read_json(request))


@router.post("/stores/{store_id}/products", status_code=201)
async def add_product(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shops.shop(simulator, store_id)
    given = await bodies.read_json(request)
    product = product_payload.new_product(simulator.store, given, owner.record["currency_code"])
    owner.products[product["id"]] = product
    return product


@router.post("/stores/{store_id}/customers", status_code=201)
async def add_customer(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shops.shop(simulator, store_id)
    return customers.upsert(simulator, owner, await bodies.read_json(request))


@router.post("/stores/{store_id}/orders", status_code=201)
async def add_order(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shops.shop(simulator, store_id)
    order = order_payload.new_order(simulator, owner, await bodies.read_json(request))
    owner.orders[order["id"]] = order
    return order


@router.post("/stores/{store_id}/{entity}/{record_id}/touch")
async def touch_record(simulator: SimulatorDep, store_id: str, entity: str, record_id: str) -> Json:
    """An edit in the shop: orders get `updated_at_foreign`, others `updated_at`, set to now."""
    owner = shops.shop(simulator, store_id)
    records = getattr(owner, entity, None) if entity in STORE_ENTITIES else None
    record = records.get(record_id) if records is not None else None
    if record is None:
        raise not_found()
    now = simulator.store.timestamp()
    if entity == "orders":
        record["updated_at_foreign"] = now
    elif entity == "products":
        for variant in record["variants"]:
            variant["updated_at"] = now
    else:
        record["updated_at"] = now
    result: Json = record
    return result


@router.post("/lists/{list_id}/members", status_code=201)
async def sign_up(simulator: SimulatorDep, request: Request, list_id: str) -> Json:
    """A signup through a form (source `user`): fires `subscribe` when subscribed."""
    given = await bodies.read_json(request)
    bodies.require(given, "email_address")
    status = str(given.get("status") or "subscribed")
    return members.create(simulator, list_id, given, status=status, source="user")


@router.patch("/lists/{list_id}/members/{member_hash}")
async def edit_member(
    simulator: SimulatorDep, request: Request, list_id: str, member_hash: str
) -> Json:
    """An edit in the Mailchimp app (source `admin`): fires profile/unsubscribe/upemail..."""
    member = members.audience(simulator, list_id).get(member_hash)
    if member is None:
        raise not_found()
    given: dict[str, Any] = await bodies.read_json(request)
    return members.save(simulator, list_id, member, given, source="admin")


@router.post("/lists/{list_id}/members/{member_hash}/touch")
async def touch_member(simulator: SimulatorDep, list_id: str, member_hash: str) -> Json:
    """Bump `last_changed` without firing a webhook."""
    member = members.audience(simulator, list_id).get(member_hash)
    if member is None:
        raise not_found()
    member["last_changed"] = simulator.store.timestamp()
    return member


@router.post("/lists/{list_id}/webhooks", status_code=201)
async def add_webhook(simulator: SimulatorDep, request: Request, list_id: str) -> Json:
    """Register a webhook (the URL is validated by GET, as through the API)."""
    return await webhooks.subscribe(simulator, list_id, await bodies.read_json(request))


@router.get("/stores/{store_id}/{entity}")
async def stored(simulator: SimulatorDep, store_id: str, entity: str) -> Json:
    """What the store holds: `products`, `customers`, `orders` or `carts`, raw."""
    owner = shops.shop(simulator, store_id)
    records = getattr(owner, entity, None) if entity in STORE_ENTITIES else None
    if records is None:
        raise not_found()
    return {entity: list(records.values())}


@router.post("/stores/{store_id}/stock")
async def set_stock(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    """`{"sku": …, "quantity": n}`: set a variant's inventory_quantity (as a shop would)."""
    given = await bodies.read_json(request)
    owner = shops.shop(simulator, store_id)
    for product in owner.products.values():
        variant: Json
        for variant in product["variants"]:
            if given.get("sku") in (variant["sku"], variant["id"]):
                variant["inventory_quantity"] = int(given.get("quantity", 0))
                variant["updated_at"] = simulator.store.timestamp()
                return variant
    raise not_found()


@router.get("/lists/{list_id}/members")
async def list_members(simulator: SimulatorDep, list_id: str) -> Json:
    return {"members": list(members.audience(simulator, list_id).values())}
