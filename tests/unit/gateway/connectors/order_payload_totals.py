"""The total each order target computes from the payload its connector sends, in minor units,
per the vendor's documented arithmetic (the property test's yardstick)."""

from decimal import Decimal
from typing import Any

from syncyard_common.canonical import Money, Order
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.bigcommerce import order_translate as bigcommerce
from syncyard_gateway.connectors.ecwid import translate as ecwid
from syncyard_gateway.connectors.mailchimp import translate as mailchimp
from syncyard_gateway.connectors.mijnwebwinkel import translate_orders as mijnwebwinkel
from syncyard_gateway.connectors.mplus import translate as mplus
from syncyard_gateway.connectors.shopify import translate as shopify

REFERENCE = "shopify:1"


def _minor(amount: Any, order: Order) -> int:
    scaled = Decimal(str(amount)) * Decimal(10) ** Money.exponent(order.currency)
    assert scaled == scaled.to_integral_value(), f"{amount} has more decimals than the currency"
    return int(scaled)


def _ids(order: Order) -> dict[str, str]:
    return {line.sku: "1" for line in order.lines if line.sku}


def mplus_total(order: Order) -> int:
    """The till: sum of price x quantity - discountAmount over the createOrderV3 lines (cents)."""
    options = OrderCreateOptions(product_ids=_ids(order))
    body: Any = mplus.to_order_body(
        order, external_reference=REFERENCE, options=options, branch_number=1
    )
    assert body["vatMethod"] == "VAT-METHOD-INCLUSIVE"
    lines = body["lineList"]["line"]
    return sum(
        x["data"]["price"] * x["data"]["quantity"] - x["data"].get("discountAmount", 0)
        for x in lines
    )


def shopify_total(order: Order) -> int:
    """Lines at price x quantity, plus shipping lines, minus fixed discount codes."""
    body = shopify.from_canonical_order(order, name=REFERENCE, variant_ids={}, customer_id=None)
    assert body["taxes_included"] is True
    total = sum(_minor(x["price"], order) * x["quantity"] for x in body["line_items"])
    total += sum(_minor(x["price"], order) for x in body.get("shipping_lines", []))
    return total - sum(_minor(x["amount"], order) for x in body.get("discount_codes", []))


def bigcommerce_total(order: Order) -> int:
    """total_inc_tax: products + shipping + handling - discount_amount."""
    body = bigcommerce.order_body(
        order, external_reference=REFERENCE, options=OrderCreateOptions(), catalogue={}
    )
    total = sum(_minor(x["price_inc_tax"], order) * x["quantity"] for x in body["products"])
    for field in ("shipping_cost_inc_tax", "handling_cost_inc_tax"):
        total += _minor(body.get(field, "0"), order)
    return total - _minor(body.get("discount_amount", "0"), order)


def mailchimp_total(order: Order) -> int:
    """Mailchimp keeps the order's total as sent (order_total)."""
    variants = {line.sku: ("p", "v") for line in order.lines if line.sku}
    body = mailchimp.order_body(
        order, external_reference=REFERENCE, customer_id="c", email="a@b.nl", variants=variants
    )
    return _minor(Decimal(str(body["order_total"])).quantize(Decimal("0.01")), order)


def ecwid_total(order: Order) -> int:
    """Items at price x quantity plus the shipping rate (the total sent must say the same)."""
    body = ecwid.to_order_body(order, external_reference=REFERENCE, options=OrderCreateOptions())
    total = sum(_minor(x["price"], order) * x["quantity"] for x in body["items"])
    total += _minor((body.get("shippingOption") or {}).get("shippingRate", 0), order)
    if "total" in body:
        assert _minor(body["total"], order) == total
    return total


def mijnwebwinkel_total(order: Order) -> int:
    """Custom lines at amount_including_tax x quantity."""
    body = mijnwebwinkel.to_order_body(
        order, external_reference=REFERENCE, articles={}, customer_id=None
    )
    return sum(
        _minor(x["unit_price"]["amount_including_tax"], order) * x["quantity"]
        for x in body["orderlines"]
    )
