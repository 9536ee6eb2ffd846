"""Audience webhooks going out: URL validation by GET, form-encoded POSTs, retries, 410."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from syncyard_sim_mailchimp.store import Json, Store

# Mailchimp retries failed deliveries at growing intervals for 75 minutes (4500 s in total).
RETRY_DELAYS_S = (60.0, 120.0, 300.0, 600.0, 900.0, 1200.0, 1320.0)
EVENTS = ("subscribe", "unsubscribe", "profile", "upemail", "cleaned", "campaign")


def form_body(event_type: str, fired_at: str, data: list[tuple[str, str]]) -> str:
    """`type=…&fired_at=…&data[id]=…`: the form encoding Mailchimp posts."""
    pairs = [("type", event_type), ("fired_at", fired_at)]
    pairs += [(f"data[{name}]", value) for name, value in data]
    return urlencode(pairs)


@dataclass
class Deliverer:
    """Sends each event to the matching webhooks in background tasks; logs every attempt."""

    store: Store
    client: httpx.AsyncClient = field(default_factory=httpx.AsyncClient)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def validate(self, url: str) -> bool:
        """Mailchimp's check on create: a GET to the URL must answer 200."""
        try:
            response = await self.client.get(url, timeout=self.store.config.webhook_timeout_s)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def fire(
        self, list_id: str, event_type: str, data: list[tuple[str, str]], *, source: str
    ) -> list[Json]:
        """Queue one delivery per enabled webhook of `list_id` that wants this event/source."""
        fired_at = self.store.now().strftime("%Y-%m-%d %H:%M:%S")
        records = []
        for webhook in list(self.store.webhooks.values()):
            if webhook["list_id"] != list_id or webhook.get("_disabled"):
                continue
            if not webhook["events"].get(event_type) or not webhook["sources"].get(source):
                continue
            body = form_body(event_type, fired_at, data)
            record: Json = {
                "id": self.store.new_id(12),
                "webhook_id": webhook["id"],
                "type": event_type,
                "source": source,
                "url": webhook["url"],
                "body": body,
                "attempts": 0,
                "statuses": [],
                "state": "pending",
            }
            self.store.deliveries.append(record)
            records.append(record)
            self._spawn(self._deliver(record))
        return records

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _deliver(self, record: Json) -> None:
        """First attempt plus the retry series; 410 disables the webhook at once."""
        for delay in (0.0, *RETRY_DELAYS_S):
            if delay:
                await asyncio.sleep(delay * self.store.config.webhook_retry_scale)
            status = await self._attempt(record)
            if status == 410:
                record["state"] = "disabled"
                webhook = self.store.webhooks.get(record["webhook_id"])
                if webhook is not None:
                    webhook["_disabled"] = True
                return
            if isinstance(status, int) and 200 <= status < 300:
                record["state"] = "delivered"
                return
        record["state"] = "failed"

    async def _attempt(self, record: Json) -> int | str:
        record["attempts"] += 1
        try:
            response = await self.client.post(
                record["url"],
                content=record["body"].encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=self.store.config.webhook_timeout_s,
            )
        except httpx.TimeoutException:
            status: int | str = "timeout"
        except httpx.HTTPError:
            status = "error"
        else:
            status = response.status_code
        record["statuses"].append(status)
        return status

    async def cancel_all(self) -> None:
        """Stop every pending delivery (reset) but keep the client open."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def close(self) -> None:
        await self.cancel_all()
        await self.client.aclose()
