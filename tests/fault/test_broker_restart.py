"""The broker is restarted during a burst of 200 orders: all 200 arrive exactly once."""

import asyncio
from pathlib import Path

import pytest

from scripts.infra import restart_rabbitmq
from tests.e2e.journey import JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually

BURST = 200


@pytest.mark.timeout(420)
async def test_a_burst_of_orders_survives_a_broker_restart_exactly_once(
    new_journey: JourneyFactory, rabbitmq_node: Path
) -> None:
    journey = await new_journey()
    # A Shopify Plus sized API budget: this drill is about the broker, not the shop's limit.
    await journey.shop_config(bucket_size=400, leak_rate=20)
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Flour", "priceIncl": 199})

    async def create(i: int) -> dict:  # type: ignore[type-arg]
        return await journey.shop_order(
            email=f"b{i % 20}.{sku}@example.nl",
            billing_address=address(),
            line_items=[line(sku, 1, "1.99")],
        )

    try:
        first = [await create(i) for i in range(BURST // 2)]
        await asyncio.to_thread(restart_rabbitmq, rabbitmq_node)
        second = [await create(i) for i in range(BURST // 2, BURST)]
        orders = first + second

        async def all_finished() -> bool:
            runs = await journey.runs()
            finished = {r["source_entity_id"] for r in runs if r["state"] in ("done", "skipped")}
            return all(str(o["id"]) in finished for o in orders)

        await eventually(all_finished, timeout=300, interval=1)
        references = [o["extOrderId"] for o in await journey.till.orders()]
        for order in orders:
            assert references.count(f"shopify:{order['id']}") == 1, order["id"]
    finally:
        await journey.shop_config(bucket_size=40, leak_rate=2)
