"""End-to-end orders: signed Shopify webhooks in → orders in the MplusKASSA simulator, in three
modes, beside the raw broker ceiling for the path's hop count measured in the same run.

    .venv/bin/python -m bench.orders_e2e                   # all three modes, one system
    .venv/bin/python -m bench.orders_e2e --mode pipeline --orders 300

- pipeline: the shop's API limit lifted in the simulator, and learned as lifted by the gateway
  from the shop's own rate-limit headers: the figure is our pipeline's.
- standard-shop: the shop on Shopify's Standard plan (REST bucket 40, 2 calls/s); a burst of
  orders from that one shop. Without coalesced re-reads the ceiling would be 2 orders/s.
- fairness: tenant A sends a burst from a Standard shop; tenant B (its own shop and till)
  sends single orders during it. B's latency is compared with B's latency on an idle system.

Webhooks go to an intake-only gateway replica (the documented deployment shape). Starts its
own PostgreSQL, RabbitMQ, simulators and services in a temp dir; loopback only; bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.broker_ceiling import measure_broker_ceiling
from scripts.infra import start_postgres, start_rabbitmq, stop_postgres, stop_rabbitmq
from scripts.infra.ports import free_port
from scripts.system import RunningSystem, start_system
from scripts.system.processes import SIMULATORS, RunningProcess
from scripts.system.seed import (
    MPLUS_IDENT,
    MPLUS_SECRET,
    SHOP_ACCESS_TOKEN,
    SHOP_API_VERSION,
    SHOP_WEBHOOK_SECRET,
    Urls,
    json_or_raise,
    tenant_token,
)
from syncyard_sim_mplus.driver import MplusDriver
from syncyard_sim_shopify.driver import ShopifyDriver, webhook_headers

# Broker hops on one order's path: order received, and three command/answer pairs
# (fetch from the shop, map, place in the till).
HOPS = 7
SERVICES = ("gateway", "gateway-intake", "orchestrator", "mapper", "logger", "notifier")
LIFTED = {"bucket_size": 100_000, "leak_rate": 100_000}
STANDARD = {"plan": "standard"}
TIMEOUT_SECONDS = 900
IDLE_SECONDS = 10.0  # each process's idle CPU is measured this long before a burst


@dataclass
class Shop:
    """One tenant's shop (a Shopify simulator) and till (a MplusKASSA simulator)."""

    tenant_id: uuid.UUID
    headers: dict[str, str]
    shop_url: str
    shop_domain: str
    till_url: str
    webhook_url: str
    skus: list[int] = field(default_factory=list)

    def shop_sim(self, client: httpx.AsyncClient) -> ShopifyDriver:
        return ShopifyDriver(self.shop_url, access_token=SHOP_ACCESS_TOKEN, client=client)

    def till_sim(self, client: httpx.AsyncClient) -> MplusDriver:
        return MplusDriver(self.till_url, client=client)


@dataclass
class Burst:
    sent_at: dict[str, float]
    arrived_at: dict[str, float]
    started: float
    duplicated: int

    @property
    def lost(self) -> int:
        return sum(1 for key in self.sent_at if key not in self.arrived_at)

    def latencies(self) -> list[float]:
        return sorted(self.arrived_at[k] - self.sent_at[k] for k in self.sent_at)

    def figures(self) -> dict[str, float]:
        latencies = self.latencies()
        elapsed = max(self.arrived_at.values()) - self.started
        return {
            "orders": len(self.sent_at),
            "elapsed_s": elapsed,
            "per_second": len(self.sent_at) / elapsed,
            "p50_ms": percentile(latencies, 0.5) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "first_s": min(self.arrived_at.values()) - self.started,
            "lost": self.lost,
            "duplicated": self.duplicated,
        }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_of(system: RunningSystem) -> dict[str, float]:
    return {
        name: cpu_seconds(process.popen.pid)
        for name, process in system.processes.items()
        if process.popen is not None and process.popen.poll() is None
    }


