"""In-memory account state: audiences, members, e-commerce stores, logs, faults and the clock."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from syncyard_sim_mailchimp.settings import SimulatorSettings

Json = dict[str, Any]


@dataclass
class Faults:
    """Injected misbehaviour of the API (`POST /_sim/faults`)."""

    fail_status: int = 503
    fail_count: int = 0
    latency_ms: int = 0
    error_rate_5xx: float = 0.0
    timeout_next: int = 0
    # How long a "timed out" request hangs before answering (Mailchimp gives up at 120 s).
    hang_ms: int = 130_000


@dataclass
class RuntimeConfig:
    """Knobs tests flip through `POST /_sim/config`."""

    max_concurrent: int
    webhook_retry_scale: float
    webhook_timeout_s: float


@dataclass
class EcommerceStore:
    """One e-commerce store and the records below it, each keyed by our (the client's) id."""

    record: Json
    products: dict[str, Json] = field(default_factory=dict)
    customers: dict[str, Json] = field(default_factory=dict)
    orders: dict[str, Json] = field(default_factory=dict)
    carts: dict[str, Json] = field(default_factory=dict)


@dataclass
class Store:
    """Everything the simulated account knows; `reset()` returns it to the start state."""

    settings: SimulatorSettings
    config: RuntimeConfig = field(init=False)
    faults: Faults = field(default_factory=Faults)
    lists: dict[str, Json] = field(default_factory=dict)
    # list id -> subscriber hash -> member
    members: dict[str, dict[str, Json]] = field(default_factory=dict)
    webhooks: dict[str, Json] = field(default_factory=dict)
    stores: dict[str, EcommerceStore] = field(default_factory=dict)
    batches: dict[str, Json] = field(default_factory=dict)
    batch_results: dict[str, bytes] = field(default_factory=dict)
    requests: list[Json] = field(default_factory=list)
    deliveries: list[Json] = field(default_factory=list)
    clock_offset: timedelta = timedelta(0)
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.config = RuntimeConfig(
            max_concurrent=self.settings.max_concurrent,
            webhook_retry_scale=self.settings.webhook_retry_scale,
            webhook_timeout_s=self.settings.webhook_timeout_s,
        )
        self.add_list(self.settings.list_id, self.settings.list_name)

    def reset(self) -> None:
        """Forget everything and restore the start-up config and audience."""
        self.__init__(settings=self.settings)  # type: ignore[misc]

    def add_list(self, list_id: str, name: str) -> Json:
        audience = {"id": list_id, "name": name, "web_id": self.serial()}
        self.lists[list_id] = audience
        self.members.setdefault(list_id, {})
        return audience

    def serial(self) -> int:
        """Next number of a deterministic sequence (web ids, generated ids)."""
        return next(self._serial)

    def new_id(self, length: int = 10) -> str:
        """A deterministic hex id of `length` characters, like Mailchimp's list/webhook ids."""
        return hashlib.md5(f"sim-{self.serial()}".encode()).hexdigest()[:length]  # noqa: S324

    def now(self) -> datetime:
        """Current simulated time (UTC, whole seconds)."""
        return (datetime.now(UTC) + self.clock_offset).replace(microsecond=0)

    def timestamp(self) -> str:
        """Current simulated time as Mailchimp prints it: `2025-01-15T10:30:00+00:00`."""
        return self.now().isoformat()

    def shop(self, store_id: str) -> EcommerceStore | None:
        return self.stores.get(store_id)


def subscriber_hash(email: str) -> str:
    """Mailchimp's member id: MD5 of the lower-cased e-mail address."""
    return hashlib.md5(email.strip().lower().encode()).hexdigest()  # noqa: S324
