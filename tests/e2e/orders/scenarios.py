"""What the order tests do on each side: a shopper's order, a till order, and their checks."""

from typing import Any

from syncyard_common.canonical import Address, Money, Order, OrderLine
from tests.e2e.orders.wiring import OrderPair


def shopper_order(sku: int, email: str) -> Order:
    """Two of one article at € 24.95, a billing and a separate delivery address."""
    billing = Address(
        first_name="Jan", last_name="Jansen", line1="Keizersgracht 123", street="Keizersgracht",
        house_number="123", postcode="1015 CJ", city="Amsterdam", country_code="NL",
    )  # fmt: skip
    shipping = billing.model_copy(
        update={"line1": "Prinsengracht 7", "street": "Prinsengracht", "house_number": "7"}
    )
    price = Money(amount=2495, currency="EUR")
    line = OrderLine(sku=str(sku), name="Espresso beans", quantity=2, unit_price=price)
    return Order(
        source_id=f"e2e-{sku}", currency="EUR", email=email, billing_address=billing,
        shipping_address=shipping, lines=[line], financial_status="paid",
    )  # fmt: skip


async def the_article_everywhere(pair: OrderPair, sku: int) -> None:
    await pair.till.add_article(sku, "Espresso beans", 2495)
    await pair.shop.add_product(str(sku), "Espresso beans", 2495)


async def shop_order_reaches_the_till(pair: OrderPair, sku: int) -> dict[str, Any]:
    email = f"jan.{sku}@example.nl"
    await pair.shop.place_order(shopper_order(sku, email))
    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    assert till_order["extOrderId"].startswith(f"{pair.shop.vendor}:")
    assert till_order["employeeNumber"] == 999999  # the setting's default
    assert [(x["articleNumber"], x["quantity"], x["price"]) for x in till_order["lines"]] == [
        (sku, 2, 2495)
    ]
    assert till_order["invoiceAddress"]["city"] == "Amsterdam"
    assert till_order["invoiceAddress"]["country"] == "NL"
    [debtor] = await pair.till.relations(email)
    assert till_order["relationNumber"] == debtor["relationNumber"]
    assert debtor["name"] == "Jan Jansen"
    return dict(till_order)


async def till_order_reaches_the_shop(pair: OrderPair, sku: int) -> dict[str, Any]:
    email = f"kassa.{sku}@example.nl"
    relation = await pair.till.add_relation(
        name="Els Korf", email=email, address="Damrak 1", zipcode="1012 LG", city="Amsterdam",
        country="NL",
    )  # fmt: skip
    await pair.till.place_order([(sku, 3, 2495)], relation_number=relation["relationNumber"])
    [shop_order] = await pair.until(lambda: pair.shop.orders_with(str(sku)))
    assert pair.shop.lines(shop_order) == [(str(sku), 3, 2495)]
    assert (pair.shop.email(shop_order) or "").lower() == email
    return dict(shop_order)


async def failures(pair: OrderPair) -> list[tuple[str, str]]:
    return [
        (r["failed_step"], r["failure_reason"]) for r in await pair.runs() if r["state"] == "failed"
    ]
