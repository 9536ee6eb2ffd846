"""Money functions: tax incl./excl. in minor units, parsing and formatting."""

import pytest

from syncyard_mapper.engine.functions import money
from syncyard_mapper.engine.functions.errors import FunctionError

EUR_1210 = {"amount": 1210, "currency": "EUR"}


class TestTax:
    @pytest.mark.parametrize("rate", [0.21, "0.21", 21, "21"])
    def test_exclude_tax_accepts_a_fraction_or_a_percentage(self, rate: object) -> None:
        assert money.exclude_tax(EUR_1210, rate) == {"amount": 1000, "currency": "EUR"}

    def test_include_tax_and_plain_minor_units(self) -> None:
        assert money.include_tax(1000, 0.21) == 1210
        assert money.include_tax({"amount": 995, "currency": "EUR"}, "0.09") == {
            "amount": 1085,
            "currency": "EUR",
        }

    def test_rounds_half_to_even_and_tax_plus_net_is_the_price(self) -> None:
        price = {"amount": 1999, "currency": "EUR"}
        net = money.exclude_tax(price, 0.21)
        tax = money.tax_amount(price, 0.21)
        assert net["amount"] + tax["amount"] == 1999
        assert net == {"amount": 1652, "currency": "EUR"}

    def test_refuses_what_is_not_money(self) -> None:
        with pytest.raises(FunctionError, match="not money"):
            money.exclude_tax("12.10", 0.21)
        with pytest.raises(FunctionError, match="negative"):
            money.exclude_tax(1210, -1)

    def test_missing_values_stay_missing(self) -> None:
        assert money.exclude_tax(None, 0.21) is None
        assert money.include_tax(1000, None) is None


class TestParseAndFormat:
    def test_money_parses_a_decimal_price(self) -> None:
        assert money.to_money("24.95", "eur") == {"amount": 2495, "currency": "EUR"}
        assert money.to_money(1500, "JPY") == {"amount": 1500, "currency": "JPY"}
        with pytest.raises(FunctionError, match="currency"):
            money.to_money("1", "euro")

    def test_format_money_with_local_separators(self) -> None:
        amount = {"amount": 123450, "currency": "EUR"}
        assert money.format_money(amount) == "1234.50"
        assert money.format_money(amount, ",", ".") == "1.234,50"
        assert money.format_money({"amount": 5, "currency": "KWD"}) == "0.005"
