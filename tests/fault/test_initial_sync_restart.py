"""An initial sync survives a crash: the orchestrator is killed (SIGKILL) while the sync reads
and writes, restarted, and the sync ends done with every product in the shop exactly once."""

import asyncio
from typing import Any

from scripts.system import RunningSystem
from tests.e2e.flows.conftest import new_pair
from tests.e2e.flows.pairs import PairFactory
from tests.e2e.flows.shops import Shopify
from tests.e2e.flows.test_initial_sync import progress, start, until_done
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually

__all__ = ["new_pair"]  # the e2e flows' pair fixture
PRODUCTS = 40


async def test_a_killed_orchestrator_resumes_the_initial_sync_where_it_stopped(
    system: RunningSystem, new_pair: PairFactory
) -> None:
    pair = await new_pair("shopify")
    first = unique_sku()
    skus = [first + 10 * n for n in range(PRODUCTS)]
    # The till simulator is shared by the whole session: a filter on this drill's product
    # name makes every other product a quick skip, so only ours are written.
    name = f"Crash drill {first}"
    for n, sku in enumerate(skus):
        await pair.till.add_product(sku, name, 700 + n)
    only_ours = {"filter": {"conditions": [{"field": "name", "equals": name}]}}
    await pair.tenant.activate("products", source="mplus", settings=only_ours)
    # A slow shop keeps the sync going long enough to kill the orchestrator inside it.
    assert isinstance(pair.shop, Shopify)
    shop = pair.shop.driver
    await shop.configure(latency_ms=150)
    try:
        started = await start(pair, "products")
        assert started.status_code == 202, started.text
        job_id = started.json()["id"]

        async def partly_done() -> dict[str, Any] | None:
            report = await progress(pair, job_id)
            return report if 3 <= report["done"] < PRODUCTS else None

        await eventually(partly_done, timeout=90, interval=0.2)
        system.kill("orchestrator")
        await asyncio.sleep(1)
        system.restart("orchestrator")
        report = await until_done(pair, job_id, [])
    finally:
        await shop.configure(latency_ms=0)
    assert report["state"] == "done", report
    assert report["failed"] == 0, report
    for sku in skus:
        assert len(await pair.shop.holding(str(sku))) == 1, sku
