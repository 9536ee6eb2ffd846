"""Control API under `/_sim/` (no auth): reset, seed, faults, rate limit, shipping cost, clock,
request log."""

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from syncyard_sim_mijnwebwinkel import (
    article_payload,
    bodies,
    categories,
    customers,
    order_payload,
    orders,
    seed,
)
from syncyard_sim_mijnwebwinkel.clock import DATE_TIME
from syncyard_sim_mijnwebwinkel.deps import SimulatorDep, StoreDep
from syncyard_sim_mijnwebwinkel.errors import bad_request, not_found
from syncyard_sim_mijnwebwinkel.money import price_string
from syncyard_sim_mijnwebwinkel.store import Json, Store

router = APIRouter(prefix="/_sim")


class FailNext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int = Field(default=503, ge=400, le=599)
    count: int = Field(default=1, ge=0)


class FaultsPatch(BaseModel):
    """Faults for the next API requests; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    fail_next: FailNext | None = None
    latency_ms: int | None = Field(default=None, ge=0)
    error_rate_5xx: float | None = Field(default=None, ge=0, le=1)
    timeout_next: int | None = Field(default=None, ge=0)


class RateLimitPatch(BaseModel):
    """`per_second: null` lifts the limit."""

    model_config = ConfigDict(extra="forbid")

    per_second: float | None = Field(gt=0)
    burst: int = Field(default=10, ge=1)


class ShippingPatch(BaseModel):
    """The store's flat shipping cost (incl. VAT) and its VAT rate; omitted fields keep their
    value; an amount of 0 charges no shipping."""

    model_config = ConfigDict(extra="forbid")

    amount_including_tax: Decimal | None = Field(default=None, ge=0, decimal_places=2)
    rate: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=2)
    description: str | None = Field(default=None, min_length=1)


class ClockChange(BaseModel):
    """Advance by `seconds`, jump to `set` (store-local `yyyy-mm-dd hh:mm:ss`), freeze/thaw."""

    model_config = ConfigDict(extra="forbid")

    seconds: float | None = Field(default=None, ge=0)
    set: str | None = None
    frozen: bool | None = None


@router.post("/reset")
async def reset(simulator: SimulatorDep) -> Json:
    """Drop all state, faults and logs; refill rate buckets; reseed the catalogue tables."""
    simulator.store.reset()
    seed.seed_store(simulator.store)
    simulator.bucket.reset()
    return {"ok": True}


@router.get("/faults")
async def get_faults(store: StoreDep) -> Json:
    return dict(vars(store.faults))


@router.post("/faults")
async def set_faults(store: StoreDep, patch: FaultsPatch) -> Json:
    """E.g. `{"fail_next": {"status": 503, "count": 2}, "timeout_next": 0}`."""
    faults = store.faults
    if patch.fail_next is not None:
        faults.fail_status, faults.fail_count = patch.fail_next.status, patch.fail_next.count
    for key in ("latency_ms", "error_rate_5xx", "timeout_next"):
        value = getattr(patch, key)
        if value is not None:
            setattr(faults, key, value)
    return dict(vars(faults))


@router.post("/ratelimit")
async def set_rate_limit(simulator: SimulatorDep, patch: RateLimitPatch) -> Json:
    """Configure the token bucket (buckets start full again)."""
    simulator.store.rate_limit.per_second = patch.per_second
    simulator.store.rate_limit.burst = patch.burst
    simulator.bucket.reset()
    return dict(vars(simulator.store.rate_limit))


@router.get("/shipping")
async def get_shipping(store: StoreDep) -> Json:
    return _shipping(store)


@router.post("/shipping")
async def set_shipping(store: StoreDep, patch: ShippingPatch) -> Json:
    """The shipping cost `POST /v1/orders` adds unless `disable_shipping=true`, e.g.
    `{"amount_including_tax": "6.95", "rate": "21.00"}` (default 4.95 at 21 %)."""
    for key, value in patch.model_dump(exclude_none=True).items():
        setattr(store.shipping, key, value)
    return _shipping(store)


def _shipping(store: Store) -> Json:
    cost = store.shipping
    return {
        "amount_including_tax": price_string(cost.amount_including_tax),
        "rate": price_string(cost.rate),
        "description": cost.description,
    }


@router.post("/clock")
async def change_clock(store: StoreDep, change: ClockChange) -> Json:
    """Move the clock every date and time field and filter uses."""
    if change.frozen is not None:
        store.clock.freeze(change.frozen)
    if change.set is not None:
        try:
            store.clock.set(change.set)
        except ValueError:
            raise bad_request("set: expected yyyy-mm-dd hh:mm:ss") from None
    if change.seconds:
        store.clock.advance(change.seconds)
    return {"now": store.now().strftime(DATE_TIME), "frozen": store.clock.frozen_at is not None}


@router.get("/requests")
async def list_requests(store: StoreDep) -> Json:
    """Every `/v{version}/` request since the last reset (tokens left out of `query`)."""
    return {"requests": store.requests}


@router.get("/lists")
async def list_option_lists(store: StoreDep) -> Json:
    return {"lists": list(store.article_lists.values())}


@router.get("/{entity}")
async def list_records(store: StoreDep, entity: str) -> Json:
    """Every article, category, customer or order as stored."""
    tables: dict[str, Any] = {
        "articles": store.articles,
        "categories": store.categories,
        "customers": store.customers,
        "orders": store.orders,
    }
    if entity not in tables:
        raise not_found(f"Table {entity}")
    return {entity: list(tables[entity].values())}


@router.post("/articles")
async def seed_article(store: StoreDep, request: Request) -> Json:
    """Create an article as the merchant would (same body as `POST /v1/articles`)."""
    article = article_payload.create_article(store, await bodies.read_object(request))
    store.articles[article["id"]] = article
    return article


@router.patch("/articles/{article_id}")
async def change_article(store: StoreDep, request: Request, article_id: int) -> Json:
    """Edit an article as the merchant would (same body as `PATCH /v1/articles/{id}`)."""
    article = store.articles.get(article_id)
    if article is None:
        raise not_found(f"Article {article_id}")
    article_payload.apply_changes(store, article, await bodies.read_object(request))
    return article


@router.post("/articles/{article_id}/touch")
async def touch_article(store: StoreDep, article_id: int) -> Json:
    """Mark the article changed now without changing a field."""
    article = store.articles.get(article_id)
    if article is None:
        raise not_found(f"Article {article_id}")
    article_payload.touch(store, article)
    return article


@router.post("/categories")
async def seed_category(store: StoreDep, request: Request) -> Json:
    return await categories.create_category(store, request)


@router.post("/customers")
async def seed_customer(store: StoreDep, request: Request) -> Json:
    """`{email, firstName, lastName, addresses: [CustomerAddressPostable, …]}`."""
    body = await bodies.read_object(request)
    addresses = body.pop("addresses", [])
    created = customers.create_customer_record(store, body)
    for address in addresses:
        customers.add_address_record(store, created["id"], address)
    return {"customer": store.customers[created["id"]]}


@router.post("/orders")
async def seed_order(store: StoreDep, request: Request) -> Json:
    """Place an order as a shopper would (stock overridable); `"test": true` marks a test order.
    Orderlines may hold the checkout's costs too: `{"type": "shipping" | "payment",
    "description"?, "price": {"amount_including_tax", "rate"} | [one per VAT rate]}`; the
    store adds no shipping cost of its own here (the checkout's are in the body)."""
    body = await bodies.read_object(request)
    test = bool(body.pop("test", False))
    order = order_payload.create_order(store, body, override_stock=True, test=test, costs=True)
    store.orders[order["number"]] = order
    return order


@router.post("/orders/{number}/status")
async def change_order_status(store: StoreDep, request: Request, number: int) -> Json:
    """Change the status as the merchant would (`{"status": 4}`)."""
    orders.find(store, number)
    return await orders.patch_order(store, request, number)
