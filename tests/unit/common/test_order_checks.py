"""The pure order checks: what a target cannot hold is refused with a reason, before any write."""

from decimal import Decimal

import pytest

from syncyard_common.canonical import (
    ChargeKind,
    Customer,
    ExchangeRate,
    Money,
    Order,
    OrderCharge,
    OrderLine,
    TooManyDecimals,
)
from syncyard_common.canonical.order_checks import check_order
from syncyard_common.canonical.order_limits import BookingRules, OrderLimits, TextField
from syncyard_common.canonical.order_tax import with_tax_included
from syncyard_common.canonical.order_totals import line_amount, parts_total

TILL = OrderLimits(
    texts={TextField.LINE_NAME: 255, TextField.LAST_NAME: 100},
    min_quantity=1,
    currency_exponents=frozenset({2}),
    line_discounts=True,
    charges=dict.fromkeys(ChargeKind, "line"),
)
SHOP = OrderLimits(charges={ChargeKind.SHIPPING: "field"})
RULES = BookingRules()


def eur(cents: int, currency: str = "EUR") -> Money:
    return Money(amount=cents, currency=currency)


def order(*lines: OrderLine, currency: str = "EUR", **fields: object) -> Order:
    return Order.model_validate(
        {"source_id": "1001", "number": "#1001", "currency": currency, "lines": lines} | fields
    )


def line(price: int, quantity: int = 1, currency: str = "EUR", **fields: object) -> OrderLine:
    return OrderLine.model_validate(
        {"sku": "8710001", "name": "Koffie", "quantity": quantity,
         "unit_price": eur(price, currency)} | fields
    )  # fmt: skip


def test_a_usd_order_into_a_eur_till_is_refused_naming_both_currencies() -> None:
    verdict = check_order(
        order(line(39800, currency="USD"), currency="USD", total=eur(39800, "USD")),
        TILL, target="The till", currency="EUR", rules=RULES,
    )  # fmt: skip
    assert [p.code for p in verdict.problems] == ["currency_not_kept"]
    assert "USD" in verdict.reason
    assert "EUR" in verdict.reason


def test_convert_books_it_at_the_rate_the_order_carries() -> None:
    usd = order(
        line(10000, currency="USD"),
        currency="USD",
        total=eur(10000, "USD"),
        exchange_rate=ExchangeRate(currency="EUR", rate=Decimal("0.9")),
    )
    rules = BookingRules(foreign_currency="convert")
    verdict = check_order(usd, TILL, target="The till", currency="EUR", rules=rules)
    assert verdict.problems == []
    assert verdict.order.currency == "EUR"
    assert verdict.order.lines[0].unit_price == eur(9000)
    assert any("converted from USD to EUR" in note for note in verdict.notes)


def test_convert_without_a_rate_in_the_order_is_refused() -> None:
    usd = order(line(10000, currency="USD"), currency="USD")
    rules = BookingRules(foreign_currency="convert")
    verdict = check_order(usd, TILL, target="The till", currency="EUR", rules=rules)
    assert [p.code for p in verdict.problems] == ["currency_not_kept"]
    assert "no rate" in verdict.reason


def test_shipping_becomes_a_line_on_the_shipping_article_and_the_total_matches() -> None:
    shipping = OrderCharge(kind=ChargeKind.SHIPPING, name="PostNL", amount=eur(1000))
    verdict = check_order(
        order(line(39800), charges=[shipping], total=eur(40800)),
        TILL, target="The till", currency="EUR", rules=RULES,
    )  # fmt: skip
    assert verdict.problems == []
    booked = verdict.order
    assert [(x.sku, x.unit_price.amount) for x in booked.lines] == [
        ("8710001", 39800), ("SHIPPING", 1000)
    ]  # fmt: skip
    assert sum(line_amount(x) for x in booked.lines) == 40800
    assert verdict.difference == 0


def test_an_order_discount_is_a_negative_line_on_the_discount_article() -> None:
    discount = OrderCharge(kind=ChargeKind.DISCOUNT, name="SAVE10", amount=eur(500))
    rules = BookingRules(charge_articles={ChargeKind.DISCOUNT: "KORTING"})
    verdict = check_order(
        order(line(2000, 2), charges=[discount], total=eur(3500)),
        TILL, target="The till", currency="EUR", rules=rules,
    )  # fmt: skip
    assert verdict.problems == []
    assert verdict.order.lines[-1].sku == "KORTING"
    assert verdict.order.lines[-1].unit_price.amount == -500


