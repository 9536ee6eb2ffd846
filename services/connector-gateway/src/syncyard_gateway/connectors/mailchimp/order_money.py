"""The amounts of a Mailchimp order, exactly, both ways.

Mailchimp keeps an order's lines (unit price, the line's whole discount), shipping_total,
discount_total (every discount: the lines' and the order's), tax_total and order_total, and
no field for payment fees or gift cards. Read: the order's own discount is discount_total less
the lines' discounts; tax_total is tax on top when, and only when, the parts need it to reach
order_total (Mailchimp does not say whether its prices include tax). What is then still apart
from order_total (a fee or a gift card counted in it) is left for the order check to refuse
as order_total_mismatch: never booked with a total the parts do not explain. An amount with
more decimals than the currency has is refused."""

from decimal import Decimal
from typing import Any

from syncyard_common.canonical import ChargeKind, Money, Order, OrderCharge, TooManyDecimals
from syncyard_common.canonical.order_totals import parts_total, tax_on_top
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mailchimp.payloads import MailchimpOrder


def exact_money(amount: float | int, currency: str, field: str) -> Money:
    """An order amount as Mailchimp holds it: more decimals than the currency has is refused."""
    try:
        return Money.from_decimal_exact(Decimal(str(amount)), currency, field=field)
    except TooManyDecimals as exc:
        raise ConnectorDataError(f"Mailchimp {exc}.", code="amount_too_precise") from exc


def charges(order: MailchimpOrder, line_discounts: int, currency: str) -> list[OrderCharge]:
    """Shipping, and the order's own discount (discount_total beyond the lines' discounts)."""
    found = []
    shipping = exact_money(order.shipping_total, currency, "shipping_total")
    if shipping.amount > 0:
        found.append(OrderCharge(kind=ChargeKind.SHIPPING, name="shipping", amount=shipping))
    discounts = exact_money(order.discount_total, currency, "discount_total")
    # A store that leaves discount_total at 0 (or below the lines') names no order discount.
    own = discounts.amount - line_discounts
    if own > 0:
        found.append(
            OrderCharge(
                kind=ChargeKind.DISCOUNT,
                name="discount",
                amount=Money(amount=own, currency=currency),
            )
        )
    return found


def with_tax(order: Order, tax_total: float, currency: str) -> Order:
    """The order with tax_total on top when its parts reach order_total only with it."""
    tax = exact_money(tax_total, currency, "tax_total")
    if tax.amount == 0 or order.total is None:
        return order
    if parts_total(order).amount + tax.amount != order.total.amount:
        return order  # prices include the tax (or the total holds more: the check says so)
    return order.model_copy(update={"prices_include_tax": False, "tax_total": tax})


def totals(order: Order) -> dict[str, Any]:
    """shipping_total, discount_total (line and order discounts) and tax_total as Mailchimp
    reports them; fees and gift cards are only in order_total."""
    shipping = sum(c.amount.amount for c in order.charges if c.kind is ChargeKind.SHIPPING)
    discounts = sum(c.amount.amount for c in order.charges if c.kind is ChargeKind.DISCOUNT)
    discounts += sum(line.discount.amount for line in order.lines if line.discount)
    tax = tax_on_top(order)  # 0 when the prices include it
    scale = Decimal(10) ** -Money.exponent(order.currency)
    return {
        "shipping_total": float(Decimal(shipping) * scale),
        "discount_total": float(Decimal(discounts) * scale),
        "tax_total": float(Decimal(tax) * scale),
    }
