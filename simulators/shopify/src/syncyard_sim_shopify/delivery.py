"""Outgoing webhook delivery: signing, retries with backoff, duplicate and out-of-order modes."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from syncyard_sim_shopify.store import DeliveryRecord, Json, Store

# Shopify (since 2024-09): 8 retries over about 4 hours with exponential backoff.
RETRY_DELAYS_S = (60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 3600.0, 7200.0)
# Shopify waits 1 s to connect and 5 s in total.
TIMEOUT = httpx.Timeout(5.0, connect=1.0)
# In out_of_order mode deliveries are held this long, then sent newest first.
OUT_OF_ORDER_WINDOW_S = 0.2


def sign(body: bytes, secret: str) -> str:
    """`X-Shopify-Hmac-Sha256`: base64 of HMAC-SHA256 over the raw body bytes."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass
class Deliverer:
    """Fires topics at matching subscriptions in background tasks and logs every attempt."""

    store: Store
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=TIMEOUT))
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    held: list[tuple[DeliveryRecord, bytes]] = field(default_factory=list)

    def fire(self, topic: str, payload: Json) -> list[DeliveryRecord]:
        """Queue one delivery per subscription (times `duplicate_deliveries`) for this event."""
        event_id = str(uuid.uuid4())
        triggered_at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        records = []
        for subscription in list(self.store.webhooks.values()):
            if subscription["topic"] != topic:
                continue
            fields = subscription.get("fields") or []
            shown = {k: v for k, v in payload.items() if k in fields} if fields else payload
            # One body for the whole chain: retries carry the original payload.
            body = json.dumps(shown, separators=(",", ":")).encode()
            webhook_id = str(uuid.uuid4())
            copies = max(1, self.store.config.duplicate_deliveries)
            for copy in range(1, copies + 1):
                record = DeliveryRecord(
                    webhook_id=webhook_id,
                    event_id=event_id,
                    topic=topic,
                    address=subscription["address"],
                    subscription_id=subscription["id"],
                    triggered_at=triggered_at,
                    copy=copy,
                )
                self.store.deliveries.append(record)
                records.append(record)
                if self.store.config.out_of_order:
                    self._hold(record, body)
                else:
                    self._spawn(self._deliver(record, body))
        return records

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _hold(self, record: DeliveryRecord, body: bytes) -> None:
        self.held.append((record, body))
        if len(self.held) == 1:
            self._spawn(self._flush_held())

    async def _flush_held(self) -> None:
        await asyncio.sleep(OUT_OF_ORDER_WINDOW_S)
        held, self.held = self.held, []
        # First attempts go out one by one, newest first, so the reversal is deterministic.
        for record, body in reversed(held):
            first_ok = await self._attempt(record, body)
            self._spawn(self._deliver(record, body, first_ok=first_ok))

    async def _deliver(
        self, record: DeliveryRecord, body: bytes, *, first_ok: bool | None = None
    ) -> None:
        """First attempt plus up to eight retries; drop the subscription if all fail."""
        for index, delay in enumerate((0.0, *RETRY_DELAYS_S)):
            if delay:
                await asyncio.sleep(delay * self.store.config.webhook_retry_scale)
            done = first_ok if index == 0 and first_ok is not None else None
            if done is None:
                done = await self._attempt(record, body)
            if done:
                record.state = "delivered"
                self._count_result(record.subscription_id, ok=True)
                return
            self._count_result(record.subscription_id, ok=False)
        record.state = "failed"
        # Subscriptions made through the Admin API are removed after the failed retry series.
        self.store.webhooks.pop(record.subscription_id, None)

    def _count_result(self, subscription_id: int, *, ok: bool) -> None:
        subscription = self.store.webhooks.get(subscription_id)
        if subscription is not None:
            failures = 0 if ok else subscription.get("_failures", 0) + 1
            subscription["_failures"] = failures

    async def _attempt(self, record: DeliveryRecord, body: bytes) -> bool:
        settings = self.store.settings
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": record.topic,
            "X-Shopify-Hmac-Sha256": sign(body, settings.webhook_secret),
            "X-Shopify-Shop-Domain": settings.shop_domain,
            "X-Shopify-API-Version": settings.api_version,
            "X-Shopify-Webhook-Id": record.webhook_id,
            "X-Shopify-Triggered-At": record.triggered_at,
            "X-Shopify-Event-Id": record.event_id,
        }
        record.attempts += 1
        try:
            response = await self.client.post(record.address, content=body, headers=headers)
        except httpx.TimeoutException:
            record.statuses.append("timeout")
            return False
        except httpx.HTTPError:
            record.statuses.append("error")
            return False
        record.statuses.append(response.status_code)
        return 200 <= response.status_code < 300

    async def close(self) -> None:
        """Cancel pending deliveries and close the HTTP client."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.held.clear()
        await self.client.aclose()

    async def cancel_all(self) -> None:
        """Stop every pending delivery (used by reset) but keep the client open."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.held.clear()
