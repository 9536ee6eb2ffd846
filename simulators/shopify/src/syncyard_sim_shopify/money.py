"""Decimal-string money, the way the Shopify REST API prints it."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")


def parse_amount(value: Any) -> Decimal | None:
    """Parse "12.50" / 12.5 into a Decimal rounded to cents; None when not a number."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite():
        return None
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal) -> str:
    """Two-decimal string, e.g. "12.50"."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def money_set(amount: Decimal, currency: str) -> dict[str, Any]:
    """The `*_set` block: shop and presentment money (one currency in the simulator)."""
    money = {"amount": fmt(amount), "currency_code": currency}
    return {"shop_money": dict(money), "presentment_money": dict(money)}


def tax_line(title: str, rate: Decimal, price: Decimal, currency: str) -> dict[str, Any]:
    """A tax line: `{title, rate, price, price_set, channel_liable}`."""
    return {
        "title": title,
        "rate": float(rate),
        "price": fmt(price),
        "price_set": money_set(price, currency),
        "channel_liable": False,
    }
