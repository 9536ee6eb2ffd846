"""Decimal strings as the API prints them ("12.50"); numbers are accepted on input."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from syncyard_sim_mijnwebwinkel.errors import invalid


def to_decimal(value: Any, field: str) -> Decimal:
    """Parse a price given as string or number; 422 naming `field` when it is not one."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise invalid(f"{field}: This value should be a decimal number.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise invalid(f"{field}: This value should be a decimal number.") from None
    if not number.is_finite():
        raise invalid(f"{field}: This value should be a decimal number.")
    return number


def price_string(value: Decimal, places: int = 2) -> str:
    """`Decimal("12.5")` → `"12.50"` (half up, as the store rounds)."""
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def normalise_price(value: Any, field: str) -> str:
    """An input price as the API stores and prints it."""
    return price_string(to_decimal(value, field))
