"""Shopify order amounts, exactly: discounts per line, shipping, tax on top, the rate it carries."""

from decimal import Decimal
from typing import Any

import pytest

from syncyard_common.canonical import ChargeKind, ExchangeRate, Money
from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.shopify.payloads import ShopifyOrder
from syncyard_gateway.connectors.shopify.translate import to_canonical_order

pytestmark = pytest.mark.unit


def money_set(shop: str, customer: str, currency: str = "EUR") -> dict[str, Any]:
    return {
        "shop_money": {"amount": shop, "currency_code": "USD"},
        "presentment_money": {"amount": customer, "currency_code": currency},
    }


def shopify_order(**fields: Any) -> ShopifyOrder:
    body: dict[str, Any] = {
        "id": 820982911946154508,
        "name": "#9999",
        "currency": "USD",
        "taxes_included": False,
        "total_price": "418.00",
        "total_tax": "20.00",
        "line_items": [
            {
                "id": 1,
                "sku": "8710001",
                "title": "Espresso machine",
                "quantity": 2,
                "price": "199.00",
                "discount_allocations": [{"amount": "10.00"}],
                "tax_lines": [{"title": "State", "rate": 0.05, "price": "19.40"}],
            }
        ],
        "shipping_lines": [
            {
                "title": "UPS",
                "price": "12.00",
                "discounted_price": "10.00",
                "tax_lines": [{"rate": 0.06, "price": "0.60"}],
            }
        ],
    }
    return ShopifyOrder.model_validate(body | fields)


def test_discounts_shipping_and_tax_on_top_add_up_to_the_total() -> None:
    order = to_canonical_order(shopify_order())
    assert order.lines[0].discount == Money(amount=1000, currency="USD")
    [shipping] = order.charges
    assert (shipping.kind, shipping.name, shipping.amount.amount) == (
        ChargeKind.SHIPPING,
        "UPS",
        1000,
    )
    assert shipping.tax_rate == Decimal("0.06")
    assert order.tax_total == Money(amount=2000, currency="USD")
    assert order.total == parts_total(order) == Money(amount=41800, currency="USD")


def test_the_rate_between_shop_and_presentment_money_is_carried() -> None:
    order = to_canonical_order(shopify_order(total_price_set=money_set("418.00", "384.56")))
    assert order.exchange_rate == ExchangeRate(currency="EUR", rate=Decimal("0.92"))


def test_one_currency_carries_no_rate() -> None:
    same = money_set("418.00", "418.00", currency="USD")
    assert to_canonical_order(shopify_order(total_price_set=same)).exchange_rate is None


def test_a_price_with_more_decimals_than_the_currency_is_refused() -> None:
    item = shopify_order().line_items[0].model_copy(update={"price": "24.955"})
    with pytest.raises(ConnectorDataError) as refused:
        to_canonical_order(shopify_order().model_copy(update={"line_items": [item]}))
    assert refused.value.code == "amount_too_precise"
    assert "line_items[1].price is 24.955 USD" in refused.value.reason