async def open_shop(
    client: httpx.AsyncClient, urls: Urls, jwt_secret: str, *, shop_url: str, shop_domain: str,
    till_url: str,
) -> Shop:  # fmt: skip
    """A tenant with connections to its shop and till and an active order flow."""
    tenant = uuid.uuid4()
    headers = {"Authorization": f"Bearer {tenant_token(tenant, jwt_secret)}"}
    shop_credentials = {
        "shop_domain": shop_domain, "access_token": SHOP_ACCESS_TOKEN,
        "webhook_secret": SHOP_WEBHOOK_SECRET, "api_version": SHOP_API_VERSION,
        "base_url": shop_url,
    }  # fmt: skip
    till_credentials = {"base_url": till_url + "/", "ident": MPLUS_IDENT, "secret": MPLUS_SECRET}
    made = []
    for connector, credentials in (("shopify", shop_credentials), ("mplus", till_credentials)):
        body = {"name": f"bench {connector}", "connector": connector, "credentials": credentials}
        response = await client.post(f"{urls.gateway}/v1/connections", json=body, headers=headers)
        made.append(await json_or_raise(response))
    shop, till = made
    integration = await json_or_raise(
        await client.post(
            f"{urls.orchestrator}/v1/integrations",
            json={
                "name": "bench orders", "source_connection_id": shop["id"],
                "target_connection_id": till["id"], "source_connector": "shopify",
                "target_connector": "mplus",
            },
            headers=headers,
        )
    )  # fmt: skip
    flow = {"direction": "source_to_target", "is_active": True, "settings": {}}
    url = f"{urls.orchestrator}/v1/integrations/{integration['id']}/flows/orders"
    await json_or_raise(await client.put(url, json=flow, headers=headers))
    till_sim = MplusDriver(till_url, client=client)
    await till_sim.seed_employees([{"employeeNumber": 999999, "name": "Webshop"}])
    skus = [900_000_000 + i for i in range(5)]
    articles = [{"articleNumber": s, "description": f"Bench {s}", "priceIncl": 1000} for s in skus]
    await till_sim.seed_articles(articles)
    return Shop(
        tenant_id=tenant, headers=headers, shop_url=shop_url, shop_domain=shop_domain,
        till_url=till_url, webhook_url=f"{urls.webhooks}/v1/webhooks/{shop['id']}", skus=skus,
    )  # fmt: skip


async def shop_orders(client: httpx.AsyncClient, shop: Shop, count: int) -> list[dict[str, Any]]:
    made = []
    shop_sim = shop.shop_sim(client)
    for i in range(count):
        body = {
            "email": f"bench{i % 50}@example.nl",
            "billing_address": {"first_name": "Bench", "last_name": f"Klant{i % 50}",
                                "address1": "Damrak 1", "zip": "1012 LG",
                                "city": "Amsterdam", "country_code": "NL"},
            "line_items": [{"sku": str(shop.skus[i % 5]), "title": "x", "quantity": 1,
                            "price": "10.00"}],
        }  # fmt: skip
        placed = await shop_sim.place_order(body)
        made.append(placed.get("order", placed))
    return made


async def deliver(client: httpx.AsyncClient, shop: Shop, order: dict[str, Any]) -> None:
    body = json.dumps(order).encode()
    headers = webhook_headers(
        body, "orders/create", secret=SHOP_WEBHOOK_SECRET, shop_domain=shop.shop_domain
    )
    response = await client.post(shop.webhook_url, content=body, headers=headers)
    response.raise_for_status()


async def watch_till(
    client: httpx.AsyncClient, shop: Shop, wanted: set[str], arrived_at: dict[str, float]
) -> None:
    """Note when each wanted order shows up in the till (polled every 50 ms)."""
    till_sim = shop.till_sim(client)
    async with asyncio.timeout(TIMEOUT_SECONDS):
        last_report = time.perf_counter()
        while not wanted <= arrived_at.keys():
            till = await till_sim.orders()
            now = time.perf_counter()
            for till_order in till:
                if till_order["extOrderId"] in wanted:
                    arrived_at.setdefault(till_order["extOrderId"], now)
            if now - last_report > 15:
                print(
                    f"  … {len(wanted & arrived_at.keys())}/{len(wanted)} in the till", flush=True
                )
                last_report = now
            await asyncio.sleep(0.05)


