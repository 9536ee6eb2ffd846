"""A shop's rate limit (429 + Retry-After) makes orders wait, never fail, and never double."""

from tests.e2e.journey import JourneyFactory, address, line, unique_sku

ORDERS = 6


async def test_orders_fetched_through_a_throttled_shop_all_arrive_once(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Nuts", "priceIncl": 300})
    # A tiny bucket, and the next calls refused outright: our own pacer keeps to Shopify's
    # published budget, so a 429 only comes when the shop's budget is smaller than promised.
    await journey.shop_config(bucket_size=2, leak_rate=2)
    await journey.shop.fail_next(429, count=3)
    try:
        orders = [
            await journey.shop_order(
                email=f"t{i}.{sku}@example.nl",
                billing_address=address(),
                line_items=[line(sku, 1, "3.00")],
            )
            for i in range(ORDERS)
        ]
        for order in orders:
            assert (await journey.finished_run(order["id"], timeout=120))["state"] == "done"
        requests = await journey.shop.requests()
        assert any(r["status"] == 429 for r in requests), "the shop never throttled"
    finally:
        await journey.shop_config(bucket_size=40, leak_rate=2)
    for order in orders:
        assert len(await journey.till_orders(order["id"])) == 1
