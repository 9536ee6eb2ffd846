"""In-memory shop state: resources, subscriptions, logs, runtime config and the clock."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from syncyard_sim_shopify.plans import PLANS
from syncyard_sim_shopify.settings import SimulatorSettings

Json = dict[str, Any]

# Real Shopify ids are 13-digit integers; start there so clients cannot assume small ids.
FIRST_ID = 5_500_000_000_001


@dataclass
class RuntimeConfig:
    """Knobs tests flip through `POST /_sim/config`."""

    bucket_size: int
    leak_rate: float
    webhook_retry_scale: float
    graphql_bucket_size: int = 2000
    graphql_restore_rate: float = 100.0
    latency_ms: int = 0
    error_rate_5xx: float = 0.0
    duplicate_deliveries: int = 1
    out_of_order: bool = False
    # Without the read_all_orders scope only the last 60 days of orders are visible.
    read_all_orders: bool = True
    # `POST /_sim/fail_next`: answer the next `fail_next_count` API calls with this status.
    fail_next_status: int = 0
    fail_next_count: int = 0


@dataclass
class DeliveryRecord:
    """One webhook delivery (one X-Shopify-Webhook-Id) and every attempt made for it."""

    webhook_id: str
    event_id: str
    topic: str
    address: str
    subscription_id: int
    triggered_at: str
    copy: int = 1
    attempts: int = 0
    statuses: list[int | str] = field(default_factory=list)
    state: str = "pending"

    @property
    def last_status(self) -> int | str | None:
        """Status of the latest attempt (an int, or "timeout"/"error")."""
        return self.statuses[-1] if self.statuses else None

    def as_json(self) -> Json:
        """Shape returned by `GET /_sim/deliveries`."""
        return {
            "webhook_id": self.webhook_id,
            "event_id": self.event_id,
            "topic": self.topic,
            "address": self.address,
            "subscription_id": self.subscription_id,
            "triggered_at": self.triggered_at,
            "copy": self.copy,
            "attempts": self.attempts,
            "statuses": list(self.statuses),
            "last_status": self.last_status,
            "state": self.state,
        }


@dataclass
class Store:
    """Everything the simulated shop knows; `reset()` returns it to the seeded state."""

    settings: SimulatorSettings
    config: RuntimeConfig = field(init=False)
    orders: dict[int, Json] = field(default_factory=dict)
    products: dict[int, Json] = field(default_factory=dict)
    customers: dict[int, Json] = field(default_factory=dict)
    locations: dict[int, Json] = field(default_factory=dict)
    # (inventory_item_id, location_id) -> level JSON
    inventory_levels: dict[tuple[int, int], Json] = field(default_factory=dict)
    webhooks: dict[int, Json] = field(default_factory=dict)
    custom_collections: dict[int, Json] = field(default_factory=dict)
    collects: dict[int, Json] = field(default_factory=dict)
    # metafield id -> metafield JSON (owner_resource + owner_id say whose it is)
    metafields: dict[int, Json] = field(default_factory=dict)
    # order id -> its transactions, oldest first
    transactions: dict[int, list[Json]] = field(default_factory=dict)
    # order id -> its fulfillment orders (made on first use)
    fulfillment_orders: dict[int, list[Json]] = field(default_factory=dict)
    deliveries: list[DeliveryRecord] = field(default_factory=list)
    requests: list[Json] = field(default_factory=list)
    clock_offset: timedelta = timedelta(0)
    next_order_number: int = 1001
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(FIRST_ID))

    def __post_init__(self) -> None:
        self.config = self._initial_config()

    def _initial_config(self) -> RuntimeConfig:
        settings = self.settings
        plan = PLANS[settings.plan] if settings.plan else None
        return RuntimeConfig(
            bucket_size=plan.bucket_size if plan else settings.bucket_size,
            leak_rate=plan.leak_rate if plan else settings.leak_rate,
            webhook_retry_scale=settings.webhook_retry_scale,
            graphql_bucket_size=plan.graphql_bucket_size if plan else settings.graphql_bucket_size,
            graphql_restore_rate=(
                plan.graphql_restore_rate if plan else settings.graphql_restore_rate
            ),
        )

    def reset(self) -> None:
        """Forget everything and restore start-up config (the rate buckets are reset by app)."""
        self.__init__(settings=self.settings)  # type: ignore[misc]

    def new_id(self) -> int:
        """Next unique resource id (shared sequence across resource types, like Shopify)."""
        return next(self._ids)

    def now(self) -> datetime:
        """Current simulated time in the shop's time zone."""
        tz = timezone(timedelta(minutes=self.settings.utc_offset_minutes))
        return (datetime.now(UTC) + self.clock_offset).astimezone(tz).replace(microsecond=0)

    def timestamp(self) -> str:
        """Current simulated time as Shopify prints it: `2025-01-15T10:30:00+01:00`."""
        return self.now().isoformat()

    def gid(self, kind: str, resource_id: int) -> str:
        """GraphQL global id, e.g. `gid://shopify/Order/123`."""
        return f"gid://shopify/{kind}/{resource_id}"

    def variants(self) -> list[Json]:
        """All variants of all products."""
        return [v for p in self.products.values() for v in p["variants"]]

    def find_variant(self, variant_id: int) -> Json | None:
        """Variant by id, or None."""
        return next((v for v in self.variants() if v["id"] == variant_id), None)

    def find_variant_by_sku(self, sku: str) -> Json | None:
        """First variant with this SKU (SKUs are not unique in Shopify)."""
        return next((v for v in self.variants() if v["sku"] == sku), None)

    def primary_location_id(self) -> int:
        """Id of the first (primary) location."""
        return next(iter(self.locations))
