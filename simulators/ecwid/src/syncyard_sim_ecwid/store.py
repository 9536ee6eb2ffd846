"""In-memory store state: records, deleted-entity logs, runtime knobs, faults, clock, logs."""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from syncyard_sim_ecwid.dates import format_date
from syncyard_sim_ecwid.settings import SimulatorSettings

Json = dict[str, Any]

# Real Ecwid ids are large integers; start there so clients cannot assume small ones.
FIRST_IDS = {
    "product": 700_000_001,
    "combination": 30_000_001,
    "category": 150_000_001,
    "customer": 177_737_001,
    "item": 1_741_253_001,
    "order": 1001,
}
_EVENT_NAMESPACE = uuid.UUID("5f0c2d1e-2f6b-4d8e-9a4c-ec0000000000")


@dataclass
class RuntimeConfig:
    """Knobs tests flip through `POST /_sim/config`."""

    scopes: list[str]
    paid_plan: bool
    requests_per_minute: int
    burst: int
    webhook_url: str | None
    webhook_events: list[str]
    webhook_retry_scale: float
    webhook_max_age_hours: float
    duplicate_deliveries: int = 1
    out_of_order: bool = False


@dataclass
class Faults:
    """Injected misbehaviour (`POST /_sim/faults`); counters run down as requests arrive."""

    fail_status: int = 503
    fail_count: int = 0
    timeout_count: int = 0
    hang_ms: int = 35_000
    latency_ms: int = 0
    error_rate_5xx: float = 0.0


@dataclass
class DeliveryRecord:
    """One webhook event sent to the app URL (one copy) and every attempt made for it."""

    event_id: str
    event_type: str
    entity_id: int
    url: str
    event_created: int
    copy: int = 1
    attempts: int = 0
    statuses: list[int | str] = field(default_factory=list)
    state: str = "pending"

    def as_json(self) -> Json:
        """Shape returned by `GET /_sim/deliveries`."""
        return {
            "eventId": self.event_id,
            "eventType": self.event_type,
            "entityId": self.entity_id,
            "url": self.url,
            "eventCreated": self.event_created,
            "copy": self.copy,
            "attempts": self.attempts,
            "statuses": list(self.statuses),
            "state": self.state,
        }


@dataclass
class Store:
    """Everything the simulated store knows; `reset()` returns it to start-up state."""

    settings: SimulatorSettings
    config: RuntimeConfig = field(init=False)
    faults: Faults = field(default_factory=Faults)
    products: dict[int, Json] = field(default_factory=dict)
    categories: dict[int, Json] = field(default_factory=dict)
    customers: dict[int, Json] = field(default_factory=dict)
    orders: dict[int, Json] = field(default_factory=dict)
    # entity kind ("products", "orders", "customers") -> [{id, date, type}]
    deleted: dict[str, list[Json]] = field(default_factory=dict)
    requests: list[Json] = field(default_factory=list)
    deliveries: list[DeliveryRecord] = field(default_factory=list)
    clock_offset_s: float = 0.0
    _counters: dict[str, itertools.count[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        s = self.settings
        self.config = RuntimeConfig(
            scopes=list(s.scopes),
            paid_plan=s.paid_plan,
            requests_per_minute=s.requests_per_minute,
            burst=s.burst,
            webhook_url=s.webhook_url,
            webhook_events=list(s.webhook_events),
            webhook_retry_scale=s.webhook_retry_scale,
            webhook_max_age_hours=s.webhook_max_age_hours,
        )
        self._counters = {kind: itertools.count(first) for kind, first in FIRST_IDS.items()}
        self._counters["event"] = itertools.count(1)

    def reset(self) -> None:
        """Forget every record, log, fault and knob."""
        self.__init__(settings=self.settings)  # type: ignore[misc]

    def new_id(self, kind: str) -> int:
        """Next id of `kind` (product, combination, category, customer, item, order)."""
        return next(self._counters[kind])

    def new_event_id(self) -> str:
        """A UUID per event, deterministic for a given history (uuid5 of a counter)."""
        number = next(self._counters["event"])
        return str(uuid.uuid5(_EVENT_NAMESPACE, f"{self.settings.store_id}:{number}"))

    def now(self) -> int:
        """Simulated time in UNIX seconds (wall clock plus `/_sim/clock` advances)."""
        return int(time.time() + self.clock_offset_s)

    def stamp(self, record: Json, *, created: bool = False, prefix: str = "") -> None:
        """Set the updated (and on create, created) date and timestamp fields of a record."""
        now = self.now()
        names = {
            "": ("created", "updated", "createTimestamp", "updateTimestamp"),
            "order": ("createDate", "updateDate", "createTimestamp", "updateTimestamp"),
            "customer": ("registered", "updated", None, None),
        }[prefix]
        created_name, updated_name, created_ts, updated_ts = names
        if created:
            record[created_name] = format_date(now)
            if created_ts:
                record[created_ts] = now
        record[updated_name] = format_date(now)
        if updated_ts:
            record[updated_ts] = now
        record["_updated"] = now  # private: every kind sorts by this

    def log_deleted(self, kind: str, record_id: int, type_name: str) -> None:
        """Remember a deletion for `GET /<kind>/deleted`."""
        entry = {"id": record_id, "date": format_date(self.now()), "type": type_name}
        self.deleted.setdefault(kind, []).append(entry | {"_at": self.now()})
