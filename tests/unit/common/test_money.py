"""Money in integer minor units: exact conversions at the edges."""

from decimal import Decimal

import pytest

from syncyard_common.canonical import Money


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [("19.95", "EUR", 1995), ("0.1", "EUR", 10), ("1000", "JPY", 1000), ("2.005", "EUR", 200)],
)
def test_decimal_strings_become_minor_units(text: str, currency: str, minor: int) -> None:
    assert Money.from_decimal(text, currency).amount == minor


def test_round_trip_to_decimal_string() -> None:
    money = Money(amount=1995, currency="EUR")
    assert money.to_decimal_string() == "19.95"
    assert money.to_decimal() == Decimal("19.95")
