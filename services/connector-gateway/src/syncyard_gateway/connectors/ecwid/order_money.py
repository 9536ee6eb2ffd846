"""The amounts of an Ecwid order, exactly: shipping, discounts and the tax on top.

Ecwid's ``total`` is the subtotal plus the shipping rate (plus the tax when prices exclude
it) minus the coupon discount and ``discount``, the sum of every other discount: the volume
(subtotal based) and customer group discounts are parts of it, never counted again. An amount
with more decimals than the store's currency has is refused, never rounded."""

from decimal import Decimal

from syncyard_common.canonical import ChargeKind, Money, Order, OrderCharge, TooManyDecimals
from syncyard_gateway.connectors.ecwid.payloads import EcwidOrder
from syncyard_gateway.connectors.errors import ConnectorDataError


def exact(value: Decimal, currency: str, field: str) -> Money:
    try:
        return Money.from_decimal_exact(value, currency, field=field)
    except TooManyDecimals as exc:
        raise ConnectorDataError(f"Ecwid {exc}.", code="amount_too_precise") from exc


def charges(order: EcwidOrder, currency: str) -> list[OrderCharge]:
    shipping = order.shippingOption
    parts = [
        (ChargeKind.SHIPPING, shipping.shippingMethodName if shipping else None,
         "shippingOption.shippingRate", shipping.shippingRate if shipping else None),
        (ChargeKind.DISCOUNT, "coupon", "couponDiscount", order.couponDiscount),
        # volumeDiscount is included in discount; alone only when discount is not given.
        (ChargeKind.DISCOUNT, "discount", "discount", order.discount)
        if order.discount is not None
        else (ChargeKind.DISCOUNT, "volume discount", "volumeDiscount", order.volumeDiscount),
    ]  # fmt: skip
    found = []
    for kind, name, field, value in parts:
        if value is None:
            continue
        amount = exact(value, currency, field)
        if amount.amount > 0:
            found.append(OrderCharge(kind=kind, name=(name or "").strip() or None, amount=amount))
    return found


def tax_total(order: EcwidOrder, currency: str) -> Money | None:
    if order.pricesIncludeTax or order.tax is None:
        return None
    return exact(order.tax, currency, "tax")


def shipping_option(order: Order) -> dict[str, object] | None:
    """shippingOption of a new order: the method's name and the shipping charges' rate."""
    rate = sum(c.amount.amount for c in order.charges if c.kind is ChargeKind.SHIPPING)
    if not order.shipping_method and not rate:
        return None
    option: dict[str, object] = {"shippingMethodName": order.shipping_method or "Shipping"}
    if rate:
        option["shippingRate"] = Money(amount=rate, currency=order.currency).to_decimal()
    return option
