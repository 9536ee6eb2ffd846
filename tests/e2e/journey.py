"""What a shop, a till and a dashboard do in the end-to-end tests, through public APIs only."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx

from scripts.system import RunningSystem
from scripts.system.seed import (
    SHOP_ACCESS_TOKEN,
    SHOP_API_VERSION,
    SHOP_DOMAIN,
    SHOP_WEBHOOK_SECRET,
    SeededIntegration,
    Urls,
    seed_integration,
)
from syncyard_common.egress.trust import trust_store
from syncyard_sim_mplus.driver import MplusDriver
from syncyard_sim_shopify.driver import ShopifyDriver, webhook_headers
from tests.fixtures.barrier import settled
from tests.fixtures.eventually import eventually

TERMINAL = {"done", "skipped", "failed"}


def urls_of(system: RunningSystem) -> Urls:
    return Urls(
        gateway=system.url("gateway"),
        orchestrator=system.url("orchestrator"),
        mapper=system.url("mapper"),
        logger=system.url("logger"),
        notifier=system.url("notifier"),
        sim_mplus=system.url("sim-mplus"),
        sim_shopify=system.url("sim-shopify"),
    )


def unique_sku() -> int:
    """Numeric article numbers that no other test uses."""
    return 100_000 + uuid.uuid4().int % 800_000_000


class Journey:
    """One tenant's integration plus the two simulators, as seen from the outside."""

    def __init__(self, system: RunningSystem, seeded: SeededIntegration) -> None:
        self.system = system
        self.urls = urls_of(system)
        self.seeded = seeded
        self.api = httpx.AsyncClient(timeout=30, headers=seeded.headers, verify=trust_store())
        self.plain = httpx.AsyncClient(timeout=30, verify=trust_store())
        self.shop = ShopifyDriver(
            self.urls.sim_shopify,
            access_token=SHOP_ACCESS_TOKEN,
            api_version=SHOP_API_VERSION,
            client=self.plain,
        )
        self.till = MplusDriver(self.urls.sim_mplus, client=self.plain)

    @classmethod
    def for_token(cls, system: RunningSystem, *, tenant_id: uuid.UUID, token: str) -> Journey:
        """A tenant set up elsewhere (the demo): only its token is known, not its ids."""
        seeded = SeededIntegration(
            tenant_id=tenant_id,
            token=token,
            shopify_connection_id="",
            mplus_connection_id="",
            integration_id="",
            webhook_url="",
        )
        return cls(system, seeded)

    async def close(self) -> None:
        await self.api.aclose()
        await self.plain.aclose()

    # --- the till (MplusKASSA simulator) -------------------------------------------------
    async def seed_articles(self, *articles: dict[str, Any]) -> None:
        await self.till.seed_articles(list(articles))

    async def seed_employees(self, *numbers: int) -> None:
        employees = [{"employeeNumber": n, "name": f"Employee {n}"} for n in numbers]
        await self.till.seed_employees(employees)

    async def seed_till_orders(self, *orders: dict[str, Any]) -> None:
        await self.till.place_orders(list(orders))

    async def seed_relations(self, *relations: dict[str, Any]) -> None:
        await self.till.seed_relations(list(relations))

    async def till_orders(self, shop_order_id: int | str) -> list[dict[str, Any]]:
        reference = f"shopify:{shop_order_id}"
        return [o for o in await self.till.orders() if o["extOrderId"] == reference]

    async def till_relations(self, email: str) -> list[dict[str, Any]]:
        return [
            r
            for r in await self.till.relations()
            if (r.get("email") or "").lower() == email.lower()
        ]

    # --- the shop (Shopify simulator) ----------------------------------------------------
    async def shop_order(self, **order: Any) -> dict[str, Any]:
        """Create an order in the shop; the shop delivers the signed orders/create webhook."""
        body = await self.shop.place_order(order)
        return dict(body.get("order", body))

    async def shop_config(self, **config: Any) -> None:
        await self.shop.configure(**config)

    async def get_shop_order(self, order_id: int) -> dict[str, Any]:
        return await self.shop.order(str(order_id))

    async def post_webhook(
        self,
        body: bytes,
        *,
        secret: str = SHOP_WEBHOOK_SECRET,
        topic: str = "orders/create",
        webhook_id: str | None = None,
        event_id: str | None = None,
        signature: str | None = None,
        connection_id: str | None = None,
    ) -> httpx.Response:
        """Deliver a webhook exactly as Shopify does (headers and HMAC of the raw body)."""
        headers = webhook_headers(
            body,
            topic,
            secret=secret,
            shop_domain=SHOP_DOMAIN,
            api_version=SHOP_API_VERSION,
            webhook_id=webhook_id,
            event_id=event_id,
            signature=signature,
            triggered_at=datetime.now(UTC).isoformat(),  # within the replay window
        )
        target = connection_id or self.seeded.shopify_connection_id
        return await self.plain.post(
            f"{self.urls.gateway}/v1/webhooks/{target}", content=body, headers=headers
        )

    # --- the dashboard -------------------------------------------------------------------
    async def runs(self) -> list[dict[str, Any]]:
        params: dict[str, str | int] = {"limit": 200}
        if self.seeded.integration_id:
            params["integration_id"] = self.seeded.integration_id
        response = await self.api.get(f"{self.urls.orchestrator}/v1/runs", params=params)
        response.raise_for_status()
        return list(response.json()["items"])

    async def runs_for(self, shop_order_id: int | str) -> list[dict[str, Any]]:
        return [r for r in await self.runs() if r["source_entity_id"] == str(shop_order_id)]

    async def finished_run(self, shop_order_id: int | str, timeout: float = 60) -> dict[str, Any]:
        async def finished() -> dict[str, Any] | None:
            runs = [r for r in await self.runs_for(shop_order_id) if r["state"] in TERMINAL]
            return runs[0] if runs else None

        return dict(await eventually(finished, timeout=timeout))

    async def run_log(self, run_id: str) -> list[dict[str, Any]]:
        """The run's whole log: the logger writes after the run ends, so wait until the system
        has worked off every message, its audit entries included."""
        await settled(self.system)
        response = await self.api.get(f"{self.urls.logger}/v1/runs/{run_id}/log")
        response.raise_for_status()
        return list(response.json()["entries"])


