"""Initial product sync MplusKASSA → Shopify at the shop's plan's REST limit (Standard, the
default: 40, 2 per s; Plus: 400, 20 per s): elapsed, requests, 429s, the achieved REST rate
against the limit's allowance, and the job's admission (limit, commands re-sent).

    .venv/bin/python -m bench.initial_sync --products 300
    .venv/bin/python -m bench.initial_sync --products 10000 --plan plus

Starts its own PostgreSQL, RabbitMQ, simulators and five services in a temp dir. At 2 REST
calls a second a large catalogue takes hours: run a few hundred products and read the
projection it prints.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
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

FIRST_ARTICLE = 1_000_000  # article numbers (= SKUs) of the seeded till
FIRST_PRODUCT = 500_000
SEED_BATCH = 500
REPORT_EVERY_S = 10.0
WINDOW_S = 10  # a 10 s window with more than one 429 counts as sustained throttling
# The simulator's plans: (REST bucket, leak per second), as in simulators/shopify plans.py.
PLANS = {"standard": (40, 2.0), "advanced": (80, 4.0), "plus": (400, 20.0)}


@dataclass(frozen=True)
class Figures:
    elapsed_s: float
    job: dict[str, Any]
    rest: int
    graphql: int
    throttled: int
    endpoints: dict[str, int]
    per_second: list[int]
    throttled_per_second: list[int]
    missing: int
    duplicated: int
    extra: int
    failures: list[str]


def catalogue(products: int, variant_share: float) -> list[list[dict[str, Any]]]:
    """Per product its articles: a share of the products gets 3-5 variants (colour, size)."""
    seeded = []
    for i in range(products):
        with_variants = int((i + 1) * variant_share) > int(i * variant_share)
        count = 3 + i % 3 if with_variants else 1
        articles = [
            {
                "articleNumber": FIRST_ARTICLE + i * 10 + v,
                "description": f"Bench product {i}" + (f" variant {v}" if with_variants else ""),
                "priceIncl": 995 + i % 500,
                "productNumber": FIRST_PRODUCT + i,
                "productDescription": f"Bench product {i}",
                **({"colour": ("Rood", "Blauw", "Groen")[v % 3], "size": f"M{v}"}
                   if with_variants else {}),
            }
            for v in range(count)
        ]  # fmt: skip
        seeded.append(articles)
    return seeded


async def seed_till(
    client: httpx.AsyncClient, sim_mplus: str, seeded: list[list[dict[str, Any]]]
) -> None:
    articles = [article for product in seeded for article in product]
    till = MplusDriver(sim_mplus, client=client)
    for start in range(0, len(articles), SEED_BATCH):
        await till.seed_articles(articles[start : start + SEED_BATCH])


async def set_up(client: httpx.AsyncClient, system_urls: dict[str, str]) -> str:
    """Till and shop connections, an integration till → shop and its products flow."""
    gateway, orchestrator = system_urls["gateway"], system_urls["orchestrator"]
    shop = await json_or_raise(
        await client.post(
            f"{gateway}/v1/connections",
            json={"name": "Bench Shopify store", "connector": "shopify", "credentials": {
                "shop_domain": SHOP_DOMAIN, "access_token": SHOP_ACCESS_TOKEN,
                "webhook_secret": SHOP_WEBHOOK_SECRET, "api_version": SHOP_API_VERSION,
                "base_url": system_urls["sim-shopify"],
            }},
        )
    )  # fmt: skip
    till = await json_or_raise(
        await client.post(
            f"{gateway}/v1/connections",
            json={"name": "Bench MplusKASSA till", "connector": "mplus", "credentials": {
                "base_url": system_urls["sim-mplus"] + "/", "ident": MPLUS_IDENT,
                "secret": MPLUS_SECRET,
            }},
        )
    )  # fmt: skip
    integration = await json_or_raise(
        await client.post(
            f"{orchestrator}/v1/integrations",
            json={
                "name": "MplusKASSA products into Shopify",
                "source_connection_id": till["id"],
                "target_connection_id": shop["id"],
                "source_connector": "mplus",
                "target_connector": "shopify",
            },
        )
    )
    await json_or_raise(
        await client.put(
            f"{orchestrator}/v1/integrations/{integration['id']}/flows/products",
            json={"direction": "source_to_target", "is_active": True, "settings": {}},
        )
    )
    return str(integration["id"])


async def summary(client: httpx.AsyncClient, sim_shopify: str) -> dict[str, Any]:
    return await shop_sim(client, sim_shopify).request_summary()


def shop_sim(client: httpx.AsyncClient, sim_shopify: str) -> ShopifyDriver:
    return ShopifyDriver(sim_shopify, access_token=SHOP_ACCESS_TOKEN, client=client)


def _eta(job: dict[str, Any]) -> str:
    eta = job.get("eta_seconds")
    return "?" if eta is None else f"{eta / 60:.1f} min"


async def follow(
    client: httpx.AsyncClient, urls: dict[str, str], integration_id: str, timeout: float
) -> tuple[dict[str, Any], float]:
    """Start the initial sync and wait for it, a progress line every ~10 s."""
    orchestrator = urls["orchestrator"]
    before = await summary(client, urls["sim-shopify"])
    started = time.perf_counter()
    job = await json_or_raise(
        await client.post(
            f"{orchestrator}/v1/integrations/{integration_id}/flows/products/initial-sync"
        )
    )
    progress_url = f"{orchestrator}/v1/integrations/{integration_id}/sync-jobs/{job['id']}"
    last_report, last_rest, last_429 = started, before["rest"], _throttled(before)
    while job["state"] not in ("done", "failed"):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"initial sync not done after {timeout:.0f} s: {job}")
        await asyncio.sleep(1.0)
        job = await json_or_raise(await client.get(progress_url))
        now = time.perf_counter()
        if now - last_report >= REPORT_EVERY_S:
            counts = await summary(client, urls["sim-shopify"])
            rest_rate = (counts["rest"] - last_rest) / (now - last_report)
            print(
                f"  {now - started:6.0f} s  {job['done']}/{job['total']}"
                f"{'' if job['total_is_final'] else '+'} done, {job['failed']} failed, "
                f"{job['in_progress']} in progress, {job['rate_per_second']:.2f} products/s, "
                f"ETA {_eta(job)}; REST {rest_rate:.2f}/s, "
                f"429s {_throttled(counts) - last_429}",
                flush=True,
            )
            last_report, last_rest, last_429 = now, counts["rest"], _throttled(counts)
    if job["state"] == "failed":
        raise RuntimeError(f"the initial sync failed: {job['error']}")
    return job, time.perf_counter() - started


def _throttled(counts: dict[str, Any]) -> int:
    return int(counts["rest_statuses"].get("429", 0))


def check_exactly_once(
    seeded: list[list[dict[str, Any]]], shop_products: list[dict[str, Any]]
) -> tuple[int, int, int]:
    """(products missing, products duplicated, unexpected products) in the shop, by SKU."""
    holders: dict[str, list[int]] = {}
    for product in shop_products:
        for variant in product.get("variants", []):
            holders.setdefault(str(variant.get("sku")), []).append(int(product["id"]))
    missing = duplicated = 0
    for articles in seeded:
        skus = [str(a["articleNumber"]) for a in articles]
        found = [holders.get(sku, []) for sku in skus]
        if any(not ids for ids in found):
            missing += 1
        elif any(len(ids) > 1 for ids in found) or len({ids[0] for ids in found}) > 1:
            duplicated += 1
    extra = max(len(shop_products) - (len(seeded) - missing), 0)
    return missing, duplicated, extra


async def failure_reasons(
    client: httpx.AsyncClient, orchestrator: str, integration_id: str
) -> list[str]:
    response = await client.get(
        f"{orchestrator}/v1/runs",
        params={"integration_id": integration_id, "state": "failed", "limit": 5},
    )
    items = (await json_or_raise(response))["items"]
    return [f"{run.get('entity_ref')}: {run.get('failure_reason')}" for run in items]


async def run_benchmark(
    urls: dict[str, str],
    jwt_secret: str,
    products: int,
    variant_share: float,
    timeout: float,
    plan: str,
) -> Figures:
    token = tenant_token(uuid.uuid4(), jwt_secret)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=120, headers=headers) as client:
        await shop_sim(client, urls["sim-shopify"]).set_plan(plan)
        seeded = catalogue(products, variant_share)
        await seed_till(client, urls["sim-mplus"], seeded)
        integration_id = await set_up(client, urls)
        before = await summary(client, urls["sim-shopify"])
        job, elapsed = await follow(client, urls, integration_id, timeout)
        after = await summary(client, urls["sim-shopify"])
        shop_products = await shop_sim(client, urls["sim-shopify"]).records("products")
        failures = await failure_reasons(client, urls["orchestrator"], integration_id)
    missing, duplicated, extra = check_exactly_once(seeded, shop_products)
    endpoints = Counter(after["rest_endpoints"])
    endpoints.subtract(before["rest_endpoints"])
    return Figures(
        elapsed_s=elapsed,
        job=job,
        rest=after["rest"] - before["rest"],
        graphql=after["graphql"] - before["graphql"],
        throttled=_throttled(after) - _throttled(before),
        endpoints={k: v for k, v in endpoints.most_common() if v},
        per_second=after["rest_per_second"],
        throttled_per_second=after["rest_429_per_second"],
        missing=missing,
        duplicated=duplicated,
        extra=extra,
        failures=failures,
    )


def busiest_window(series: list[int], width: int) -> int:
    """The most events in any `width` consecutive seconds."""
    best = running = 0
    for i, value in enumerate(series):
        running += value - (series[i - width] if i >= width else 0)
        best = max(best, running)
    return best


def idle_stretches(per_second: list[int], at_least: int = 3) -> list[int]:
    """Lengths of runs of seconds without a REST call, `at_least` long, longest first."""
    stretches, run = [], 0
    for value in [*per_second, 1]:
        if value == 0:
            run += 1
            continue
        if run >= at_least:
            stretches.append(run)
        run = 0
    return sorted(stretches, reverse=True)


def sync_seconds(job: dict[str, Any]) -> float:
    """From the job's start to its last run's end, as the orchestrator recorded them."""
    started = datetime.fromisoformat(job["started_at"])
    return (datetime.fromisoformat(job["finished_at"]) - started).total_seconds()


def report(figures: Figures, products: int, variant_share: float, plan: str) -> None:
    job = figures.job
    elapsed = sync_seconds(job)  # the bench's own clock adds up to a poll interval
    variants_made = sum(
        1 for i in range(products) if int((i + 1) * variant_share) > int(i * variant_share)
    )
    bucket, leak = PLANS[plan]
    allowance = bucket + leak * elapsed
    span = max(len(figures.per_second), 1)  # first to last REST call, whole seconds
    worst_window = busiest_window(figures.throttled_per_second, WINDOW_S)
    idle = idle_stretches(figures.per_second)
    per_product = figures.rest / max(products, 1)
    projected = 10_000 * per_product / leak
    print(f"products               {products} ({variants_made} with 3-5 variants); shop plan "
          f"{plan} (bucket {bucket}, {leak:g} calls/s)")  # fmt: skip
    print(f"elapsed                {elapsed:.1f} s ({elapsed / 60:.1f} min) start to last run; "
          f"{figures.elapsed_s:.1f} s on the bench's clock")  # fmt: skip
    print(f"runs                   done {job['done']}, skipped {job['skipped']}, "
          f"failed {job['failed']}")  # fmt: skip
    print(f"admission              limit at the end {job.get('admission_limit')}, commands "
          f"re-sent {job.get('commands_resent')}")  # fmt: skip
    print(f"REST requests          {figures.rest} ({per_product:.2f} per product)")
    for name, count in figures.endpoints.items():
        print(f"  {count:7d}  {name}")
    print(f"GraphQL queries        {figures.graphql}")
    print(f"429s received          {figures.throttled} (most in any {WINDOW_S} s: {worst_window}; "
          f"sustained: {'YES' if worst_window > 1 else 'no'})")  # fmt: skip
    print(f"REST rate achieved     {figures.rest / elapsed:.3f}/s over the sync; "
          f"{figures.rest / span:.3f}/s from first to last REST call ({span} s)")  # fmt: skip
    print(f"allowance              {bucket} + {leak:g}/s x {elapsed:.0f} s = {allowance:.0f} calls")
    print(f"ratio achieved/allowed {figures.rest / allowance:.3f} (goal ≥ 0.95); without the "
          f"429s {(figures.rest - figures.throttled) / allowance:.3f}")  # fmt: skip
    print(f"idle REST seconds      {sum(1 for n in figures.per_second if n == 0)} of {span}; "
          f"stretches ≥ 3 s: {idle[:8]}")  # fmt: skip
    print(f"exactly once by SKU    missing {figures.missing}, duplicated {figures.duplicated}, "
          f"unexpected {figures.extra}")  # fmt: skip
    for reason in figures.failures:
        print(f"  failed: {reason}")
    print(f"projection 10,000      {projected / 3600:.1f} h at {leak:g} REST calls/s "
          f"({per_product:.2f} calls per product)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--variant-share", type=float, default=0.3)
    parser.add_argument("--plan", choices=sorted(PLANS), default="standard", help="the shop's")
    parser.add_argument(
        "--timeout", type=float, default=None, help="seconds (default: 600 + 1.5 s per product)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the run dir (service logs)")
    args = parser.parse_args()
    timeout = args.timeout or 600 + 1.5 * args.products
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-bench-sync-"))
    database_url = start_postgres(run_dir / "postgres")
    amqp_url = start_rabbitmq(run_dir / "rabbitmq")
    system = start_system(
        run_dir=run_dir, database_url=database_url, amqp_url=amqp_url,
        extra_env={name: {"SYNCYARD_LOG_LEVEL": "WARNING"} for name in
                   ("gateway", "orchestrator", "mapper", "logger", "notifier")},
        only=("sim-mplus", "sim-shopify", "gateway", "orchestrator", "mapper", "logger",
              "notifier"),
    )  # fmt: skip
    try:
        urls = {name: system.url(name) for name in system.processes}
        figures = asyncio.run(
            run_benchmark(
                urls, system.jwt_secret, args.products, args.variant_share, timeout, args.plan
            )
        )
    finally:
        system.stop()
        stop_rabbitmq(run_dir / "rabbitmq")
        stop_postgres(run_dir / "postgres")
        if args.keep:
            print(f"run dir kept: {run_dir}")
        else:
            shutil.rmtree(run_dir, ignore_errors=True)
    report(figures, args.products, args.variant_share, args.plan)


if __name__ == "__main__":
    main()
