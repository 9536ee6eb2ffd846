"""End-to-end orders per second: N signed Shopify webhooks in → N orders in the MplusKASSA
simulator, with p50/p99 latency, beside the raw broker ceiling for the same hop count.

    .venv/bin/python -m bench.orders_e2e --orders 300

Starts its own PostgreSQL, RabbitMQ, simulators and five services in a temp dir.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from bench.broker_ceiling import measure_broker_ceiling
from scripts.infra import start_postgres, start_rabbitmq, stop_postgres, stop_rabbitmq
from scripts.system import start_system
from scripts.system.seed import SHOP_DOMAIN, SHOP_WEBHOOK_SECRET, Urls, seed_integration

# Broker hops on one order's critical path: received, and 7 command/result pairs
# (fetch, map, find order, find customer, upsert customer, check products, create order).
HOPS = 15


def _sign(body: bytes) -> str:
    return base64.b64encode(
        hmac.new(SHOP_WEBHOOK_SECRET.encode(), body, hashlib.sha256).digest()
    ).decode()


async def run_benchmark(
    urls: Urls, jwt_secret: str, orders: int, concurrency: int
) -> dict[str, float]:
    seeded = await seed_integration(urls, jwt_secret=jwt_secret, subscribe_webhook=False)
    async with httpx.AsyncClient(timeout=60) as client:
        # Lift the shop's API limit (Standard: 2 calls/s) so the figure is our pipeline's, not
        # Shopify's; the limit itself is honoured and tested elsewhere (tests/e2e).
        await client.post(
            f"{urls.sim_shopify}/_sim/config", json={"bucket_size": 100_000, "leak_rate": 100_000}
        )
        employee = [{"employeeNumber": 999999, "name": "Webshop"}]
        (await client.post(f"{urls.sim_mplus}/_sim/employees", json=employee)).raise_for_status()
        skus = [900_000_000 + i for i in range(5)]
        await client.post(
            f"{urls.sim_mplus}/_sim/articles",
            json=[
                {"articleNumber": s, "description": f"Bench {s}", "priceIncl": 1000} for s in skus
            ],
        )
        shop_orders = []
        for i in range(orders):
            response = await client.post(
                f"{urls.sim_shopify}/_sim/orders",
                json={
                    "email": f"bench{i % 50}@example.nl",
                    "billing_address": {"first_name": "Bench", "last_name": f"Klant{i % 50}",
                                        "address1": "Damrak 1", "zip": "1012 LG",
                                        "city": "Amsterdam", "country_code": "NL"},
                    "line_items": [{"sku": str(skus[i % 5]), "title": "x", "quantity": 1,
                                    "price": "10.00"}],
                },
            )  # fmt: skip
            response.raise_for_status()
            body = response.json()
            shop_orders.append(body.get("order", body))
        sent_at: dict[str, float] = {}
        arrived_at: dict[str, float] = {}
        semaphore = asyncio.Semaphore(concurrency)

        async def deliver(order: dict[str, object]) -> None:
            body = json.dumps(order).encode()
            async with semaphore:
                sent_at[f"shopify:{order['id']}"] = time.perf_counter()
                response = await client.post(
                    seeded.webhook_url,
                    content=body,
                    headers={
                        "Content-Type": "application/json",
                        "X-Shopify-Topic": "orders/create",
                        "X-Shopify-Hmac-Sha256": _sign(body),
                        "X-Shopify-Shop-Domain": SHOP_DOMAIN,
                        "X-Shopify-Webhook-Id": str(uuid.uuid4()),
                        "X-Shopify-Event-Id": str(uuid.uuid4()),
                    },
                )
                response.raise_for_status()

        async def watch() -> None:
            wanted = {f"shopify:{o['id']}" for o in shop_orders}
            last_report = time.perf_counter()
            while not wanted <= arrived_at.keys():
                if time.perf_counter() - last_report > 10:
                    done = len(wanted & arrived_at.keys())
                    print(f"  … {done}/{len(wanted)} orders in the till", flush=True)
                    last_report = time.perf_counter()
                    runs = await client.get(
                        f"{urls.orchestrator}/v1/runs",
                        params={"state": "failed", "limit": 1},
                        headers=seeded.headers,
                    )
                    failed = runs.json()["items"]
                    if failed:
                        raise RuntimeError(f"a run failed: {failed[0]['failure_reason']}")
                response = await client.get(f"{urls.sim_mplus}/_sim/orders")
                now = time.perf_counter()
                for till_order in response.json():
                    arrived_at.setdefault(till_order["extOrderId"], now)
                await asyncio.sleep(0.05)

        started = time.perf_counter()
        watcher = asyncio.create_task(watch())
        await asyncio.gather(*(deliver(o) for o in shop_orders))
        await asyncio.wait_for(watcher, timeout=900)
        elapsed = max(arrived_at[k] for k in sent_at) - started
        till = (await client.get(f"{urls.sim_mplus}/_sim/orders")).json()
    references = [o["extOrderId"] for o in till]
    duplicates = sum(references.count(k) - 1 for k in sent_at)
    latencies = sorted(arrived_at[k] - sent_at[k] for k in sent_at)
    return {
        "orders": orders,
        "elapsed_s": elapsed,
        "per_second": orders / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "lost": sum(1 for k in sent_at if k not in references),
        "duplicated": duplicates,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16, help="webhooks in flight")
    args = parser.parse_args()
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-bench-"))
    database_url = start_postgres(run_dir / "postgres")
    amqp_url = start_rabbitmq(run_dir / "rabbitmq")
    system = start_system(
        run_dir=run_dir, database_url=database_url, amqp_url=amqp_url,
        extra_env={name: {"SYNCYARD_LOG_LEVEL": "WARNING"} for name in
                   ("gateway", "orchestrator", "mapper", "logger", "notifier")},
    )  # fmt: skip
    try:
        urls = Urls(
            gateway=system.url("gateway"), orchestrator=system.url("orchestrator"),
            mapper=system.url("mapper"), logger=system.url("logger"),
            notifier=system.url("notifier"), sim_mplus=system.url("sim-mplus"),
            sim_shopify=system.url("sim-shopify"),
        )  # fmt: skip
        e2e = asyncio.run(run_benchmark(urls, system.jwt_secret, args.orders, args.concurrency))
        system.stop()
        ceiling = asyncio.run(measure_broker_ceiling(amqp_url, messages=args.orders, hops=HOPS))
    finally:
        system.stop()
        stop_rabbitmq(run_dir / "rabbitmq")
        stop_postgres(run_dir / "postgres")
        shutil.rmtree(run_dir, ignore_errors=True)
    rate = f"{e2e['per_second']:.1f} orders/s"
    print(f"orders end to end      {e2e['orders']} in {e2e['elapsed_s']:.1f} s = {rate}")
    print(f"latency webhook→till   p50 {e2e['p50_ms']:.0f} ms, p99 {e2e['p99_ms']:.0f} ms")
    print(f"exactly once           lost {e2e['lost']}, duplicated {e2e['duplicated']}")
    print(f"raw broker ceiling     {ceiling['per_second']:.1f} msgs/s through {HOPS} hops "
          f"(confirms + acks, p50 {ceiling['p50_ms']:.0f} ms)")  # fmt: skip
    print(f"ratio e2e / ceiling    {e2e['per_second'] / ceiling['per_second']:.2f}")


if __name__ == "__main__":
    main()
