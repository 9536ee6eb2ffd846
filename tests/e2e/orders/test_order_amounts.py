"""Orders that add up, end to end: the till books the shop's total to the cent, or the run fails
before anything is written, with a reason naming what the till cannot hold."""

from typing import Any

from tests.e2e.journey import unique_sku
from tests.e2e.orders.shops import BigCommerce, Shopify
from tests.e2e.orders.wiring import OrderPair, PairFactory

BILLING = {"first_name": "Vera", "last_name": "Maas", "address1": "Dam 1", "zip": "1012 JS",
           "city": "Amsterdam", "country_code": "NL"}  # fmt: skip


def raw_order(email: str, *lines: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"email": email, "billing_address": BILLING, "line_items": list(lines)} | fields


def item(sku: int | str, price: str, quantity: int = 1, title: str = "Espresso") -> dict[str, Any]:
    return {"sku": str(sku), "title": title, "quantity": quantity, "price": price}


async def shopify_pair(order_pair: PairFactory) -> tuple[OrderPair, Shopify]:
    pair = await order_pair("shopify")
    assert isinstance(pair.shop, Shopify)
    return pair, pair.shop


async def nothing_written(pair: OrderPair, sku: int, email: str) -> None:
    assert await pair.till.orders_with(sku) == []
    assert await pair.till.relations(email) == []  # no orphan debtor


