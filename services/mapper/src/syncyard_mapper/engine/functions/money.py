"""Money in minor units: formatting, parsing, and prices incl./excl. tax (half-even rounding)."""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from syncyard_common.canonical import Money
from syncyard_mapper.engine.functions.errors import FunctionError
from syncyard_mapper.engine.functions.presence import is_missing


def _decimal(value: Any, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise FunctionError(f"{what} {value!r} is not a number") from None


def _rate(rate: Any) -> Decimal:
    """0.21, '0.21' and 21 all mean 21 %."""
    found = _decimal(rate, "tax rate")
    if found < 0:
        raise FunctionError(f"tax rate {rate!r} is negative")
    return found / 100 if found > 1 else found


def _amount(price: Any) -> tuple[int, str | None]:
    """A Money object or a plain amount in minor units."""
    if isinstance(price, dict):
        if not isinstance(price.get("amount"), int | float):
            raise FunctionError(f"{price!r} is not money: it needs an amount")
        return int(price["amount"]), price.get("currency")
    if isinstance(price, int | float) and not isinstance(price, bool):
        return int(price), None
    raise FunctionError(f"{price!r} is not money (an object with amount, or minor units)")


def _same_shape(amount: Decimal, currency: str | None) -> Any:
    whole = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    return whole if currency is None else {"amount": whole, "currency": currency}


def exclude_tax(price: Any = None, rate: Any = None) -> Any:
    """({amount: 1210}, 0.21) → {amount: 1000}: a price incl. tax without it."""
    if is_missing(price) or is_missing(rate):
        return None
    amount, currency = _amount(price)
    return _same_shape(Decimal(amount) / (1 + _rate(rate)), currency)


def include_tax(price: Any = None, rate: Any = None) -> Any:
    """({amount: 1000}, 0.21) → {amount: 1210}: a price excl. tax with it."""
    if is_missing(price) or is_missing(rate):
        return None
    amount, currency = _amount(price)
    return _same_shape(Decimal(amount) * (1 + _rate(rate)), currency)


def tax_amount(price: Any = None, rate: Any = None) -> Any:
    """({amount: 1210}, 0.21) → {amount: 210}: the tax inside a price incl. tax."""
    if is_missing(price) or is_missing(rate):
        return None
    amount, currency = _amount(price)
    net = Decimal(amount) / (1 + _rate(rate))
    gross = Decimal(amount)
    return _same_shape(gross - net.quantize(Decimal(1), rounding=ROUND_HALF_EVEN), currency)


def to_money(value: Any = None, currency: Any = None) -> dict[str, Any] | None:
    """('24.95', 'EUR') → {amount: 2495, currency: 'EUR'}: a decimal price as canonical money."""
    if is_missing(value):
        return None
    if not isinstance(currency, str) or len(currency) != 3:
        raise FunctionError(f"$money needs a three-letter currency, got {currency!r}")
    money = Money.from_decimal(_decimal(value, "price"), currency.upper())
    return {"amount": money.amount, "currency": money.currency}


def format_money(money: Any = None, decimal_mark: Any = ".", thousands: Any = "") -> str | None:
    """({amount: 123450, currency: 'EUR'}, ',', '.') → '1.234,50'."""
    if is_missing(money):
        return None
    amount, currency = _amount(money)
    exponent = Money.exponent(currency or "EUR")
    text = f"{Decimal(amount).scaleb(-exponent):,.{exponent}f}"
    return text.replace(",", "\0").replace(".", str(decimal_mark)).replace("\0", str(thousands))
