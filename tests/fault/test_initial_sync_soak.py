"""Soak: 1,000 products from the till into BigCommerce at the store's default quota (150
requests per 30 s), the orchestrator killed (SIGKILL) twice on the way. Admission keeps the
runs in flight to what the quota serves inside the stuck window (60 s in the test system), so
every product arrives exactly once, no run fails and no command is ever sent twice.

A new product costs the store 6 calls or more (find: product and variant SKU look-ups;
create: the same two again and the POST; the webhook's re-read), so at 150 calls per 30 s
this takes 25 minutes or more: marker ``soak``, its own pytest session (``pytest -m soak``);
the figures are logged (``-o log_cli=true``)."""

import asyncio
import logging
import re
import time
from collections import Counter
from typing import Any

import pytest

from scripts.system import RunningSystem
from tests.e2e.flows.conftest import new_pair
from tests.e2e.flows.pairs import Pair, PairFactory
from tests.e2e.flows.shops import BigCommerce
from tests.e2e.flows.test_initial_sync import progress, start
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually

__all__ = ["new_pair"]  # the e2e flows' pair fixture
_log = logging.getLogger(__name__)
PRODUCTS = 1000
SEED_BATCH = 250
# 6,000 to 9,000 calls at 5 a second, plus two restarts and a loaded machine.
TIMEOUT_S = 55 * 60

pytestmark = [pytest.mark.soak, pytest.mark.timeout(TIMEOUT_S + 300)]


async def seed_till(pair: Pair, skus: list[int], price: int) -> None:
    """The drill's products, named apart (the store refuses a second product of a name), all
    at the drill's own price."""
    articles = [
        {"articleNumber": sku, "productNumber": sku, "productDescription": f"Soak {sku}",
         "description": f"Soak {sku}", "priceIncl": price, "vatPercentage": 21, "active": True}
        for sku in skus
    ]  # fmt: skip
    for first in range(0, len(articles), SEED_BATCH):
        await pair.till.driver.seed_articles(articles[first : first + SEED_BATCH])


async def failures(pair: Pair) -> list[str]:
    failed = [run for run in await pair.tenant.runs("products") if run["state"] == "failed"]
    return [f"{run['entity_ref']}: {run['failure_reason']}" for run in failed]


async def kill_and_restart(system: RunningSystem) -> None:
    system.kill("orchestrator")
    await asyncio.sleep(1)
    system.restart("orchestrator")


async def test_a_thousand_products_into_bigcommerce_at_its_quota_with_two_crashes(
    system: RunningSystem, new_pair: PairFactory
) -> None:
    pair = await new_pair("bigcommerce")
    first = unique_sku()
    skus = [first + 10 * n for n in range(PRODUCTS)]
    # The till simulator is shared by the session: a filter on this drill's price makes every
    # other product a quick skip, so only ours are written.
    price = 100_000 + first % 800_000
    await seed_till(pair, skus, price)
    only_ours = {"filter": {"conditions": [{"field": "price.amount", "equals": str(price)}]}}
    await pair.tenant.activate("products", source="mplus", settings=only_ours)
    assert isinstance(pair.shop, BigCommerce)
    shop = pair.shop.driver
    quota = await shop.config()
    calls_before = len(await shop.requests())

    started = await start(pair, "products")
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    began = time.monotonic()
    seen: list[dict[str, Any]] = []

    async def done_at_least(share: float) -> dict[str, Any] | None:
        report = await progress(pair, job_id)
        seen.append(report)
        assert report["failed"] == 0, (report, await failures(pair))
        assert report["commands_resent"] == 0, report
        finished = report["state"] in ("done", "failed")
        return report if finished or report["done"] >= share * PRODUCTS else None

    await eventually(lambda: done_at_least(1 / 3), timeout=TIMEOUT_S / 2, interval=2)
    await kill_and_restart(system)
    await eventually(lambda: done_at_least(2 / 3), timeout=TIMEOUT_S / 2, interval=2)
    await kill_and_restart(system)
    report = await eventually(lambda: done_at_least(2.0), timeout=TIMEOUT_S, interval=2)
    elapsed = time.monotonic() - began

    assert report["state"] == "done", report
    assert (report["total"], report["done"], report["failed"]) == (PRODUCTS, PRODUCTS, 0)
    assert report["commands_resent"] == 0, report  # nothing waited long enough to be re-sent
    held: dict[str, int] = {}
    for product in await pair.shop.products():
        held[product["sku"]] = held.get(product["sku"], 0) + 1
    assert [sku for sku in skus if held.get(str(sku)) != 1] == []
    requests = (await shop.requests())[calls_before:]
    throttled = sum(1 for r in requests if r["status"] == 429)
    endpoints = Counter(
        f"{r['method']} {re.sub(r'/[0-9]+', '/{id}', r['path'].split('/v3/')[-1])}"
        f"{'?' + r['query'].split('=')[0] if r['query'] else ''}"
        for r in requests
    )
    _log.warning(  # the figures: pytest -m soak -o log_cli=true
        f"{PRODUCTS} products in {elapsed:.0f} s; quota {quota}; {len(requests)} calls to the "
        f"store ({len(requests) / PRODUCTS:.2f} per product, {len(requests) / elapsed:.2f}/s, "
        f"{throttled} answered 429); most in flight {max(r['in_flight'] for r in seen)}, "
        f"limit at the end {report['admission_limit']}; {endpoints.most_common()}"
    )
