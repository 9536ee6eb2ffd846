"""The amounts of a BigCommerce v2 order, exactly: shipping, handling, wrapping and discounts.

v2 money has four decimals ("24.9500"); an amount that does not fit the currency's minor unit
("24.9550" EUR) is refused, never rounded. ``total_inc_tax`` is the subtotal plus shipping,
handling and wrapping, minus the order's discount and coupons (gift certificates are payments)."""

from decimal import Decimal

from syncyard_common.canonical import ChargeKind, Money, OrderCharge, TooManyDecimals
from syncyard_gateway.connectors.bigcommerce.payloads import BcOrder
from syncyard_gateway.connectors.errors import ConnectorDataError


def exact(value: Decimal, currency: str, field: str) -> Money:
    try:
        return Money.from_decimal_exact(value, currency, field=field)
    except TooManyDecimals as exc:
        raise ConnectorDataError(f"BigCommerce {exc}.", code="amount_too_precise") from exc


def charges(order: BcOrder, currency: str) -> list[OrderCharge]:
    parts = (
        (ChargeKind.SHIPPING, "shipping", "shipping_cost_inc_tax", order.shipping_cost_inc_tax),
        (ChargeKind.PAYMENT_FEE, "handling", "handling_cost_inc_tax", order.handling_cost_inc_tax),
        (
            ChargeKind.PAYMENT_FEE,
            "gift wrapping",
            "wrapping_cost_inc_tax",
            order.wrapping_cost_inc_tax,
        ),
        (ChargeKind.DISCOUNT, "discount", "discount_amount", order.discount_amount),
        (ChargeKind.DISCOUNT, "coupon", "coupon_discount", order.coupon_discount),
    )
    found = []
    for kind, name, field, value in parts:
        amount = exact(value, currency, field)
        if amount.amount:
            found.append(OrderCharge(kind=kind, name=name, amount=amount))
    return found
