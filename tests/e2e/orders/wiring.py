"""A tenant's shop ↔ MplusKASSA order integration, set up through the public REST APIs only.

The integration's source is the shop and its target the till, so ``source_to_target`` is
shop → till, ``target_to_source`` till → shop and ``both`` each side's new orders to the other.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx

from scripts.system import RunningSystem, seed
from syncyard_common.egress.trust import trust_store
from tests.e2e.orders.shops import SHOPS, Shop
from tests.e2e.orders.till import Till
from tests.fixtures.barrier import settled
from tests.fixtures.eventually import eventually

TERMINAL = {"done", "skipped", "failed"}


class OrderPair:
    """One tenant: a shop connection, a till connection and their integration."""

    def __init__(self, system: RunningSystem, shop: Shop, till: Till, token: str) -> None:
        self.system = system
        self.shop = shop
        self.till = till
        self.api = httpx.AsyncClient(
            timeout=30, headers={"Authorization": f"Bearer {token}"}, verify=trust_store()
        )
        self.gateway = system.url("gateway")
        self.orchestrator = system.url("orchestrator")
        self.shop_connection_id = ""
        self.till_connection_id = ""
        self.integration_id = ""
        self.webhook_url = ""
        self.polled: list[str] = []

    async def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        return await seed.json_or_raise(await self.api.request(method, url, **kwargs))

    async def connect(self, *, statuses: bool = False) -> None:
        """Both connections and the integration; webhooks or polling of the shop as it has."""
        shop = await self._json(
            "POST",
            f"{self.gateway}/v1/connections",
            json={"name": f"{self.shop.vendor} shop", "connector": self.shop.vendor,
                  "credentials": self.shop.credentials()},
        )  # fmt: skip
        till = await self._json(
            "POST",
            f"{self.gateway}/v1/connections",
            json={"name": "Till", "connector": "mplus", "credentials": self.till.credentials()},
        )
        self.shop_connection_id, self.till_connection_id = shop["id"], till["id"]
        self.webhook_url = f"{self.gateway}/v1/webhooks/{shop['id']}"
        integration = await self._json(
            "POST",
            f"{self.orchestrator}/v1/integrations",
            json={"name": f"{self.shop.vendor} orders", "source_connection_id": shop["id"],
                  "target_connection_id": till["id"], "source_connector": self.shop.vendor,
                  "target_connector": "mplus"},
        )  # fmt: skip
        self.integration_id = integration["id"]
        if not self.shop.polled:
            await self.shop.subscribe(self.webhook_url, statuses=statuses)

    async def configure(
        self, direction: str, settings: dict[str, Any] | None = None, *, active: bool = True
    ) -> httpx.Response:
        """PUT the order flow; the answer is returned as it is (refusals are tested too)."""
        return await self.api.put(
            f"{self.orchestrator}/v1/integrations/{self.integration_id}/flows/orders",
            json={"direction": direction, "is_active": active, "settings": settings or {}},
        )

    async def start(self, direction: str, settings: dict[str, Any] | None = None) -> None:
        """Configure the flow, then poll what must be polled and wait until its feeds stand."""
        response = await self.configure(direction, settings)
        assert response.status_code == 200, response.text
        polled = []
        if direction != "source_to_target" or _status_back(settings):
            polled.append(self.till_connection_id)
        if self.shop.polled and (direction != "target_to_source" or _status_back(settings)):
            polled.append(self.shop_connection_id)
        for connection_id in polled:
            await self._json(
                "PUT",
                f"{self.gateway}/v1/connections/{connection_id}/polling",
                json={"enabled": True, "interval_seconds": None},  # the system's default
            )
        for connection_id in polled:
            await eventually(partial(self._feed_started, connection_id), timeout=30)
        self.polled = polled

    async def read_back(self) -> None:
        """Barrier: each polled orders feed has run a whole poll that began after this call
        (so it saw every order written before it), and the system has worked off what those
        polls and the webhooks brought in."""
        for connection_id in self.polled:
            started = await self._last_polled(connection_id)
            ended_once = await eventually(
                partial(self._polled_after, connection_id, started), timeout=30
            )
            await eventually(partial(self._polled_after, connection_id, ended_once), timeout=30)
        await settled(self.system)

    async def _last_polled(self, connection_id: str) -> datetime:
        polling = await self._json("GET", f"{self.gateway}/v1/connections/{connection_id}/polling")
        feeds = {f["entity"]: f for f in polling["entities"]}
        last = feeds["orders"]["last_polled_at"]
        return datetime.fromisoformat(last) if last else datetime.min.replace(tzinfo=UTC)

    async def _polled_after(self, connection_id: str, moment: datetime) -> datetime | None:
        """The feed's last poll time once it is later than ``moment``."""
        last = await self._last_polled(connection_id)
        return last if last > moment else None

    async def _feed_started(self, connection_id: str) -> bool:
        polling = await self._json("GET", f"{self.gateway}/v1/connections/{connection_id}/polling")
        feeds = {f["entity"]: f for f in polling["entities"]}
        return bool(feeds.get("orders", {}).get("updated_at"))

    async def close(self) -> None:
        """Stop everything this tenant set up so later tests' orders do not reach it."""
        if not self.shop.polled and self.webhook_url:
            await self.shop.unsubscribe(self.webhook_url)
        if self.integration_id:
            await self.api.delete(f"{self.orchestrator}/v1/integrations/{self.integration_id}")
        for connection_id in (self.shop_connection_id, self.till_connection_id):
            if connection_id:
                await self.api.delete(f"{self.gateway}/v1/connections/{connection_id}")
        await self.api.aclose()

    # --- the dashboard ----------------------------------------------------------------------
    async def runs(self) -> list[dict[str, Any]]:
        params: dict[str, str | int] = {"limit": 200, "integration_id": self.integration_id}
        answer = await self._json("GET", f"{self.orchestrator}/v1/runs", params=params)
        return list(answer["items"])

    async def runs_for(self, entity_id: str, flow: str = "orders") -> list[dict[str, Any]]:
        runs = await self.runs()
        return [r for r in runs if r["source_entity_id"] == entity_id and r["flow"] == flow]

    async def finished_run(
        self, entity_id: str, *, flow: str = "orders", timeout: float = 45
    ) -> dict[str, Any]:
        async def finished() -> dict[str, Any] | None:
            runs = [r for r in await self.runs_for(entity_id, flow) if r["state"] in TERMINAL]
            return runs[0] if runs else None

        return dict(await self.until(finished, timeout=timeout))

    async def settled_runs(self, flow: str = "orders") -> list[dict[str, Any]]:
        """The flow's runs once every one of them has ended."""

        async def ended() -> list[dict[str, Any]] | None:
            runs = [r for r in await self.runs() if r["flow"] == flow]
            return runs if runs and all(r["state"] in TERMINAL for r in runs) else None

        return list(await self.until(ended))

    async def until(self, predicate: Callable[[], Any], timeout: float = 45) -> Any:
        """``eventually``, failing with what the integration's runs say."""
        try:
            return await eventually(predicate, timeout=timeout)
        except AssertionError:
            runs = [
                (r["flow"], r["source_entity_id"], r["state"], r["failure_reason"])
                for r in await self.runs()
            ]
            stuck = [r["id"] for r in await self.runs() if r["state"] not in TERMINAL]
            logs = [
                (e["step"], e["outcome"], e["message"])
                for run_id in stuck
                for e in await self._log_now(run_id)
            ]
            raise AssertionError(
                f"not within {timeout}s; the integration's runs: {runs}; unfinished: {logs}"
            ) from None

    async def run_log(self, run_id: str) -> list[dict[str, Any]]:
        """The run's whole log, once the system has worked off every message (the logger
        writes after the run ends)."""
        await settled(self.system)
        return await self._log_now(run_id)

    async def _log_now(self, run_id: str) -> list[dict[str, Any]]:
        answer = await self._json("GET", f"{self.system.url('logger')}/v1/runs/{run_id}/log")
        return list(answer["entries"])