async def burst(client: httpx.AsyncClient, shop: Shop, count: int, concurrency: int) -> Burst:
    """``count`` orders placed in the shop, their webhooks sent at once, watched into the till."""
    made = await shop_orders(client, shop, count)
    wanted = {f"shopify:{o['id']}" for o in made}
    sent_at: dict[str, float] = {}
    arrived_at: dict[str, float] = {}
    slots = asyncio.Semaphore(concurrency)

    async def send(order: dict[str, Any]) -> None:
        async with slots:
            sent_at[f"shopify:{order['id']}"] = time.perf_counter()
            await deliver(client, shop, order)

    started = time.perf_counter()
    watcher = asyncio.create_task(watch_till(client, shop, wanted, arrived_at))
    await asyncio.gather(*(send(o) for o in made))
    await watcher
    till = [o["extOrderId"] for o in await shop.till_sim(client).orders()]
    duplicated = sum(till.count(k) - 1 for k in wanted)
    return Burst(sent_at, arrived_at, started, duplicated)


@dataclass(frozen=True)
class Single:
    order_id: str
    sent_at: datetime  # wall clock, to compare with the run's own times
    latency_s: float


async def singles(
    client: httpx.AsyncClient, shop: Shop, count: int, spacing_s: float
) -> list[Single]:
    """Orders sent one at a time, ``spacing_s`` apart; each one's latency into the till."""
    sent_orders = []
    for order in await shop_orders(client, shop, count):
        key = f"shopify:{order['id']}"
        arrived: dict[str, float] = {}
        sent, sent_at = time.perf_counter(), datetime.now(UTC)
        await deliver(client, shop, order)
        await watch_till(client, shop, {key}, arrived)
        sent_orders.append(Single(str(order["id"]), sent_at, arrived[key] - sent))
        await asyncio.sleep(spacing_s)
    return sent_orders


async def explain(client: httpx.AsyncClient, urls: Urls, shop: Shop, single: Single) -> None:
    """Print where one order's time went: its run's steps, seconds after the webhook was sent."""
    runs = await json_or_raise(
        await client.get(
            f"{urls.orchestrator}/v1/runs", params={"limit": 200}, headers=shop.headers
        )
    )
    for run in (r for r in runs["items"] if r["source_entity_id"] == single.order_id):
        url = f"{urls.orchestrator}/v1/runs/{run['id']}"
        detail = await json_or_raise(await client.get(url, headers=shop.headers))
        created = datetime.fromisoformat(detail["created_at"]) - single.sent_at
        print(f"    run {detail['state']}: created +{created.total_seconds():.2f} s")
        for step in detail["steps"]:
            at = (datetime.fromisoformat(step["at"]) - single.sent_at).total_seconds()
            print(f"      +{at:6.2f} s  {step['step']} {step['outcome']}: {step['message'][:70]}")


async def calls_so_far(client: httpx.AsyncClient, shop: Shop) -> dict[str, int]:
    """Remote calls each simulator has logged so far. Counted rather than cleared: the Shopify
    simulator's log is only emptied by a full reset, which would drop the shop's orders."""
    return {
        "shop": len(await shop.shop_sim(client).requests()),
        "till": len(await shop.till_sim(client).requests()),
    }


async def measured(
    client: httpx.AsyncClient, system: RunningSystem, shop: Shop,
    work: Callable[[], Awaitable[Burst]],
) -> tuple[Burst, dict[str, float], dict[str, float]]:  # fmt: skip
    """Run ``work``; also CPU seconds per process and remote calls, per order.

    The CPU is net of what each process spends idle (its background loops), measured for
    ``IDLE_SECONDS`` just before: on a loaded machine a burst takes longer, and the idle share
    would otherwise grow with it and hide what an order costs."""
    calls_before = await calls_so_far(client, shop)
    idle_from, idle_started = cpu_of(system), time.perf_counter()
    await asyncio.sleep(IDLE_SECONDS)
    before, started = cpu_of(system), time.perf_counter()
    idle_rate = {
        name: (before[name] - idle_from[name]) / (started - idle_started)
        for name in before
        if name in idle_from
    }
    result = await work()
    await asyncio.sleep(1.0)  # let the last audit entries settle before reading the CPU
    after, elapsed = cpu_of(system), time.perf_counter() - started
    orders = len(result.sent_at)
    cpu = {
        name: max(after[name] - before[name] - idle_rate.get(name, 0.0) * elapsed, 0.0) / orders
        for name in after
        if name in before
    }
    calls_after = await calls_so_far(client, shop)
    calls = {side: (calls_after[side] - calls_before[side]) / orders for side in calls_after}
    return result, cpu, calls


