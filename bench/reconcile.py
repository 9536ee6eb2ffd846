"""Reconciling 10,000 orders of one Shopify → MplusKASSA integration: how long the report takes
(goal: under 60 s), the remote calls it spent, and that time as a ratio of the floor the
shop's read budget sets (Standard plan: a bucket of 40 REST calls, then 2 per second).

    .venv/bin/python -m bench.reconcile --orders 10000

Starts its own PostgreSQL, RabbitMQ, the two simulators, the gateway and the orchestrator in a
temp dir; seeds both simulators directly through their admin endpoints (the shop's orders, and
the till's copies with our external reference), leaving a few out and adding a few foreign
ones so the report has something to find. The order flow stays off: nothing is synced.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from scripts.infra import start_postgres, start_rabbitmq, stop_postgres, stop_rabbitmq
from scripts.system import start_system
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

ARTICLE = 4_200_001
TILL_BATCH = 500
SHOP_CONCURRENCY = 8
DELETED_EVERY = 1000  # every 1000th shop order is left out of the till: "missing"
FOREIGN = 5  # till orders claiming shop orders the shop never had: "extra"
REST_PAGE = 250  # Shopify's largest REST page
BUCKET, LEAK = 40, 2.0  # the simulator's Standard plan (simulators/shopify plans.py)


@dataclass(frozen=True)
class Figures:
    orders: int
    seconds: float
    report: dict[str, Any]
    shop_calls: int
    till_calls: int


async def seed(client: httpx.AsyncClient, urls: dict[str, str], orders: int) -> list[int]:
    """The shop's orders (each one line of one article) and the till's copies of most."""
    shop, till = simulators(client, urls)
    await till.seed_articles(
        [{"articleNumber": ARTICLE, "description": "Bench tea", "priceIncl": 450}]
    )
    gate = asyncio.Semaphore(SHOP_CONCURRENCY)

    async def shop_order(n: int) -> int:
        async with gate:
            body = {
                "email": f"bench.{n}@example.nl",
                "line_items": [{"sku": str(ARTICLE), "quantity": 1, "price": "4.50",
                                "title": "Bench tea"}],
            }  # fmt: skip
            made = await shop.place_order(body)
            return int(made.get("order", made)["id"])

    ids = list(await asyncio.gather(*(shop_order(n) for n in range(orders))))
    copies = [
        {
            "extOrderId": f"shopify:{order_id}",
            "employeeNumber": 1,
            "lines": [{"articleNumber": ARTICLE, "quantity": 1, "price": 450}],
        }
        for n, order_id in enumerate(ids)
        if (n + 1) % DELETED_EVERY
    ]
    copies += [
        {
            "extOrderId": f"shopify:{9_000_000_000 + n}",
            "employeeNumber": 1,
            "lines": [{"articleNumber": ARTICLE, "quantity": 1, "price": 450}],
        }
        for n in range(FOREIGN)
    ]
    for start in range(0, len(copies), TILL_BATCH):
        await till.place_orders(copies[start : start + TILL_BATCH])
    return ids


async def set_up(client: httpx.AsyncClient, urls: dict[str, str]) -> str:
    """Shop and till connections and an integration whose order flow is configured, off."""
    gateway, orchestrator = urls["gateway"], urls["orchestrator"]
    shop = await json_or_raise(
        await client.post(
            f"{gateway}/v1/connections",
            json={"name": "Bench Shopify store", "connector": "shopify", "credentials": {
                "shop_domain": SHOP_DOMAIN, "access_token": SHOP_ACCESS_TOKEN,
                "webhook_secret": SHOP_WEBHOOK_SECRET, "api_version": SHOP_API_VERSION,
                "base_url": urls["sim-shopify"],
            }},
        )
    )  # fmt: skip
    till = await json_or_raise(
        await client.post(
            f"{gateway}/v1/connections",
            json={"name": "Bench MplusKASSA till", "connector": "mplus", "credentials": {
                "base_url": urls["sim-mplus"] + "/", "ident": MPLUS_IDENT,
                "secret": MPLUS_SECRET,
            }},
        )
    )  # fmt: skip
    integration = await json_or_raise(
        await client.post(
            f"{orchestrator}/v1/integrations",
            json={"name": "Shopify orders to MplusKASSA", "source_connection_id": shop["id"],
                  "target_connection_id": till["id"], "source_connector": "shopify",
                  "target_connector": "mplus"},
        )
    )  # fmt: skip
    await json_or_raise(
        await client.put(
            f"{orchestrator}/v1/integrations/{integration['id']}/flows/orders",
            json={"direction": "source_to_target", "is_active": False, "settings": {}},
        )
    )
    return str(integration["id"])


async def calls(client: httpx.AsyncClient, urls: dict[str, str]) -> tuple[int, int]:
    """(Shopify REST calls, MplusKASSA SOAP calls) so far."""
    shop, till = simulators(client, urls)
    return int((await shop.request_summary())["rest"]), len(await till.requests())


def simulators(
    client: httpx.AsyncClient, urls: dict[str, str]
) -> tuple[ShopifyDriver, MplusDriver]:
    """The shop and till simulators, driven through ``client``."""
    shop = ShopifyDriver(urls["sim-shopify"], access_token=SHOP_ACCESS_TOKEN, client=client)
    return shop, MplusDriver(urls["sim-mplus"], client=client)


async def run_benchmark(urls: dict[str, str], jwt_secret: str, orders: int) -> Figures:
    headers = {"Authorization": f"Bearer {tenant_token(uuid.uuid4(), jwt_secret)}"}
    async with httpx.AsyncClient(timeout=120, headers=headers) as client:
        started = datetime.now(UTC) - timedelta(minutes=1)
        await seed(client, urls, orders)
        integration_id = await set_up(client, urls)
        shop_before, till_before = await calls(client, urls)
        period = {"from": started.isoformat(), "to": (datetime.now(UTC) + timedelta(minutes=1))
                  .isoformat()}  # fmt: skip
        clock = time.perf_counter()
        asked = await json_or_raise(
            await client.post(
                f"{urls['orchestrator']}/v1/integrations/{integration_id}/reconciliations",
                json={"flow": "orders", **period},
            )
        )
        url = f"{urls['orchestrator']}/v1/reconciliations/{asked['id']}"
        while True:
            report = await json_or_raise(await client.get(url, params={"limit": 20}))
            if report["state"] in ("done", "failed"):
                break
            await asyncio.sleep(0.2)
        seconds = time.perf_counter() - clock
        shop_after, till_after = await calls(client, urls)
    return Figures(orders, seconds, report, shop_after - shop_before, till_after - till_before)


def report(figures: Figures) -> None:
    counts = figures.report["counts"]
    measured = figures.report.get("finished_at") and figures.report.get("started_at")
    inside = (
        (
            datetime.fromisoformat(figures.report["finished_at"])
            - datetime.fromisoformat(figures.report["started_at"])
        ).total_seconds()
        if measured
        else figures.seconds
    )
    pages = math.ceil(figures.orders / REST_PAGE)
    floor = max(0.0, (figures.shop_calls - BUCKET) / LEAK)
    print(f"orders reconciled      {figures.orders} (state {figures.report['state']}"
          f"{': ' + str(figures.report['error']) if figures.report['error'] else ''})")  # fmt: skip
    print(f"time                   {figures.seconds:.1f} s asked to done ({inside:.1f} s reading "
          f"and comparing); goal < 60 s: {figures.seconds / 60:.2f} of it")  # fmt: skip
    print(f"report                 source {counts['source']}, target {counts['target']}, "
          f"matched {counts['matched']}, missing {counts['missing']}, extra {counts['extra']}, "
          f"mismatched {counts['mismatched']}")  # fmt: skip
    print(f"expected               missing {figures.orders // DELETED_EVERY}, extra {FOREIGN}")
    print(f"remote calls           Shopify REST {figures.shop_calls} (≥ {pages} pages of "
          f"{REST_PAGE}); MplusKASSA SOAP {figures.till_calls}; pages read "
          f"{figures.report['pages_read']}")  # fmt: skip
    sustained = figures.shop_calls / LEAK
    print(f"read budget floor      Shopify Standard (bucket {BUCKET}, {LEAK:g}/s): "
          f"{floor:.1f} s with a full bucket, {sustained:.1f} s with an empty one (live "
          f"traffic spent it) for {figures.shop_calls} calls; MplusKASSA: no rate "
          "limit")  # fmt: skip
    print(f"ratio time/floor       {figures.seconds / sustained:.2f} of the empty-bucket floor"
          if sustained else "ratio time/floor       n/a (no Shopify call)")  # fmt: skip
    if floor == 0:
        print("                       (with a full bucket every call fits it: the time is the "
              "machine's — reading, translating, comparing)")  # fmt: skip
    print(f"projection, budget     {figures.orders * 10} orders: "
          f"{max(0.0, (math.ceil(figures.orders * 10 / REST_PAGE) - BUCKET) / LEAK):.0f} s "
          "of Shopify budget floor")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the run dir (service logs)")
    args = parser.parse_args()
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-bench-reconcile-"))
    database_url = start_postgres(run_dir / "postgres")
    amqp_url = start_rabbitmq(run_dir / "rabbitmq")
    system = start_system(
        run_dir=run_dir, database_url=database_url, amqp_url=amqp_url,
        extra_env={name: {"SYNCYARD_LOG_LEVEL": "WARNING"} for name in ("gateway", "orchestrator")},
        only=("sim-mplus", "sim-shopify", "gateway", "orchestrator"),
    )  # fmt: skip
    try:
        urls = {name: system.url(name) for name in system.processes}
        figures = asyncio.run(run_benchmark(urls, system.jwt_secret, args.orders))
    finally:
        system.stop()
        stop_rabbitmq(run_dir / "rabbitmq")
        stop_postgres(run_dir / "postgres")
        if args.keep:
            print(f"run dir kept: {run_dir}")
        else:
            shutil.rmtree(run_dir, ignore_errors=True)
    report(figures)


if __name__ == "__main__":
    main()
