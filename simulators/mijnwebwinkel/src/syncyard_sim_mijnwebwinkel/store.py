"""In-memory store state: records, option lists, statuses, faults, request log and the clock."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from syncyard_sim_mijnwebwinkel.clock import Clock
from syncyard_sim_mijnwebwinkel.settings import SimulatorSettings

Json = dict[str, Any]

# Deterministic uuids: the same seed and calls give the same ids in every run.
_NAMESPACE = uuid.UUID("6f1c2d8e-3b7a-4c55-9d0e-5a4b3c2d1e0f")


@dataclass
class Faults:
    """What `POST /_sim/faults` injects into API answers."""

    fail_status: int = 503
    fail_count: int = 0
    latency_ms: int = 0
    error_rate_5xx: float = 0.0
    timeout_next: int = 0


@dataclass
class RateLimit:
    """Token bucket per partner and store token pair; None rate = unlimited."""

    per_second: float | None
    burst: int


@dataclass
class ShippingCost:
    """The store's flat shipping cost, which `POST /v1/orders` adds to an order unless
    `disable_shipping=true` (`POST /_sim/shipping` changes it; an amount of 0: no cost line)."""

    amount_including_tax: Decimal = Decimal("4.95")
    rate: Decimal = Decimal("21.00")
    description: str = "Verzendkosten"


@dataclass
class Store:
    """Everything the simulated store knows; `reset()` returns it to the seeded state."""

    settings: SimulatorSettings
    clock: Clock = field(init=False)
    faults: Faults = field(default_factory=Faults)
    rate_limit: RateLimit = field(init=False)
    shipping: ShippingCost = field(default_factory=ShippingCost)
    articles: dict[int, Json] = field(default_factory=dict)
    article_lists: dict[int, Json] = field(default_factory=dict)
    categories: dict[int, Json] = field(default_factory=dict)
    # Categories carry no timestamps, yet can be filtered by them: kept beside the record.
    category_times: dict[int, tuple[datetime, datetime]] = field(default_factory=dict)
    customers: dict[str, Json] = field(default_factory=dict)
    orders: dict[int, Json] = field(default_factory=dict)
    statuses: list[Json] = field(default_factory=list)
    requests: list[Json] = field(default_factory=list)
    _article_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(3327551))
    _variant_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1362))
    _list_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(193177))
    _option_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(71362))
    _category_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(748020))
    _order_numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))
    _uuids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.time_zone = ZoneInfo(self.settings.time_zone)
        self.clock = Clock(time_zone=self.time_zone)
        self.rate_limit = RateLimit(self.settings.rate_per_second, self.settings.rate_burst)

    def reset(self) -> None:
        """Forget every record, fault, log entry and clock change (seeding is the app's job)."""
        self.__init__(settings=self.settings)  # type: ignore[misc]

    def now(self) -> datetime:
        """Current store-local time."""
        return self.clock.now()

    def new_uuid(self, kind: str) -> str:
        """A fresh, deterministic uuid."""
        return str(uuid.uuid5(_NAMESPACE, f"{kind}-{next(self._uuids)}"))

    def new_article_id(self) -> int:
        return next(self._article_ids)

    def new_variant_id(self) -> int:
        return next(self._variant_ids)

    def new_list_id(self) -> int:
        return next(self._list_ids)

    def new_option_id(self) -> int:
        return next(self._option_ids)

    def new_category_id(self) -> int:
        return next(self._category_ids)

    def new_order_number(self) -> int:
        return next(self._order_numbers)

    def parse_local(self, date: str, time: str) -> datetime:
        """A record's split date and time fields as an aware datetime."""
        return datetime.strptime(f"{date} {time}", "%Y-%m-%d %H:%M:%S").replace(
            tzinfo=self.time_zone
        )
