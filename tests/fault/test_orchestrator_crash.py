"""The orchestrator is killed (SIGKILL) mid-run and restarted: every order exactly once."""

import asyncio

from scripts.system import RunningSystem
from tests.e2e.journey import JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually

ORDERS = 12


async def test_orders_in_flight_when_the_orchestrator_dies_are_created_exactly_once(
    system: RunningSystem, new_journey: JourneyFactory
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Rice", "priceIncl": 250})
    # A slow till keeps runs in flight long enough to kill the orchestrator among them.
    await journey.till.faults(latency_ms=400)
    try:
        orders = [
            await journey.shop_order(
                email=f"c{i}.{sku}@example.nl",
                billing_address=address(),
                line_items=[line(sku, 1 + i, "2.50")],
            )
            for i in range(ORDERS)
        ]
        await eventually(lambda: _some_runs_started(journey), timeout=60)
        system.kill("orchestrator")
        await asyncio.sleep(1)
        system.restart("orchestrator")
        for order in orders:
            assert (await journey.finished_run(order["id"], timeout=120))["state"] == "done"
    finally:
        await journey.till.faults(latency_ms=0)
    for order in orders:
        assert len(await journey.till_orders(order["id"])) == 1, order["id"]


async def _some_runs_started(journey) -> bool:  # type: ignore[no-untyped-def]
    runs = await journey.runs()
    return len(runs) >= 3