def report_burst(title: str, figures: dict[str, float]) -> None:
    print(f"  {title}: {figures['orders']:.0f} orders in {figures['elapsed_s']:.1f} s = "
          f"{figures['per_second']:.1f} orders/s; latency p50 {figures['p50_ms']:.0f} ms, "
          f"p99 {figures['p99_ms']:.0f} ms; first order in the till after "
          f"{figures['first_s']:.2f} s; lost {figures['lost']}, "
          f"duplicated {figures['duplicated']}")  # fmt: skip


def report_costs(cpu: dict[str, float], calls: dict[str, float]) -> None:
    per_process = ", ".join(f"{name} {seconds * 1000:.1f}" for name, seconds in cpu.items())
    print(f"  CPU ms per order (net of idle): {per_process}; total {sum(cpu.values()) * 1000:.1f}")
    print(f"  remote calls per order: shop {calls['shop']:.2f}, till {calls['till']:.2f}")


def start_extra_simulators(run_dir: Path, domain: str) -> dict[str, RunningProcess]:
    """A second shop and till for tenant B: another merchant's accounts, not tenant A's."""
    started = {}
    for spec in SIMULATORS:
        if spec.name not in ("sim-shopify", "sim-mplus"):
            continue
        env = {**os.environ, **spec.env, "SIM_SHOPIFY_SHOP_DOMAIN": domain}
        process = RunningProcess(spec, free_port(), env, run_dir / "logs" / f"{spec.name}-b.log")
        process.launch()
        started[spec.name] = process
    for process in started.values():
        process.wait_ready()
    return started


async def run(args: argparse.Namespace, system: RunningSystem, run_dir: Path) -> dict[str, Any]:
    urls = Urls(
        gateway=system.url("gateway"), orchestrator=system.url("orchestrator"),
        mapper=system.url("mapper"), logger=system.url("logger"),
        notifier=system.url("notifier"), sim_mplus=system.url("sim-mplus"),
        sim_shopify=system.url("sim-shopify"), intake=system.url("gateway-intake"),
    )  # fmt: skip
    results: dict[str, Any] = {}
    async with httpx.AsyncClient(timeout=60) as client:
        shop_a = await open_shop(
            client, urls, system.jwt_secret, shop_url=urls.sim_shopify,
            shop_domain="demo-shop.myshopify.com", till_url=urls.sim_mplus,
        )  # fmt: skip
        modes = ["pipeline", "standard-shop", "fairness"] if args.mode == "all" else [args.mode]
        if "pipeline" in modes:
            print("pipeline (shop limit lifted, and learned as lifted from its headers)")
            await shop_a.shop_sim(client).configure(**LIFTED)
            await singles(client, shop_a, 3, 0.0)  # warm up: the gateway learns the allowance
            done, cpu, calls = await measured(
                client, system, shop_a, lambda: burst(client, shop_a, args.orders, args.concurrency)
            )  # fmt: skip
            results["pipeline"] = done.figures() | {"cpu": cpu, "calls": calls}
            report_burst("burst", results["pipeline"])
            report_costs(cpu, calls)
        if "standard-shop" in modes:
            print("standard-shop (Shopify Standard plan: bucket 40, 2 calls/s)")
            await shop_a.shop_sim(client).configure(**STANDARD)
            await singles(client, shop_a, 2, 0.0)
            await asyncio.sleep(20)  # the bucket drains back to empty before the burst
            done, cpu, calls = await measured(
                client, system, shop_a, lambda: burst(client, shop_a, args.orders, args.concurrency)
            )  # fmt: skip
            results["standard-shop"] = done.figures() | {"cpu": cpu, "calls": calls}
            report_burst("burst", results["standard-shop"])
            report_costs(cpu, calls)
        if "fairness" in modes:
            print("fairness (tenant A: burst from a Standard shop; tenant B: single orders)")
            extra = start_extra_simulators(run_dir, "second-shop.myshopify.com")
            try:
                results["fairness"] = await fairness(client, urls, system, shop_a, extra, args)
            finally:
                for process in extra.values():
                    process.terminate()
    return results


