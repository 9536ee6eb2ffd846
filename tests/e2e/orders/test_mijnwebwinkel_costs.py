"""A MijnWebwinkel order with shipping and payment costs reaches the till: each cost is a line
on the article the order flow names for it, and the till's total is the shop's to the cent."""

from decimal import Decimal

from tests.e2e.journey import unique_sku
from tests.e2e.orders.shops import MijnWebwinkel
from tests.e2e.orders.wiring import PairFactory

INVOICE = {"name": "Vera Maas", "street": "Dam", "number": "1", "zipcode": "1012JS",
           "city": "Amsterdam", "country_code": "NL"}  # fmt: skip


async def test_shipping_and_a_payment_cost_over_two_vat_rates_are_booked_on_their_articles(
    order_pair: PairFactory,
) -> None:
    pair = await order_pair("mijnwebwinkel")
    assert isinstance(pair.shop, MijnWebwinkel)
    sku, shipping_article, fee_article = unique_sku(), unique_sku(), unique_sku()
    await pair.till.add_article(sku, "Espresso", 1250)
    await pair.till.add_article(shipping_article, "Verzendkosten", 0)
    await pair.till.add_article(fee_article, "Betaalkosten", 0)
    await pair.shop.add_product(str(sku), "Espresso", 1250)
    settings = {
        "shipping_article_sku": str(shipping_article),
        "payment_fee_article_sku": str(fee_article),
    }
    await pair.start("source_to_target", settings)
    [article] = [a for a in await pair.shop.driver.records("articles") if a["sku"] == str(sku)]
    body = {
        "debtor": {"email": f"costs.{sku}@example.nl", "address": {"invoice": INVOICE}},
        "orderlines": [
            {"type": "article", "quantity": 2, "articles": [{"id": article["id"]}]},
            {"type": "shipping", "description": "PostNL",
             "price": {"amount_including_tax": "5.95", "rate": "21.00"}},
            {"type": "payment", "description": "iDEAL",
             "price": [{"amount_including_tax": "0.21", "rate": "9.00"},
                       {"amount_including_tax": "0.79", "rate": "21.00"}]},
        ],
    }  # fmt: skip
    placed = await pair.shop.driver.place_order(body)
    assert placed["price"]["total"] == "31.95"  # 2 x 12.50 + 5.95 + 0.21 + 0.79
    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    assert till_order["totalInclAmount"] == int(Decimal(placed["price"]["total"]) * 100)
    booked = sorted((x["articleNumber"], x["quantity"], x["price"]) for x in till_order["lines"])
    assert booked == sorted(
        [(sku, 2, 1250), (shipping_article, 1, 595), (fee_article, 1, 21), (fee_article, 1, 79)]
    )
    # The till has the order a moment before the run records its answer.
    run = await pair.finished_run(str(placed["number"]))
    assert run["state"] == "done", run
