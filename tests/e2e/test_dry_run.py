"""Dry run of a configured flow, through the public REST APIs only: real sample records from
the source, the tenant's mapping, look-ups in the target, the flow's own decisions — and
nothing written anywhere (simulators, runs, activity log).

The simulators are this module's own (a till and a shop no other test touches), so the
source's first records are exactly the ones seeded here."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.infra.ports import free_port
from scripts.system import RunningSystem
from scripts.system.processes import SIMULATORS, RunningProcess
from scripts.system.seed import (
    MPLUS_IDENT,
    MPLUS_SECRET,
    SHOP_ACCESS_TOKEN,
    SHOP_API_VERSION,
    SHOP_DOMAIN,
    SHOP_WEBHOOK_SECRET,
    json_or_raise,
    tenant_token,
)
from syncyard_sim_mplus.driver import MplusDriver
from syncyard_sim_shopify.driver import ShopifyDriver
from tests.e2e.journey import unique_sku, urls_of


@pytest.fixture(scope="module")
def own_simulators() -> Iterator[dict[str, str]]:
    """A fresh till and shop for this module only: sim name → base URL."""
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-dry-run-"))
    started: list[RunningProcess] = []
    try:
        for spec in SIMULATORS:
            if spec.name not in ("sim-mplus", "sim-shopify"):
                continue
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SYNCYARD_", "SIM_"))}
            env.update(spec.env)
            process = RunningProcess(spec, free_port(), env, run_dir / f"{spec.name}.log")
            started.append(process)
            process.launch()
        for process in started:
            process.wait_ready()
        yield {process.spec.name: process.url for process in started}
    finally:
        for process in started:
            process.terminate()


@dataclass
class Tenant:
    api: httpx.AsyncClient
    plain: httpx.AsyncClient
    gateway: str
    orchestrator: str
    mapper: str
    logger: str
    till: str
    shop: str
    integration_id: str = ""

    @property
    def till_sim(self) -> MplusDriver:
        return MplusDriver(self.till, client=self.plain)

    @property
    def shop_sim(self) -> ShopifyDriver:
        return ShopifyDriver(self.shop, access_token=SHOP_ACCESS_TOKEN, client=self.plain)

    async def post(self, url: str, body: Any) -> Any:
        return await json_or_raise(await self.api.post(url, json=body))

    async def dry_run(self, flow: str, **body: Any) -> httpx.Response:
        url = f"{self.orchestrator}/v1/integrations/{self.integration_id}/flows/{flow}/dry-run"
        return await self.api.post(url, json=body)

    async def configure(self, flow: str, direction: str, settings: dict[str, Any]) -> None:
        url = f"{self.orchestrator}/v1/integrations/{self.integration_id}/flows/{flow}"
        body = {"direction": direction, "is_active": False, "settings": settings}
        await json_or_raise(await self.api.put(url, json=body))

    async def written_state(self) -> dict[str, Any]:
        """Everything a write could change in either simulator, and every call they saw."""
        till_calls = await self.till_sim.requests()
        shop_calls = await self.shop_sim.requests()
        state: dict[str, Any] = {
            "till_writes": [call for call in till_calls if call["is_mutation"]],
            # GraphQL reads are POSTs too; every other non-GET would be a REST write.
            "shop_writes": [
                call
                for call in shop_calls
                if call["method"] != "GET" and not call["path"].endswith("/graphql.json")
            ],
        }
        till = self.till_sim
        for name, read in (("articles", till.articles), ("relations", till.relations),
                           ("orders", till.orders)):  # fmt: skip
            state[f"till_{name}"] = await read()
        for name in ("products", "orders", "customers"):
            state[f"shop_{name}"] = await self.shop_sim.records(name)
        return state


@pytest.fixture
async def tenant(system: RunningSystem, own_simulators: dict[str, str]) -> AsyncIterator[Tenant]:
    urls = urls_of(system)
    token = tenant_token(uuid.uuid4(), system.jwt_secret)
    async with (
        httpx.AsyncClient(timeout=60, headers={"Authorization": f"Bearer {token}"}) as api,
        httpx.AsyncClient(timeout=30) as plain,
    ):
        tenant = Tenant(
            api=api,
            plain=plain,
            gateway=urls.gateway,
            orchestrator=urls.orchestrator,
            mapper=urls.mapper,
            logger=urls.logger,
            till=own_simulators["sim-mplus"],
            shop=own_simulators["sim-shopify"],
        )
        till = await tenant.post(
            f"{urls.gateway}/v1/connections",
            {
                "name": "Till (dry run)",
                "connector": "mplus",
                "credentials": {
                    "base_url": tenant.till + "/",
                    "ident": MPLUS_IDENT,
                    "secret": MPLUS_SECRET,
                },
            },
        )
        shop = await tenant.post(
            f"{urls.gateway}/v1/connections",
            {
                "name": "Shop (dry run)",
                "connector": "shopify",
                "credentials": {
                    "shop_domain": SHOP_DOMAIN,
                    "access_token": SHOP_ACCESS_TOKEN,
                    "webhook_secret": SHOP_WEBHOOK_SECRET,
                    "api_version": SHOP_API_VERSION,
                    "base_url": tenant.shop,
                },
            },
        )
        integration = await tenant.post(
            f"{urls.orchestrator}/v1/integrations",
            {
                "name": "Till and shop",
                "source_connection_id": till["id"],
                "target_connection_id": shop["id"],
                "source_connector": "mplus",
                "target_connector": "shopify",
            },
        )
        tenant.integration_id = integration["id"]
        yield tenant


def by_sku(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(item["source"]["sku"]): item for item in body["records"]}


async def test_a_products_dry_run_shows_update_create_and_skip_and_writes_nothing(
    tenant: Tenant,
) -> None:
    changed, new, inactive = (str(unique_sku()) for _ in range(3))
    await tenant.till_sim.seed_articles(
        [
            {"articleNumber": int(changed), "description": "Vase blue", "priceIncl": 2450},
            {"articleNumber": int(new), "description": "Jug", "priceIncl": 1200},
            {
                "articleNumber": int(inactive),
                "description": "Old mug",
                "priceIncl": 500,
                "active": False,
            },
        ]
    )
    # The shop has the vase under another name and the same price.
    await tenant.shop_sim.seed_product(
        {"title": "Vase (old name)", "variants": [{"sku": changed, "price": "24.50"}]}
    )
    await tenant.configure("products", "source_to_target", {"update_fields": ["name", "price"]})
    # The tenant's own mapping (version 1): names go to the shop in capitals.
    mapping = await json_or_raise(
        await tenant.api.put(
            f"{tenant.mapper}/v1/integrations/{tenant.integration_id}/mappings/products",
            params={"source_connector": "mplus", "target_connector": "shopify"},
            json={"fields": {"name": "$uppercase($trim(name))"}},
        )
    )
    before = await tenant.written_state()

    response = await tenant.dry_run("products", limit=10)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mappings"] == [
        {"mapping_id": mapping["mapping_id"], "version": 1, "is_default": False}
    ]
    records = by_sku(body)
    assert set(records) == {changed, new, inactive}
    update = records[changed]
    assert update["decision"]["action"] == "update", update
    assert update["decision"]["fields"] == ["name"]
    assert update["mapped"]["name"] == "VASE BLUE"
    assert update["mapping_version"] == 1
    create = records[new]
    assert create["decision"]["action"] == "create", create
    assert create["mapped"]["name"] == "JUG"
    skip = records[inactive]
    assert skip["decision"]["action"] == "skip", skip
    assert "filter: only active products" in skip["decision"]["reason"]
    assert skip["mapped"] is None

    assert await tenant.written_state() == before
    await assert_nothing_ran(tenant)


async def test_an_orders_dry_run_fails_an_order_naming_the_missing_sku(tenant: Tenant) -> None:
    missing = str(unique_sku())
    order = await tenant.shop_sim.place_order(
        {
            "email": "dry.run@example.com",
            "line_items": [{"sku": missing, "title": "Ghost", "quantity": 1, "price": "9.95"}],
        }
    )
    await tenant.configure("orders", "target_to_source", {})
    before = await tenant.written_state()

    response = await tenant.dry_run("orders", limit=5)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mappings"][0]["is_default"] is True
    assert body["mappings"][0]["version"] == 0
    [tried] = [
        item
        for item in body["records"]
        if item["source"]["source_id"] == str(order.get("order", order)["id"])
    ]
    assert tried["direction"] == "target_to_source"
    assert tried["mapping_version"] == 0
    assert tried["decision"]["action"] == "fail", tried
    assert tried["decision"]["code"] == "products_missing"
    assert missing in tried["decision"]["reason"]
    # The SKU is checked before the debtor is written: a real run writes nothing either.
    assert tried["decision"]["fields"] == []

    assert await tenant.written_state() == before
    await assert_nothing_ran(tenant)


async def test_a_flow_not_configured_is_a_409_and_a_viewer_may_dry_run(
    tenant: Tenant, system: RunningSystem
) -> None:
    not_configured = await tenant.dry_run("stock")
    assert not_configured.status_code == 409, not_configured.text
    assert not_configured.json()["code"] == "flow_not_configured"
    stranger = tenant_token(uuid.uuid4(), system.jwt_secret)
    url = f"{tenant.orchestrator}/v1/integrations/{tenant.integration_id}/flows/stock/dry-run"
    foreign = await tenant.plain.post(url, headers={"Authorization": f"Bearer {stranger}"})
    assert foreign.status_code == 404


async def assert_nothing_ran(tenant: Tenant) -> None:
    """No run was started and nothing reached the activity log (no outbox row was relayed)."""
    runs = await tenant.api.get(
        f"{tenant.orchestrator}/v1/runs", params={"integration_id": tenant.integration_id}
    )
    assert runs.status_code == 200, runs.text
    assert runs.json()["items"] == []
    log = await tenant.api.get(f"{tenant.logger}/v1/integrations/{tenant.integration_id}/log")
    assert log.status_code == 200, log.text
    assert log.json()["items"] == []


async def test_an_orders_dry_run_fails_an_order_the_till_cannot_hold(tenant: Tenant) -> None:
    order = await tenant.shop_sim.place_order(
        {
            "email": "usd.dry.run@example.com",
            "currency": "USD",
            "line_items": [
                {"sku": str(unique_sku()), "title": "Dollar", "quantity": 1, "price": "9.95"}
            ],
        }
    )
    await tenant.configure("orders", "target_to_source", {})
    before = await tenant.written_state()

    response = await tenant.dry_run("orders", limit=20)

    assert response.status_code == 200, response.text
    [tried] = [
        item
        for item in response.json()["records"]
        if item["source"]["source_id"] == str(order.get("order", order)["id"])
    ]
    # As a real run: the gateway's check refuses it before any look-up or write.
    assert tried["decision"]["action"] == "fail", tried
    assert tried["decision"]["code"] == "currency_not_kept"
    assert "USD" in tried["decision"]["reason"]
    assert "EUR" in tried["decision"]["reason"]
    assert await tenant.written_state() == before
    await assert_nothing_ran(tenant)