def test_a_charge_the_target_cannot_carry_is_noted_with_the_difference() -> None:
    fee = OrderCharge(kind=ChargeKind.PAYMENT_FEE, name="iDEAL", amount=eur(29))
    verdict = check_order(
        order(line(1000), charges=[fee], total=eur(1029)),
        SHOP, target="The shop", currency=None, rules=RULES,
    )  # fmt: skip
    assert verdict.problems == []
    assert verdict.difference == 29
    assert any("cannot be carried by The shop" in note for note in verdict.notes)


def test_a_negative_unit_price_is_refused() -> None:
    verdict = check_order(
        order(line(-2495), total=eur(-2495)), TILL, target="The till", currency="EUR", rules=RULES
    )
    assert [p.code for p in verdict.problems] == ["negative_price"]
    assert "-24.95" in verdict.reason


def test_a_quantity_the_target_refuses_is_refused() -> None:
    verdict = check_order(
        order(line(100, 0), total=eur(0)), TILL, target="The till", currency="EUR", rules=RULES
    )
    assert [p.code for p in verdict.problems] == ["quantity_refused"]


def test_parts_that_do_not_add_up_to_the_total_are_refused() -> None:
    verdict = check_order(
        order(line(39800), total=eur(40800)), TILL, target="The till", currency="EUR", rules=RULES
    )
    assert [p.code for p in verdict.problems] == ["order_total_mismatch"]
    assert "398.00" in verdict.reason
    assert "408.00" in verdict.reason


def test_a_long_line_name_is_refused_naming_the_field_and_the_limit() -> None:
    verdict = check_order(
        order(line(100, name="x" * 10_000), total=eur(100)),
        TILL, target="The till", currency="EUR", rules=RULES,
    )  # fmt: skip
    assert [(p.code, p.field) for p in verdict.problems] == [("text_too_long", "lines[1].name")]
    assert "10,000" in verdict.reason
    assert "255" in verdict.reason


def test_truncate_cuts_texts_of_order_and_debtor_and_logs_each_cut() -> None:
    rules = BookingRules(long_texts="truncate")
    debtor = Customer(email="a@example.nl", last_name="y" * 10_000)
    verdict = check_order(
        order(line(100, name="x" * 10_000), total=eur(100)),
        TILL, target="The till", currency="EUR", rules=rules, customer=debtor,
    )  # fmt: skip
    assert verdict.problems == []
    assert verdict.order.lines[0].name == "x" * 255
    assert verdict.customer is not None
    assert verdict.customer.last_name == "y" * 100
    assert "lines[1].name cut from 10000 to 255 characters" in verdict.notes
    assert "debtor.last_name cut from 10000 to 100 characters" in verdict.notes


def test_a_currency_without_cents_is_refused_where_the_target_takes_cents() -> None:
    verdict = check_order(
        order(line(1000, currency="JPY"), currency="JPY"),
        TILL, target="The till", currency=None, rules=RULES,
    )  # fmt: skip
    assert [p.code for p in verdict.problems] == ["currency_without_cents"]


def test_tax_exclusive_prices_are_restated_including_tax_to_the_cent() -> None:
    excl = order(
        line(333, 3, tax_rate=Decimal("0.21")),
        line(1999, 1, tax_rate=Decimal("0.09")),
        prices_include_tax=False,
    )
    included = with_tax_included(excl)
    assert included.prices_include_tax
    assert parts_total(included) == parts_total(excl)
    for booked in included.lines:
        assert booked.discount is None or 0 <= booked.discount.amount < booked.quantity


def test_amounts_with_more_decimals_than_the_currency_are_refused_not_rounded() -> None:
    with pytest.raises(TooManyDecimals, match=r"24\.955"):
        Money.from_decimal_exact("24.955", "USD", field="line_items[1].price")
    assert Money.from_decimal_exact("24.9500", "EUR", field="price").amount == 2495


def test_without_line_discounts_a_discounted_line_is_split_at_discounted_prices() -> None:
    discounted = line(1000, 3, discount=eur(100))
    verdict = check_order(
        order(discounted, total=eur(2900)), SHOP, target="The shop", currency=None, rules=RULES
    )
    assert verdict.problems == []
    assert [(x.quantity, x.unit_price.amount) for x in verdict.order.lines] == [(1, 966), (2, 967)]
    assert verdict.difference == 0
