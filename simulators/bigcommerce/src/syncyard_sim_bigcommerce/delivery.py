"""Outgoing webhook delivery: Standard Webhooks signature, retries, domain health, modes."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import deque
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from syncyard_sim_bigcommerce.signing import light_payload, scope_matches, sign
from syncyard_sim_bigcommerce.store import DeliveryRecord, Store

# After the first failure: 11 retries over about 48 hours, then the hook is deactivated.
RETRY_DELAYS_S = (60.0, 180.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 21600.0,
                  50400.0, 86400.0)  # fmt: skip
# Not documented by BigCommerce; a generous limit like other platforms use [mem].
TIMEOUT = httpx.Timeout(10.0, connect=2.0)
# Per destination domain: success ratio over 2 minutes, judged from 100 requests, below 90 %
# blocks the domain for 3 minutes (all scaled by the retry scale).
HEALTH_WINDOW_S, HEALTH_MIN_REQUESTS, HEALTH_MIN_RATIO, BLOCK_S = 120.0, 100, 0.9, 180.0
# In out_of_order mode deliveries are held this long, then sent newest first.
OUT_OF_ORDER_WINDOW_S = 0.2


@dataclass
class DomainHealth:
    """Sliding success ratio per destination domain and the domains currently blocked."""

    results: dict[str, deque[tuple[float, bool]]] = field(default_factory=dict)
    blocked_until: dict[str, float] = field(default_factory=dict)

    def is_blocked(self, domain: str, now: float) -> bool:
        """True while the domain sits out its block period."""
        return self.blocked_until.get(domain, 0.0) > now

    def note(self, domain: str, ok: bool, now: float, scale: float) -> None:
        """Record one attempt; block the domain when its ratio falls below 90 %."""
        window = self.results.setdefault(domain, deque())
        window.append((now, ok))
        while window and window[0][0] < now - HEALTH_WINDOW_S * scale:
            window.popleft()
        if len(window) >= HEALTH_MIN_REQUESTS:
            ratio = sum(1 for _, good in window if good) / len(window)
            if ratio < HEALTH_MIN_RATIO:
                self.blocked_until[domain] = now + BLOCK_S * scale
                window.clear()


@dataclass
class Deliverer:
    """Fires scopes at matching active hooks in background tasks and logs every attempt."""

    store: Store
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=TIMEOUT))
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    held: list[DeliveryRecord] = field(default_factory=list)
    health: DomainHealth = field(default_factory=DomainHealth)

    def fire(self, scope: str, data: dict[str, Any]) -> list[DeliveryRecord]:
        """Queue one delivery per matching hook (times `duplicate_deliveries`)."""
        body = json.dumps(light_payload(self.store, scope, data), separators=(",", ":"))
        records = []
        for hook in list(self.store.hooks.values()):
            if not hook["is_active"] or not scope_matches(hook["scope"], scope):
                continue
            webhook_id = str(uuid.uuid4())
            for copy in range(1, max(1, self.store.config.duplicate_deliveries) + 1):
                record = DeliveryRecord(
                    webhook_id=webhook_id,
                    scope=scope,
                    destination=hook["destination"],
                    hook_id=hook["id"],
                    body=body,
                    copy=copy,
                )
                self.store.deliveries.append(record)
                records.append(record)
                if self.store.config.out_of_order:
                    self._hold(record)
                else:
                    self._spawn(self._deliver(record))
        return records

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _hold(self, record: DeliveryRecord) -> None:
        self.held.append(record)
        if len(self.held) == 1:
            self._spawn(self._flush_held())

    async def _flush_held(self) -> None:
        await asyncio.sleep(OUT_OF_ORDER_WINDOW_S)
        held, self.held = self.held, []
        # First attempts go out one by one, newest first, so the reversal is deterministic.
        for record in reversed(held):
            first_ok = await self._attempt(record)
            self._spawn(self._deliver(record, first_ok=first_ok))

    async def _deliver(self, record: DeliveryRecord, *, first_ok: bool | None = None) -> None:
        """First attempt plus up to 11 retries; deactivate the hook if all of them fail."""
        for index, delay in enumerate((0.0, *RETRY_DELAYS_S)):
            if delay:
                await asyncio.sleep(delay * self.store.config.webhook_retry_scale)
            hook = self.store.hooks.get(record.hook_id)
            if hook is None or not hook["is_active"]:
                record.state = "dropped"
                return
            ok = first_ok if index == 0 and first_ok is not None else await self._attempt(record)
            if ok:
                record.state = "delivered"
                return
        record.state = "failed"
        hook = self.store.hooks.get(record.hook_id)
        if hook is not None:
            hook["is_active"] = False
            hook["updated_at"] = int(self.store.clock.now().timestamp())

    async def _attempt(self, record: DeliveryRecord) -> bool:
        hook = self.store.hooks.get(record.hook_id) or {}
        domain = urlsplit(record.destination).hostname or ""
        now, scale = time.monotonic(), self.store.config.webhook_retry_scale
        record.attempts += 1
        if self.health.is_blocked(domain, now):
            record.statuses.append("blocked")
            return False
        timestamp = int(time.time())
        body = record.body.encode()
        headers = dict(hook.get("headers") or {}) | {
            "Content-Type": "application/json",
            "webhook-id": record.webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(
                self.store.settings.client_secret, record.webhook_id, timestamp, body
            ),
        }
        try:
            response = await self.client.post(record.destination, content=body, headers=headers)
        except httpx.TimeoutException:
            record.statuses.append("timeout")
            self.health.note(domain, False, now, scale)
            return False
        except httpx.HTTPError:
            record.statuses.append("error")
            self.health.note(domain, False, now, scale)
            return False
        record.statuses.append(response.status_code)
        ok = 200 <= response.status_code < 300
        self.health.note(domain, ok, now, scale)
        return ok

    async def cancel_all(self) -> None:
        """Stop every pending delivery (used by reset) but keep the client open."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.held.clear()
        self.health = DomainHealth()

    async def close(self) -> None:
        """Cancel pending deliveries and close the HTTP client."""
        await self.cancel_all()
        await self.client.aclose()
