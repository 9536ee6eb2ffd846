"""In-memory store state: resources, hooks, logs, runtime knobs and the clock."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from syncyard_sim_bigcommerce import plans
from syncyard_sim_bigcommerce.clock import Clock
from syncyard_sim_bigcommerce.settings import SimulatorSettings

Json = dict[str, Any]
# BigCommerce's default inventory location.
DEFAULT_LOCATION_ID = 1

# First id per resource kind: distinct ranges so a client mixing them up fails loudly.
FIRST_IDS = {
    "product": 111,
    "variant": 501,
    "option": 31,
    "option_value": 71,
    "custom_field": 6,
    "category": 18,
    "customer": 1,
    "address": 1,
    "order": 100,
    "order_product": 1,
    "order_address": 1,
    "hook": 20_000_001,
    "location": 1,
}


@dataclass
class RuntimeConfig:
    """Knobs tests flip through `POST /_sim/config` (rate limit, webhook delivery modes)."""

    rate_quota: int
    rate_window_ms: int
    webhook_retry_scale: float
    allow_http_destinations: bool
    duplicate_deliveries: int = 1
    out_of_order: bool = False


@dataclass
class Faults:
    """Injected failures, applied to API requests after authentication (`POST /_sim/faults`)."""

    fail_status: int = 503
    fail_count: int = 0
    latency_ms: int = 0
    error_rate_5xx: float = 0.0
    timeout_next: int = 0
    # How long a "timed out" request hangs before it answers 504 (clients give up sooner).
    timeout_ms: int = 35_000


@dataclass
class DeliveryRecord:
    """One webhook delivery (one `webhook-id`) and every attempt made for it."""

    webhook_id: str
    scope: str
    destination: str
    hook_id: int
    body: str
    copy: int = 1
    attempts: int = 0
    statuses: list[int | str] = field(default_factory=list)
    state: str = "pending"

    def as_json(self) -> Json:
        """Shape returned by `GET /_sim/deliveries`."""
        return {
            "webhook_id": self.webhook_id,
            "scope": self.scope,
            "destination": self.destination,
            "hook_id": self.hook_id,
            "copy": self.copy,
            "attempts": self.attempts,
            "statuses": list(self.statuses),
            "state": self.state,
            "body": self.body,
        }


@dataclass
class Store:
    """Everything the simulated store knows; `reset()` returns it to the seeded state."""

    settings: SimulatorSettings
    config: RuntimeConfig = field(init=False)
    faults: Faults = field(default_factory=Faults)
    clock: Clock = field(default_factory=Clock)
    products: dict[int, Json] = field(default_factory=dict)
    categories: dict[int, Json] = field(default_factory=dict)
    customers: dict[int, Json] = field(default_factory=dict)
    orders: dict[int, Json] = field(default_factory=dict)
    order_products: dict[int, list[Json]] = field(default_factory=dict)
    order_addresses: dict[int, list[Json]] = field(default_factory=dict)
    locations: dict[int, Json] = field(default_factory=dict)
    # (variant_id, location_id) -> units on hand
    stock: dict[tuple[int, int], int] = field(default_factory=dict)
    hooks: dict[int, Json] = field(default_factory=dict)
    deliveries: list[DeliveryRecord] = field(default_factory=list)
    requests: list[Json] = field(default_factory=list)
    _ids: dict[str, itertools.count[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        plan = self.settings.plan
        self.config = RuntimeConfig(
            rate_quota=plans.QUOTAS[plan] if plan else self.settings.rate_quota,
            rate_window_ms=plans.WINDOW_MS if plan else self.settings.rate_window_ms,
            webhook_retry_scale=self.settings.webhook_retry_scale,
            allow_http_destinations=self.settings.allow_http_destinations,
        )

    def reset(self) -> None:
        """Forget everything and restore the start-up config."""
        self.__init__(settings=self.settings)  # type: ignore[misc]

    def new_id(self, kind: str) -> int:
        """Next id of this resource kind (each kind counts on its own, like BigCommerce)."""
        counter = self._ids.setdefault(kind, itertools.count(FIRST_IDS[kind]))
        return next(counter)

    def variants(self) -> list[Json]:
        """All variants of all products."""
        return [v for p in self.products.values() for v in p["variants"]]

    def variant_by_sku(self, sku: str) -> Json | None:
        """The variant (base or option variant) with exactly this SKU."""
        return next((v for v in self.variants() if v["sku"] == sku), None)

    def on_hand(self, variant_id: int) -> int:
        """Units of the variant over all locations."""
        return sum(q for (v, _), q in self.stock.items() if v == variant_id)

    def sku_taken(self, sku: str, *, except_variant: int | None = None) -> bool:
        """SKUs are unique across the whole catalogue (products and variants)."""
        return any(v["sku"] == sku and v["id"] != except_variant for v in self.variants())


def public(record: Json) -> Json:
    """A stored record without the simulator's private `_…` keys."""
    return {k: v for k, v in record.items() if not k.startswith("_")}