async def test_a_usd_order_into_the_eur_till_fails_naming_both_and_writes_nothing(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target")
    sku, email = unique_sku(), f"usd.{unique_sku()}@example.com"
    await pair.till.add_article(sku, "Espresso", 2495)
    placed = await shop.order_raw(**raw_order(email, item(sku, "398.00"), currency="USD"))
    run = await pair.finished_run(str(placed["id"]))
    assert run["state"] == "failed"
    assert run["failure_code"] == "currency_not_kept"
    assert "USD" in run["failure_reason"]
    assert "EUR" in run["failure_reason"]
    await nothing_written(pair, sku, email)


async def test_shipping_is_booked_on_the_shipping_article_and_the_totals_match(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    sku, shipping_article = unique_sku(), unique_sku()
    await pair.till.add_article(sku, "Espresso machine", 39800)
    await pair.till.add_article(shipping_article, "Verzendkosten", 0)
    await pair.start("source_to_target", {"shipping_article_sku": str(shipping_article)})
    shipping = [{"title": "PostNL", "price": "10.00"}]
    email = f"ship.{sku}@example.nl"
    placed = await shop.order_raw(**raw_order(email, item(sku, "398.00"), shipping_lines=shipping))
    assert placed["total_price"] == "408.00"
    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    assert till_order["totalInclAmount"] == 40800
    booked = {(x["articleNumber"], x["quantity"], x["price"]) for x in till_order["lines"]}
    assert booked == {(sku, 1, 39800), (shipping_article, 1, 1000)}


async def test_a_ten_thousand_character_name_is_refused_or_cut_by_setting(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target")
    sku = unique_sku()
    await pair.till.add_article(sku, "Espresso", 2495)
    long_name = "L" * 10_000
    email = f"long.{sku}@example.nl"
    billing = BILLING | {"last_name": long_name}
    placed = await shop.order_raw(**raw_order(email, item(sku, "24.95"), billing_address=billing))
    run = await pair.finished_run(str(placed["id"]))
    assert run["state"] == "failed"
    assert run["failure_code"] == "text_too_long"
    assert run["failed_step"] == "check_order"
    assert "last_name is 10,000 characters" in run["failure_reason"]
    await nothing_written(pair, sku, email)

    await pair.start("source_to_target", {"long_texts": "truncate"})
    cut_sku = unique_sku()
    await pair.till.add_article(cut_sku, "Espresso", 2495)
    cut_email = f"cut.{cut_sku}@example.nl"
    placed = await shop.order_raw(
        **raw_order(cut_email, item(cut_sku, "24.95"), billing_address=billing)
    )
    run = await pair.finished_run(str(placed["id"]))
    assert run["state"] == "done", run
    [debtor] = await pair.till.relations(cut_email)
    assert len(debtor["name"]) < 300
    log = await pair.run_log(run["id"])
    cuts = [e["message"] for e in log if e["step"] == "check_order"]
    assert any("cut from 10000 to 100 characters" in text for text in cuts), cuts


async def test_an_unknown_sku_on_line_250_leaves_no_debtor_behind(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target")
    known, ghost = unique_sku(), unique_sku()
    await pair.till.add_article(known, "Espresso", 100)
    lines = [item(known, "1.00") for _ in range(249)] + [item(ghost, "1.00")]
    email = f"ghost.{known}@example.nl"
    placed = await shop.order_raw(**raw_order(email, *lines))
    run = await pair.finished_run(str(placed["id"]))
    assert run["state"] == "failed"
    assert str(ghost) in run["failure_reason"]
    await nothing_written(pair, known, email)


async def test_a_negative_till_price_is_refused_before_the_shop_is_written(
    order_pair: PairFactory,
) -> None:
    pair = await order_pair("shopify")
    assert isinstance(pair.shop, Shopify)
    await pair.start("target_to_source")
    sku = unique_sku()
    email = f"neg.{sku}@example.nl"
    await pair.till.add_article(sku, "Espresso", 2495)
    relation = await pair.till.add_relation(name="Els Korf", email=email, city="Amsterdam")
    till_order = await pair.till.place_order(
        [(sku, 1, -2495)], relation_number=relation["relationNumber"]
    )
    run = await pair.finished_run(till_order["orderId"])
    assert run["state"] == "failed"
    assert run["failure_code"] == "negative_price"
    assert "-24.95" in run["failure_reason"]
    assert await pair.shop.orders_with(str(sku)) == []


async def test_a_price_with_more_decimals_than_the_currency_is_refused_not_rounded(
    order_pair: PairFactory,
) -> None:
    pair = await order_pair("bigcommerce")
    assert isinstance(pair.shop, BigCommerce)
    await pair.start("source_to_target")
    sku = unique_sku()
    await pair.till.add_article(sku, "Espresso", 2496)
    body = {
        "billing_address": {"first_name": "Ida", "last_name": "Vos", "street_1": "Dam 1",
                            "city": "Amsterdam", "zip": "1012 JS", "country_iso2": "NL",
                            "email": f"dec.{sku}@example.nl"},
        "products": [{"name": "Espresso", "sku": str(sku), "quantity": 1,
                      "price_inc_tax": "24.955", "price_ex_tax": "24.955"}],
        "status_id": 11,
    }  # fmt: skip
    response = await pair.shop.control.post(f"{pair.shop.url}/_sim/orders", json=body)
    assert response.status_code == 201, response.text
    run = await pair.finished_run(str(response.json()["id"]))
    assert run["state"] == "failed"
    assert run["failure_code"] == "amount_too_precise"
    assert "24.955" in run["failure_reason"]
    assert await pair.till.orders_with(sku) == []


async def test_a_voided_order_is_not_booked_and_the_run_says_why(order_pair: PairFactory) -> None:
    pair, shop = await shopify_pair(order_pair)
    await pair.start("source_to_target")  # not_booked defaults to voided and cancelled
    sku = unique_sku()
    await pair.till.add_article(sku, "Espresso", 2495)
    email = f"void.{sku}@example.nl"
    placed = await shop.order_raw(**raw_order(email, item(sku, "24.95"), financial_status="voided"))
    run = await pair.finished_run(str(placed["id"]))
    assert run["state"] == "skipped"
    messages = [e["message"] or "" for e in await pair.run_log(run["id"])]
    assert any("voided" in text and "not_booked" in text for text in messages), messages
    await nothing_written(pair, sku, email)


async def test_bigcommerce_shipping_reaches_the_till_and_the_totals_match(
    order_pair: PairFactory,
) -> None:
    pair = await order_pair("bigcommerce")
    assert isinstance(pair.shop, BigCommerce)
    sku, shipping_article = unique_sku(), unique_sku()
    await pair.till.add_article(sku, "Espresso", 2495)
    await pair.till.add_article(shipping_article, "Verzendkosten", 0)
    await pair.start("source_to_target", {"shipping_article_sku": str(shipping_article)})
    body = {
        "billing_address": {"first_name": "Ida", "last_name": "Vos", "street_1": "Dam 1",
                            "city": "Amsterdam", "zip": "1012 JS", "country_iso2": "NL",
                            "email": f"bc.{sku}@example.nl"},
        "products": [{"name": "Espresso", "sku": str(sku), "quantity": 2,
                      "price_inc_tax": "24.95", "price_ex_tax": "20.62"}],
        "shipping_cost_inc_tax": "6.95",
        "status_id": 11,
    }  # fmt: skip
    response = await pair.shop.control.post(f"{pair.shop.url}/_sim/orders", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["total_inc_tax"] == "56.8500"
    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    assert till_order["totalInclAmount"] == 5685
    booked = {(x["articleNumber"], x["quantity"], x["price"]) for x in till_order["lines"]}
    assert booked == {(sku, 2, 2495), (shipping_article, 1, 695)}