def order_json(order: dict[str, Any]) -> bytes:
    return json.dumps(order).encode()


def line(sku: int | str, quantity: int, price: str, title: str = "Article") -> dict[str, Any]:
    return {"sku": str(sku), "title": title, "quantity": quantity, "price": price}


def address(**overrides: Any) -> dict[str, Any]:
    base = {
        "first_name": "Jan",
        "last_name": "Jansen",
        "address1": "Keizersgracht 123a",
        "zip": "1015 CJ",
        "city": "Amsterdam",
        "country_code": "NL",
        "country": "Netherlands",
    }
    return {**base, **overrides}


JourneyFactory = Callable[..., Awaitable[Journey]]


@asynccontextmanager
async def journeys(system: RunningSystem) -> AsyncIterator[JourneyFactory]:
    """Make fresh tenants with their own integration; unsubscribe their webhooks afterwards."""
    made: list[tuple[Journey, int | None]] = []
    urls = urls_of(system)

    async def make(**kwargs: Any) -> Journey:
        seeded = await seed_integration(urls, jwt_secret=system.jwt_secret, **kwargs)
        journey = Journey(system, seeded)
        # The till knows the flow's default employee (999999), as a merchant's till would.
        await journey.seed_employees(999999)
        webhooks = await journey.shop.webhooks()
        mine = [w["id"] for w in webhooks if w["address"] == seeded.webhook_url]
        made.append((journey, mine[0] if mine else None))
        return journey

    try:
        yield make
    finally:
        for journey, subscription in made:
            if subscription is not None:
                await journey.shop.unsubscribe(str(subscription))
            await journey.close()