async def fairness(
    client: httpx.AsyncClient, urls: Urls, system: RunningSystem, shop_a: Shop,
    extra: dict[str, RunningProcess], args: argparse.Namespace,
) -> dict[str, Any]:  # fmt: skip
    shop_b = await open_shop(
        client, urls, system.jwt_secret, shop_url=extra["sim-shopify"].url,
        shop_domain="second-shop.myshopify.com", till_url=extra["sim-mplus"].url,
    )  # fmt: skip
    await shop_a.shop_sim(client).configure(**STANDARD)
    await shop_b.shop_sim(client).configure(**STANDARD)
    await singles(client, shop_b, 2, 0.5)  # warm up
    idle = [single.latency_s for single in await singles(client, shop_b, args.singles, 0.5)]
    await asyncio.sleep(20)  # tenant A's bucket drains back to empty
    a_task = asyncio.create_task(burst(client, shop_a, args.orders, args.concurrency))
    await asyncio.sleep(2.0)  # B's orders arrive while A's backlog waits on A's budget
    loaded_orders = await singles(client, shop_b, args.singles, 0.5)
    loaded = [single.latency_s for single in loaded_orders]
    a_done = await a_task
    figures: dict[str, Any] = {
        "b_idle_p50_ms": statistics.median(idle) * 1000,
        "b_loaded_p50_ms": statistics.median(loaded) * 1000,
        "b_loaded_p90_ms": statistics.quantiles(loaded, n=10)[-1] * 1000,
        "b_loaded_max_ms": max(loaded) * 1000,
        "ratio": statistics.median(loaded) / statistics.median(idle),
    }
    report_burst("tenant A burst", a_done.figures())
    print(f"  tenant B single orders: idle p50 {figures['b_idle_p50_ms']:.0f} ms; during A's "
          f"burst p50 {figures['b_loaded_p50_ms']:.0f} ms (p90 {figures['b_loaded_p90_ms']:.0f}"
          f" ms, max {figures['b_loaded_max_ms']:.0f} ms); ratio {figures['ratio']:.2f}"
          " (goal ≤ 2)")  # fmt: skip
    slowest = max(loaded_orders, key=lambda single: single.latency_s)
    print(f"  tenant B's slowest order ({slowest.latency_s:.2f} s into the till):")
    await explain(client, urls, shop_b, slowest)
    return figures | {"a": a_done.figures()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--mode", choices=("all", "pipeline", "standard-shop", "fairness"), default="all"
    )
    parser.add_argument("--orders", type=int, default=300, help="orders in a burst")
    parser.add_argument("--singles", type=int, default=20, help="tenant B's single orders")
    parser.add_argument("--concurrency", type=int, default=64, help="webhooks in flight")
    parser.add_argument(
        "--service-env", action="append", default=[], metavar="NAME=VALUE",
        help="a setting for every service, to compare one against its default "
        "(e.g. SYNCYARD_TENANT_LOOK_AHEAD=0); repeatable",
    )  # fmt: skip
    args = parser.parse_args()
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-bench-"))
    database_url = start_postgres(run_dir / "postgres")
    amqp_url = start_rabbitmq(run_dir / "rabbitmq")
    quiet = {"SYNCYARD_LOG_LEVEL": "WARNING"} | dict(
        setting.split("=", 1) for setting in args.service_env
    )
    system = start_system(
        run_dir=run_dir, database_url=database_url, amqp_url=amqp_url, intake=True,
        extra_env=dict.fromkeys(SERVICES, quiet),
    )  # fmt: skip
    try:
        results = asyncio.run(run(args, system, run_dir))
        system.stop()
        ceiling = asyncio.run(measure_broker_ceiling(amqp_url, messages=args.orders, hops=HOPS))
    finally:
        system.stop()
        stop_rabbitmq(run_dir / "rabbitmq")
        stop_postgres(run_dir / "postgres")
        shutil.rmtree(run_dir, ignore_errors=True)
    print(f"raw broker ceiling     {ceiling['per_second']:.1f} msgs/s through {HOPS} hops "
          f"(confirms + acks, p50 {ceiling['p50_ms']:.0f} ms)")  # fmt: skip
    if "pipeline" in results:
        ratio = results["pipeline"]["per_second"] / ceiling["per_second"]
        print(f"ratio pipeline / ceiling {ratio:.2f} (goal ≥ 0.5)")


if __name__ == "__main__":
    main()
