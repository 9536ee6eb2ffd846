"""Each order-flow setting shows its effect end to end (Shopify ↔ MplusKASSA, through the APIs).

Company debtor with contact vs person debtor: tests/e2e/test_order_to_till.py. Invoices
(``as_order`` / ``skip``): no connector reads an order as ``OrderKind.INVOICE`` today, so the
setting is proven on the flow itself (tests/unit/orchestrator/flows/test_order_settings.py).
"""

from functools import partial
from typing import Any

from tests.e2e.journey import unique_sku
from tests.e2e.orders.scenarios import shopper_order, the_article_everywhere
from tests.e2e.orders.shops import Shopify
from tests.e2e.orders.wiring import OrderPair, PairFactory
from tests.fixtures.eventually import eventually


async def shopify_pair(order_pair: PairFactory, **kwargs: Any) -> tuple[OrderPair, Shopify]:
    pair = await order_pair("shopify", **kwargs)
    assert isinstance(pair.shop, Shopify)
    return pair, pair.shop


async def test_the_till_order_is_booked_on_the_employee_of_the_settings(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.till.add_employee(4321)
    await pair.start("source_to_target", {"employee_number": 4321})
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    await shop.place_order(shopper_order(sku, f"e.{sku}@example.nl"))
    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    assert till_order["employeeNumber"] == 4321


async def test_an_employee_the_till_does_not_know_fails_the_run_naming_it(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target", {"employee_number": 4322})  # never seeded
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    order_id = await shop.place_order(shopper_order(sku, f"u.{sku}@example.nl"))
    run = await pair.finished_run(order_id)
    assert run["state"] == "failed"
    assert "4322" in run["failure_reason"]
    assert await pair.till.orders_with(sku) == []


async def test_the_default_debtor_takes_every_order_instead_of_e_mail_matching(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    sku = unique_sku()
    house = await pair.till.add_relation(name=f"Webshop klanten {sku}", email=f"web.{sku}@shop.nl")
    number = house["relationNumber"]
    await pair.start("source_to_target", {"default_debtor_id": str(number)})
    await the_article_everywhere(pair, sku)
    email = f"d.{sku}@example.nl"
    await shop.place_order(shopper_order(sku, email))
    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    assert till_order["relationNumber"] == number
    assert await pair.till.relations(email) == []  # no debtor made for the shopper


async def test_missing_products_fail_at_once_naming_every_sku(order_pair: PairFactory) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target", {"missing_products": "fail"})
    known, ghost_a, ghost_b = unique_sku(), unique_sku(), unique_sku()
    await the_article_everywhere(pair, known)
    order = shopper_order(known, f"m.{known}@example.nl")
    extra = [order.lines[0].model_copy(update={"sku": str(s)}) for s in (ghost_a, ghost_b)]
    order = order.model_copy(update={"lines": [*order.lines, *extra]})
    order_id = await shop.place_order(order)
    run = await pair.finished_run(order_id)
    assert run["state"] == "failed"
    assert str(ghost_a) in run["failure_reason"]
    assert str(ghost_b) in run["failure_reason"]
    assert await pair.till.orders_with(known) == []


WAIT = {
    "missing_products": "wait",
    "missing_products_recheck_seconds": 10,
    "missing_products_wait_minutes": 1,
}


async def test_waiting_for_a_missing_product_creates_the_order_once_it_exists(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target", WAIT)
    sku = unique_sku()
    await shop.add_product(str(sku), "Late article", 2495)  # in the shop, not yet in the till
    order_id = await shop.place_order(shopper_order(sku, f"w.{sku}@example.nl"))

    async def waiting() -> bool:
        return any(r["state"] == "waiting_for_products" for r in await pair.runs_for(order_id))

    await pair.until(waiting, timeout=30)
    await pair.till.add_article(sku, "Late article", 2495)  # created during the wait
    run = await pair.finished_run(order_id, timeout=40)
    assert run["state"] == "done", run["failure_reason"]
    assert len(await pair.till.orders_with(sku)) == 1
    log = await eventually(lambda: pair.run_log(run["id"]))
    assert any("checking again" in (e["message"] or "") for e in log)


async def test_waiting_ends_in_a_failure_when_the_product_never_comes(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target", WAIT)
    sku = unique_sku()
    await shop.add_product(str(sku), "Never article", 2495)
    order_id = await shop.place_order(shopper_order(sku, f"n.{sku}@example.nl"))
    run = await pair.finished_run(order_id, timeout=100)  # the one-minute window, then a check
    assert run["state"] == "failed"
    assert str(sku) in run["failure_reason"]
    assert "still missing after 1 min" in run["failure_reason"]


async def test_value_maps_turn_shop_methods_into_the_tills_names(order_pair: PairFactory) -> None:
    pair, shop = await shopify_pair(order_pair)
    shipping_article = unique_sku()  # the orders below carry shipping: booked on this article
    await pair.till.add_article(shipping_article, "Verzendkosten", 0)
    await pair.start("source_to_target", {"shipping_article_sku": str(shipping_article)})
    mapper = pair.system.url("mapper")
    maps = {
        "payment_methods": {"entries": {"ideal": "IDEAL"}, "on_unmapped": "use_default"},
        "shipping_methods": {"entries": {"PostNL": "BEZORGEN"}, "on_unmapped": "fail"},
    }
    for name, body in maps.items():
        url = f"{mapper}/v1/integrations/{pair.integration_id}/value-maps/{name}"
        response = await pair.api.put(url, json=body)
        assert response.status_code == 200, response.text
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    await shop.order_raw(**_raw_order(sku, gateway="ideal", shipping="PostNL"))
    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    assert till_order["order"]["paymentMethod"] == "IDEAL"
    assert till_order["order"]["deliveryMethod"] == "BEZORGEN"

    unmapped = unique_sku()
    await the_article_everywhere(pair, unmapped)
    placed = await shop.order_raw(**_raw_order(unmapped, gateway="ideal", shipping="DHL"))
    run = await pair.finished_run(str(placed["id"]))
    assert run["state"] == "failed"
    assert "DHL" in run["failure_reason"]
    assert "shipping_methods" in run["failure_reason"]


def _raw_order(sku: int, *, gateway: str, shipping: str) -> dict[str, Any]:
    return {
        "email": f"v.{sku}@example.nl",
        "billing_address": {"first_name": "Vera", "last_name": "Maas", "address1": "Dam 1",
                            "zip": "1012 JS", "city": "Amsterdam", "country_code": "NL"},
        "line_items": [{"sku": str(sku), "title": "Article", "quantity": 1, "price": "24.95"}],
        "payment_gateway_names": [gateway],
        "shipping_lines": [{"title": shipping, "price": "4.95"}],
    }  # fmt: skip


async def test_status_back_the_till_delivers_or_cancels_and_the_shop_order_follows(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target", {"sync_status_back": True})
    shipped, cancelled = unique_sku(), unique_sku()
    placed: dict[int, str] = {}
    for sku in (shipped, cancelled):
        await the_article_everywhere(pair, sku)
        placed[sku] = await shop.place_order(shopper_order(sku, f"s.{sku}@example.nl"))
    till_orders: dict[int, dict[str, Any]] = {}
    for sku in (shipped, cancelled):
        [till_orders[sku]] = await pair.until(partial(pair.till.orders_with, sku))
    await pair.till.deliver(till_orders[shipped]["orderId"])
    await pair.till.cancel(till_orders[cancelled]["orderId"])

    async def shop_follows() -> bool:
        delivered = await shop.get(placed[shipped])
        withdrawn = await shop.get(placed[cancelled])
        return delivered["fulfillment_status"] == "fulfilled" and bool(withdrawn["cancelled_at"])

    await pair.until(shop_follows, timeout=30)


async def test_status_back_the_shop_ships_and_the_till_delivers_but_paid_is_not_told(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair, statuses=True)
    await pair.start("target_to_source", {"sync_status_back": True})
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    relation = await pair.till.add_relation(name="Els Korf", email=f"k.{sku}@example.nl")
    till_order = await pair.till.place_order(
        [(sku, 1, 2495)], relation_number=relation["relationNumber"]
    )
    [shop_order] = await pair.until(lambda: shop.orders_with(str(sku)))
    shop_id = str(shop_order["id"])

    await shop.mark_paid(shop_id)
    paid_run = await pair.finished_run(shop_id, flow="order_status")
    assert paid_run["state"] == "skipped"  # MplusKASSA cannot be told "paid"
    log = await eventually(lambda: pair.run_log(paid_run["id"]))
    assert any("cannot be marked paid" in (e["message"] or "") for e in log)

    await shop.fulfil(shop_id)

    async def delivered() -> bool:
        order = await pair.till.order(till_order["orderId"])
        return bool(order["order"].get("deliveryState") == "ORDER-DELIVERY-STATE-COMPLETE")

    await pair.until(delivered, timeout=30)
