"""A rolling update under load: each service in turn is told to stop (SIGTERM, as Kubernetes
does) and a new process of it started, while orders keep arriving. Each old process drains
(readiness off, consumers cancelled and their handlers finished, the outbox flushed) and exits
by itself well within the grace period; every order reaches the till exactly once."""

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from scripts.system import RunningSystem
from tests.e2e.journey import JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually

# The order of a rollout (docs/operations/runbook.md: the orchestrator before the gateway).
ROLL = ("orchestrator", "connector-gateway", "mapper", "logger", "notifier")
PROCESS = {"connector-gateway": "gateway"}
ORDERS = 24
ORDER_PACE_SECONDS = 1.0  # spread over the roll; a pace, not a proof of anything
# deploy/k8s: terminationGracePeriodSeconds is 60; a drained process must be gone well before.
GRACE_SECONDS = 60


@pytest.mark.timeout(240)
async def test_rolling_every_service_during_a_burst_loses_and_doubles_no_order(
    system: RunningSystem, new_journey: JourneyFactory
) -> None:
    journey = await new_journey()
    # A roomy API budget (the drill is about the roll), and the shop's webhook retries on a
    # compressed clock: while the only gateway process restarts, the shop retries its
    # deliveries as Shopify does (a real rollout keeps another replica serving).
    await journey.shop_config(bucket_size=400, leak_rate=20, webhook_retry_scale=0.02)
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Oats", "priceIncl": 325})
    orders: list[dict] = []  # type: ignore[type-arg]

    async def burst() -> None:
        for _ in range(ORDERS):
            orders.append(
                await journey.shop_order(
                    email=f"r{len(orders) % 10}.{sku}@example.nl",
                    billing_address=address(),
                    line_items=[line(sku, 1, "3.25")],
                )
            )
            await asyncio.sleep(ORDER_PACE_SECONDS)

    stopped_in: dict[str, float] = {}
    started = time.monotonic()
    shop = asyncio.create_task(burst())
    try:
        for service in ROLL:
            stopped_in[service] = await asyncio.to_thread(
                _roll, system, PROCESS.get(service, service)
            )
        await shop

        async def all_finished() -> bool:
            finished = {r["source_entity_id"] for r in await journey.runs() if r["state"] == "done"}
            return all(str(o["id"]) in finished for o in orders)

        await eventually(all_finished, timeout=120, interval=1)
        booked = Counter(o["extOrderId"] for o in await journey.till.orders())
        runs = Counter(r["source_entity_id"] for r in await journey.runs())
    finally:
        shop.cancel()
        await journey.shop_config(bucket_size=40, leak_rate=2, webhook_retry_scale=1.0)
    print(  # noqa: T201 - the figures of the drill, shown with -s
        f"rolled {len(ROLL)} services in {time.monotonic() - started:.1f} s during "
        f"{len(orders)} orders; each stopped in (s): "
        + ", ".join(f"{s} {t:.1f}" for s, t in stopped_in.items())
        + f"; till orders {sum(booked[_reference(o)] for o in orders)}, "
        f"runs {sum(runs[str(o['id'])] for o in orders)}"
    )
    for order in orders:
        assert booked[_reference(order)] == 1, order["id"]
    assert all(seconds < GRACE_SECONDS for seconds in stopped_in.values()), stopped_in


def _roll(system: RunningSystem, name: str) -> float:
    """SIGTERM, wait for the drained process to exit by itself, start a new one."""
    process = system.processes[name]
    assert process.popen is not None
    shut_down = _shutdowns(process.log_path)
    began = time.monotonic()
    process.terminate()  # SIGKILL only if it is still there after 20 s
    took = time.monotonic() - began
    # uvicorn re-raises the SIGTERM once its lifespan has shut down: -15, never -9.
    assert process.popen.returncode in (0, -signal.SIGTERM), (name, process.popen.returncode)
    assert _shutdowns(process.log_path) == shut_down + 1, f"{name}: lifespan did not finish"
    process.launch()
    process.wait_ready()
    return took


def _shutdowns(log: Path) -> int:
    return log.read_text(errors="replace").count("Application shutdown complete")


def _reference(order: dict) -> str:  # type: ignore[type-arg]
    return f"shopify:{order['id']}"
