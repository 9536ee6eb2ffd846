"""A burst of webhooks with duplicates, stale bodies and topics out of order: every order is
re-read from the shop (many in one call), and each becomes exactly one till order with the
data the shop holds now, never the data of a webhook body."""

import asyncio
import uuid

from tests.e2e.journey import JourneyFactory, address, line, order_json, unique_sku
from tests.fixtures.barrier import settled
from tests.fixtures.eventually import eventually

ORDERS = 20


async def test_a_burst_with_duplicate_stale_and_out_of_order_webhooks_books_each_order_once(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Koffie", "priceIncl": 995})
    placed = [
        await journey.shop_order(
            email=f"burst.{sku}.{n}@example.nl",
            billing_address=address(),
            line_items=[line(sku, 1, "9.95")],
        )
        for n in range(ORDERS)
    ]
    # The shop sends each orders/create itself; on top of that, for every order: a duplicate
    # of one delivery, an orders/updated that arrives first, and a stale body that claims
    # another quantity and price (a body is only a hint: the order is read from the shop).
    deliveries = []
    for order in placed:
        stale = {**order, "line_items": [line(sku, 5, "1.00")]}
        event = str(uuid.uuid4())
        deliveries += [
            journey.post_webhook(order_json(stale), topic="orders/updated"),
            journey.post_webhook(order_json(order), event_id=event),
            journey.post_webhook(order_json(order), event_id=event),
        ]
    answers = await asyncio.gather(*deliveries)
    assert {answer.status_code for answer in answers} == {200}

    async def all_booked() -> list[list[dict[str, object]]] | None:
        booked = [await journey.till_orders(order["id"]) for order in placed]
        return booked if all(booked) else None

    booked = await eventually(all_booked, timeout=120)
    await settled(journey.system)  # every delivery and run worked off: a second order would show
    for order in placed:
        [till_order] = await journey.till_orders(order["id"])
        assert [(x["articleNumber"], x["quantity"], x["price"]) for x in till_order["lines"]] == [
            (sku, 1, 995)
        ]
    assert len(booked) == ORDERS
    for order in placed:
        states = [run["state"] for run in await journey.runs_for(order["id"])]
        assert states.count("done") == 1, states  # later deliveries joined or were skipped
        assert "failed" not in states, states