def _status_back(settings: dict[str, Any] | None) -> bool:
    return bool(settings and settings.get("sync_status_back"))


PairFactory = Callable[..., Awaitable[OrderPair]]


@asynccontextmanager
async def order_pairs(system: RunningSystem) -> AsyncIterator[PairFactory]:
    """Make fresh tenants with a shop ↔ till integration; tear their wiring down afterwards."""
    made: list[OrderPair] = []
    async with AsyncExitStack() as clients:

        async def control(url: str) -> httpx.AsyncClient:
            # The harnesses call their simulator with paths relative to its URL.
            return await clients.enter_async_context(
                httpx.AsyncClient(base_url=url, timeout=30, verify=trust_store())
            )

        async def make(vendor: str, *, statuses: bool = False) -> OrderPair:
            shop_url, till_url = system.url(f"sim-{vendor}"), system.url("sim-mplus")
            shop = SHOPS[vendor](shop_url, await control(shop_url))
            till = Till(till_url, await control(till_url))
            # The till knows the flow's default employee (999999), as a merchant's till would.
            await till.add_employee(999999)
            token = seed.tenant_token(uuid.uuid4(), system.jwt_secret)
            pair = OrderPair(system, shop, till, token)
            made.append(pair)
            await pair.connect(statuses=statuses)
            return pair

        try:
            yield make
        finally:
            for pair in made:
                await pair.close()
