"""The amounts of a Shopify order, exactly: discounts per line, shipping, tax, the rate it carries.

Shopify's plain amount fields are in the shop's currency. Every discount (of a line or of the
order) is allocated to the lines it applies to (``discount_allocations``), so an order discount
never appears twice; shipping is a charge at its discounted price; a gift card is a payment,
not a part of the total. An amount with more decimals than the currency has is refused."""

from decimal import Decimal, InvalidOperation
from typing import Any

from syncyard_common.canonical import (
    ChargeKind,
    ExchangeRate,
    Money,
    Order,
    OrderCharge,
    TooManyDecimals,
)
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.shopify.payloads import ShopifyLineItem, ShopifyOrder


def exact(value: str, currency: str, field: str) -> Money:
    """An amount as the shop sent it: never rounded without a word."""
    try:
        return Money.from_decimal_exact(value, currency, field=field)
    except TooManyDecimals as exc:
        raise ConnectorDataError(f"Shopify {exc}.", code="amount_too_precise") from exc
    except InvalidOperation as exc:
        raise ConnectorDataError(
            f"Shopify {field} is {value!r}, which is not an amount.", code="amount_invalid"
        ) from exc


def _rate(tax_lines: list[Decimal | None]) -> Decimal | None:
    rates = [rate for rate in tax_lines if rate is not None]
    return sum(rates, Decimal(0)) if rates else None


def line_discount(item: ShopifyLineItem, currency: str, where: str) -> Money | None:
    """Every discount Shopify allocated to the line, over all its units."""
    amounts = [
        exact(allocation.amount, currency, f"{where}.discount_allocations").amount
        for allocation in item.discount_allocations
    ]
    total = sum(amounts)
    return Money(amount=total, currency=currency) if total else None


def charges(order: ShopifyOrder, currency: str) -> list[OrderCharge]:
    """Shipping lines at their discounted price (the price when Shopify gives no other)."""
    found = []
    for i, line in enumerate(order.shipping_lines, start=1):
        price = line.discounted_price if line.discounted_price is not None else line.price
        if price is None:
            continue
        amount = exact(price, currency, f"shipping_lines[{i}].price")
        if amount.amount == 0:
            continue
        rate = _rate([Decimal(t.rate) if t.rate is not None else None for t in line.tax_lines])
        name = (line.title or line.code or "").strip() or None
        found.append(OrderCharge(kind=ChargeKind.SHIPPING, name=name, amount=amount, tax_rate=rate))
    return found


def tax_total(order: ShopifyOrder, currency: str) -> Money | None:
    """The tax on top, when the shop's prices exclude it."""
    if order.taxes_included or order.total_tax is None:
        return None
    return exact(order.total_tax, currency, "total_tax")


def exchange_rate(order: ShopifyOrder) -> ExchangeRate | None:
    """The rate between the shop's money and the customer's, from the order's total."""
    money = order.total_price_set
    if money is None:
        return None
    shop, customer = money.shop_money, money.presentment_money
    if shop.currency_code.upper() == customer.currency_code.upper():
        return None
    if Decimal(shop.amount) == 0:
        return None
    rate = Decimal(customer.amount) / Decimal(shop.amount)
    return ExchangeRate(currency=customer.currency_code.upper(), rate=rate)


def charge_fields(order: Order) -> dict[str, Any]:
    """An import body's shipping_lines and discount_codes (fixed amounts) from the charges."""
    shipping = [
        {"title": c.name or "Shipping", "code": c.name or "Shipping",
         "price": c.amount.to_decimal_string()}
        for c in order.charges
        if c.kind is ChargeKind.SHIPPING
    ]  # fmt: skip
    discounts = [
        {"code": c.name or "Discount", "amount": c.amount.to_decimal_string(),
         "type": "fixed_amount"}
        for c in order.charges
        if c.kind is ChargeKind.DISCOUNT
    ]  # fmt: skip
    fields: dict[str, Any] = {}
    if shipping:
        fields["shipping_lines"] = shipping
    if discounts:
        fields["discount_codes"] = discounts
    return fields
