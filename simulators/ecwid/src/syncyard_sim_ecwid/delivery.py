"""Outgoing webhooks: Ecwid's signature, its retry schedule, duplicate and out-of-order modes.

Ecwid POSTs every event to the app's single URL with `?eventtype=`; only `200 OK` counts as
delivered (3xx and other 2xx fail). A failed event is re-sent every 15 minutes four times,
then hourly until 24 hours have passed (external-apis.md 4.6); `webhook_retry_scale`
compresses that schedule for tests.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

import httpx

from syncyard_sim_ecwid.store import DeliveryRecord, Json, Store

QUICK_RETRIES = 4
QUICK_DELAY_S = 15 * 60.0
HOURLY_DELAY_S = 3600.0
TIMEOUT = httpx.Timeout(10.0, connect=3.0)
# In out_of_order mode events are held this long, then sent newest first.
OUT_OF_ORDER_WINDOW_S = 0.2


def sign(event_created: int, event_id: str, client_secret: str) -> str:
    """`X-Ecwid-Webhook-Signature`: base64(HMAC-SHA256(client_secret, "{created}.{id}"))."""
    message = f"{event_created}.{event_id}".encode()
    digest = hmac.new(client_secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def retry_delays(max_age_hours: float) -> list[float]:
    """Seconds to wait before each retry: 15 min x4, then hourly while within `max_age`."""
    delays = [QUICK_DELAY_S] * QUICK_RETRIES
    elapsed = QUICK_DELAY_S * QUICK_RETRIES
    while elapsed + HOURLY_DELAY_S <= max_age_hours * 3600.0:
        delays.append(HOURLY_DELAY_S)
        elapsed += HOURLY_DELAY_S
    return delays


def event_body(store: Store, event_type: str, entity_id: int, data: Json | None) -> Json:
    """`{eventId, eventCreated, storeId, entityId, eventType[, data]}`."""
    body: Json = {
        "eventId": store.new_event_id(),
        "eventCreated": store.now(),
        "storeId": store.settings.store_id,
        "entityId": entity_id,
        "eventType": event_type,
    }
    if data is not None:
        body["data"] = data
    return body


@dataclass
class Deliverer:
    """Sends events in background tasks and logs every attempt."""

    store: Store
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=TIMEOUT))
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    held: list[tuple[DeliveryRecord, bytes]] = field(default_factory=list)

    def fire(self, event_type: str, entity_id: int, data: Json | None = None) -> None:
        """Queue the event for the app URL if the app registered for its type."""
        config = self.store.config
        if not config.webhook_url or event_type not in config.webhook_events:
            return
        payload = event_body(self.store, event_type, entity_id, data)
        body = json.dumps(payload, separators=(",", ":")).encode()
        for copy in range(1, max(1, config.duplicate_deliveries) + 1):
            record = DeliveryRecord(
                event_id=payload["eventId"],
                event_type=event_type,
                entity_id=entity_id,
                url=config.webhook_url,
                event_created=payload["eventCreated"],
                copy=copy,
            )
            self.store.deliveries.append(record)
            if config.out_of_order:
                self._hold(record, body)
            else:
                self._spawn(self._deliver(record, body))

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
        """First attempt, then the retry schedule; the event is dropped after the last one."""
        delays = retry_delays(self.store.config.webhook_max_age_hours)
        for index, delay in enumerate((0.0, *delays)):
            if delay:
                await asyncio.sleep(delay * self.store.config.webhook_retry_scale)
            done = first_ok if index == 0 and first_ok is not None else None
            if done is None:
                done = await self._attempt(record, body)
            if done:
                record.state = "delivered"
                return
        record.state = "dropped"

    async def _attempt(self, record: DeliveryRecord, body: bytes) -> bool:
        secret = self.store.settings.client_secret
        headers = {
            "Content-Type": "application/json; charset=UTF-8",
            "X-Ecwid-Webhook-Signature": sign(record.event_created, record.event_id, secret),
        }
        record.attempts += 1
        try:
            response = await self.client.post(
                record.url, params={"eventtype": record.event_type}, content=body, headers=headers
            )
        except httpx.TimeoutException:
            record.statuses.append("timeout")
            return False
        except httpx.HTTPError:
            record.statuses.append("error")
            return False
        record.statuses.append(response.status_code)
        return response.status_code == 200

    async def cancel_all(self) -> None:
        """Stop every pending delivery (used by reset) but keep the client open."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.held.clear()

    async def close(self) -> None:
        """Cancel pending deliveries and close the HTTP client."""
        await self.cancel_all()
        await self.client.aclose()
