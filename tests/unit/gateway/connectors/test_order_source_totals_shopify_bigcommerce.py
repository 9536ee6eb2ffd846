"""Property, the source half for Shopify and BigCommerce: an order generated as the vendor
documents it (its field names and money text, parts adding up to its total the vendor's way) is
read by the connector's own translation; then the read refuses it with a reason (an amount finer
than the currency), or the canonical total is the vendor's to the cent, its parts explain it,
and every target books it or refuses it before writing (test_order_totals_property's targets).
Pure: the payloads are built in memory."""

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from syncyard_common.canonical import Money
from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.bigcommerce import order_translate as bigcommerce
from syncyard_gateway.connectors.bigcommerce.payloads import BcOrder, BcOrderProduct
from syncyard_gateway.connectors.shopify import translate as shopify
from syncyard_gateway.connectors.shopify.payloads import ShopifyOrder
from tests.unit.gateway.connectors.order_source_checks import (
    RATES,
    SOURCE_SETTINGS,
    books_in_every_target,
    half_even,
    now_and_then,
    read_or_refused,
    text,
)
from tests.unit.gateway.connectors.test_order_totals_property import CURRENCIES

# --- Shopify: REST order JSON ---------------------------------------------------------------


def shopify_tax_lines(rate: Decimal | None, tax: int, currency: str) -> list[dict[str, Any]]:
    if rate is None:
        return []
    return [{"title": "BTW", "rate": float(rate), "price": text(tax, currency)}]


@st.composite
def shopify_orders(draw: st.DrawFn) -> tuple[dict[str, Any], int, str | None]:
    """A Shopify order: every discount allocated to its lines (discount_allocations), shipping
    at its discounted price, tax per line and shipping line (tax_lines, rounded half-even), the
    tax on top unless taxes_included; total_price = lines - discounts + shipping (+ tax)."""
    currency = draw(st.sampled_from(CURRENCIES))
    included = draw(st.booleans())
    items: list[dict[str, Any]] = []
    shipping_lines: list[dict[str, Any]] = []
    goods = discounts = shipping = tax = 0
    for number in range(draw(st.integers(min_value=1, max_value=5))):
        price = draw(st.integers(min_value=0, max_value=100_000))
        quantity = draw(st.integers(min_value=1, max_value=25))
        allocations = draw(
            st.lists(st.integers(min_value=0, max_value=price * quantity), max_size=2)
        )
        allocations = allocations if sum(allocations) <= price * quantity else []
        rate = draw(st.sampled_from(RATES))
        base = price * quantity - sum(allocations)
        line_tax = (
            0 if rate is None else half_even(base * rate / (1 + rate) if included else base * rate)
        )
        goods, discounts, tax = (
            goods + price * quantity,
            discounts + sum(allocations),
            tax + line_tax,
        )
        items.append(
            {
                "id": 1000 + number,
                "sku": f"S{number}",
                "title": "Koffie",
                "quantity": quantity,
                "price": text(price, currency),
                "price_set": {
                    "shop_money": {"amount": text(price, currency), "currency_code": currency},
                    "presentment_money": {
                        "amount": text(price, currency),
                        "currency_code": currency,
                    },
                },
                "discount_allocations": [{"amount": text(a, currency)} for a in allocations],
                "tax_lines": shopify_tax_lines(rate, line_tax, currency),
            }
        )
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        price = draw(st.integers(min_value=0, max_value=5_000))
        discounted = price - draw(st.integers(min_value=0, max_value=price))
        rate = draw(st.sampled_from(RATES))
        line_tax = (
            0
            if rate is None
            else half_even(discounted * rate / (1 + rate) if included else discounted * rate)
        )
        shipping, tax = shipping + discounted, tax + line_tax
        shipping_lines.append(
            {
                "title": "PostNL",
                "code": "postnl",
                "price": text(price, currency),
                "discounted_price": text(discounted, currency),
                "tax_lines": shopify_tax_lines(rate, line_tax, currency),
            }
        )
    total = goods - discounts + shipping + (0 if included else tax)
    refusal = None
    if now_and_then(draw):
        # One more digit than the currency has: "12.345" EUR, "1234.5" JPY.
        shown = str(items[0]["price"])
        items[0]["price"] = f"{shown}5" if "." in shown else f"{shown}.5"
        refusal = "amount_too_precise"
    presentment = draw(st.sampled_from([currency, "EUR", "USD"]))
    rate_to_customer = Decimal(draw(st.sampled_from(["1", "1.0732", "0.9"])))
    customer_total = (
        half_even(Decimal(total) * rate_to_customer) if presentment != currency else total
    )
    order = {
        "id": 450789469,
        "name": "#1001",
        "currency": currency,
        "presentment_currency": presentment,
        "taxes_included": included,
        "line_items": items,
        "shipping_lines": shipping_lines,
        "total_line_items_price": text(goods, currency),
        "subtotal_price": text(goods - discounts, currency),
        "total_discounts": text(discounts, currency),
        "total_tax": text(tax, currency),
        "total_price": text(total, currency),
        "current_total_price": text(total, currency),
        "current_total_tax": text(tax, currency),
        "current_subtotal_price": text(goods - discounts, currency),
        "total_price_set": {
            "shop_money": {"amount": text(total, currency), "currency_code": currency},
            "presentment_money": {
                "amount": text(customer_total, presentment),
                "currency_code": presentment,
            },
        },
        "financial_status": "paid",
    }
    return order, total, refusal


