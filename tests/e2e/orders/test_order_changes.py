"""Later changes follow the order (Shopify → MplusKASSA): a cancellation in the shop cancels
the till order once, webhooks out of order end in the order's newest state, and a change the
till cannot make ends the run saying why."""

import json
from datetime import UTC, datetime
from typing import Any

from tests.e2e.journey import unique_sku
from tests.e2e.orders.scenarios import shopper_order, the_article_everywhere
from tests.e2e.orders.shops import Shopify
from tests.e2e.orders.test_order_settings import shopify_pair
from tests.e2e.orders.wiring import OrderPair, PairFactory

TERMINAL = {"done", "skipped", "failed"}


async def deliver(pair: OrderPair, shop: Shopify, topic: str, order_id: str) -> None:
    """A signed webhook of ``topic`` with the shop's order as it is now, as Shopify sends it."""
    body = json.dumps(await shop.get(order_id)).encode()
    response = await shop.driver.send_webhook(pair.webhook_url, topic, body)
    assert response.status_code == 200, response.text


async def booked(pair: OrderPair, shop: Shopify, **order: Any) -> tuple[str, str]:
    """A shopper's order booked in the till: (shop order id, till order id)."""
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    placed = shopper_order(sku, f"later.{sku}@example.nl").model_copy(update=order)
    order_id = await shop.place_order(placed)
    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    first = await pair.finished_run(order_id)
    assert first["state"] == "done", first
    return order_id, str(till_order["orderId"])


async def settled(pair: OrderPair, order_id: str, deliveries: int) -> list[dict[str, Any]]:
    """The order's runs once ``deliveries`` webhooks have each started or joined one and all
    have ended (a webhook that arrives during a run joins it: coalesced)."""

    async def ended() -> list[dict[str, Any]] | None:
        runs = await pair.runs_for(order_id)
        seen = len(runs) + sum(run["coalesced_count"] for run in runs)
        done = seen >= deliveries and all(run["state"] in TERMINAL for run in runs)
        return runs if done else None

    return list(await pair.until(ended, timeout=30))


async def cancel_calls(pair: OrderPair, since: str) -> int:
    return sum(
        1
        for call in await pair.till.driver.requests()
        if call["operation"] == "cancelOrder" and call["at"] >= since
    )


async def test_an_order_cancelled_in_the_shop_cancels_the_till_order_exactly_once(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target")
    order_id, till_id = await booked(pair, shop)
    since = datetime.now(UTC).isoformat()

    cancel = f"/orders/{order_id}/cancel.json"
    response = await shop.driver.admin_request("POST", cancel, {"reason": "customer"})
    assert response.status_code == 200, response.text
    await deliver(pair, shop, "orders/cancelled", order_id)
    await deliver(pair, shop, "orders/cancelled", order_id)  # delivered twice, as shops do

    runs = await settled(pair, order_id, deliveries=3)
    till_order = await pair.till.order(till_id)
    assert till_order["cancelState"] == "ORDER-CANCEL-STATE-COMPLETE"
    assert await cancel_calls(pair, since) == 1
    results = [run["result"] or "" for run in runs]
    assert sum("marked cancelled (cancelled in the source)" in r for r in results) == 1, results
    later = [run for run in runs if run["state"] == "skipped"]
    assert all("it is cancelled there already" in (run["result"] or "") for run in later), later


async def test_fulfilled_and_paid_webhooks_out_of_order_end_in_the_newest_state(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target")
    order_id, till_id = await booked(pair, shop, financial_status="pending")
    await shop.mark_paid(order_id)
    await shop.fulfil(order_id)

    await deliver(pair, shop, "orders/fulfilled", order_id)  # fulfilled arrives first,
    await deliver(pair, shop, "orders/paid", order_id)  # paid after it

    runs = await settled(pair, order_id, deliveries=3)
    till_order = await pair.till.order(till_id)
    assert till_order["order"]["deliveryState"] == "ORDER-DELIVERY-STATE-COMPLETE"
    assert till_order["cancelState"] != "ORDER-CANCEL-STATE-COMPLETE"
    assert "failed" not in [run["state"] for run in runs]
    results = [run["result"] or "" for run in runs]
    assert sum("marked shipped" in r for r in results) == 1, results


async def test_a_change_the_till_cannot_make_ends_the_run_saying_why(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target")
    order_id, _ = await booked(pair, shop, financial_status="pending")
    await shop.mark_paid(order_id)
    await deliver(pair, shop, "orders/paid", order_id)

    runs = await settled(pair, order_id, deliveries=2)
    [later] = [run for run in runs if run["state"] != "done"]
    assert later["state"] == "skipped"
    assert "paid in the source; mplus cannot mark an order paid" in later["result"]