@SOURCE_SETTINGS
@given(drawn=shopify_orders())
def test_an_order_read_from_shopify_books_its_total_in_every_target_or_is_refused(
    drawn: tuple[dict[str, Any], int, str | None],
) -> None:
    body, total, refusal = drawn
    read = read_or_refused(
        lambda: shopify.to_canonical_order(ShopifyOrder.model_validate(body)), refusal
    )
    if read is None:
        return
    assert parts_total(read).amount == total  # discounts once, shipping discounted, tax on top
    shop, customer = (body["total_price_set"][k] for k in ("shop_money", "presentment_money"))
    if customer["currency_code"] != shop["currency_code"] and total:
        assert read.exchange_rate is not None
        assert read.exchange_rate.currency == customer["currency_code"]
        assert read.exchange_rate.rate == Decimal(customer["amount"]) / Decimal(shop["amount"])
    books_in_every_target(read, total)


# --- BigCommerce: v2 order and its products -------------------------------------------------


@st.composite
def bigcommerce_orders(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], list[dict[str, Any]], int, str | None]:
    """A v2 order (four-decimal money text): total_inc_tax = subtotal_inc_tax (Σ price_inc_tax x
    quantity) + shipping, handling and wrapping - the order's discount - coupons; price_ex_tax is
    the inclusive price less its VAT, to four places."""
    currency = draw(st.sampled_from(CURRENCIES))
    products = []
    subtotal = 0
    for number in range(draw(st.integers(min_value=1, max_value=5))):
        inc = draw(st.integers(min_value=0, max_value=100_000))
        quantity = draw(st.integers(min_value=1, max_value=25))
        rate = draw(st.sampled_from(RATES)) or Decimal(0)
        ex = (
            (Decimal(inc) / (1 + rate))
            .scaleb(-Money.exponent(currency))
            .quantize(Decimal("0.0001"))
        )
        subtotal += inc * quantity
        products.append(
            {
                "id": 10 + number,
                "order_id": 100,
                "product_id": 77,
                "name": "Koffie",
                "sku": f"S{number}",
                "quantity": quantity,
                "price_inc_tax": text(inc, currency, 4),
                "price_ex_tax": f"{ex:.4f}",
            }
        )
    costs = {
        name: draw(st.sampled_from([0, 0, 495, draw(st.integers(min_value=1, max_value=5_000))]))
        for name in ("shipping_cost_inc_tax", "handling_cost_inc_tax", "wrapping_cost_inc_tax")
    }
    gross = subtotal + sum(costs.values())
    discount = draw(st.integers(min_value=0, max_value=gross // 4))
    coupon = draw(st.integers(min_value=0, max_value=gross // 4))
    total = gross - discount - coupon
    refusal = "amount_too_precise" if now_and_then(draw) else None
    order = {
        "id": 100,
        "status_id": 11,
        "status": "Awaiting Fulfillment",
        "currency_code": currency,
        "default_currency_code": currency,
        "currency_exchange_rate": "1.0000000000",
        "subtotal_inc_tax": text(subtotal, currency, 4),
        "total_inc_tax": text(total, currency, 4),
        **{name: text(value, currency, 4) for name, value in costs.items()},
        "discount_amount": text(discount, currency, 4),
        "coupon_discount": text(coupon, currency, 4),
        "billing_address": {"first_name": "Anna", "email": "anna@example.nl"},
    }
    if refusal:
        # One more digit than the currency has: "4.9550" EUR, "495.5000" JPY.
        exponent = Money.exponent(currency)
        shifted = Decimal(costs["shipping_cost_inc_tax"]).scaleb(-exponent) + Decimal(5).scaleb(
            -exponent - 1
        )
        order["shipping_cost_inc_tax"] = f"{shifted:.4f}"
    return order, products, total, refusal


@SOURCE_SETTINGS
@given(drawn=bigcommerce_orders())
def test_an_order_read_from_bigcommerce_books_its_total_in_every_target_or_is_refused(
    drawn: tuple[dict[str, Any], list[dict[str, Any]], int, str | None],
) -> None:
    order, products, total, refusal = drawn
    read = read_or_refused(
        lambda: bigcommerce.to_canonical_order(
            BcOrder.model_validate(order), [BcOrderProduct.model_validate(p) for p in products], []
        ),
        refusal,
    )
    if read is None:
        return
    assert parts_total(read).amount == total
    books_in_every_target(read, total)
