"""Mailchimp order amounts read exactly: the order's own discount, tax on top, what is left."""

from typing import Any

import pytest

from syncyard_common.canonical import ChargeKind, Money
from syncyard_common.canonical.order_checks import check_order
from syncyard_common.canonical.order_limits import BookingRules
from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mailchimp.payloads import MailchimpOrder
from syncyard_gateway.connectors.mailchimp.translate import to_canonical_order
from syncyard_gateway.connectors.mplus.connector import MplusConnector

pytestmark = pytest.mark.unit


def mailchimp_order(**fields: Any) -> MailchimpOrder:
    """2 x 199.00 less 10.00 on the line, 5.00 off the order, 10.00 shipping: 393.00."""
    body: dict[str, Any] = {
        "id": "ord-1",
        "currency_code": "USD",
        "order_total": 393.0,
        "shipping_total": 10.0,
        "discount_total": 15.0,
        "tax_total": 0,
        "lines": [
            {"id": "1", "product_id": "P", "product_variant_id": "SKU-1", "quantity": 2,
             "price": 199.0, "discount": 10.0},
        ],
    }  # fmt: skip
    return MailchimpOrder.model_validate(body | fields)


def test_the_order_discount_is_what_discount_total_holds_beyond_the_lines() -> None:
    order = to_canonical_order(mailchimp_order())
    assert order.lines[0].discount == Money(amount=1000, currency="USD")
    assert [(c.kind, c.amount.amount) for c in order.charges] == [
        (ChargeKind.SHIPPING, 1000),
        (ChargeKind.DISCOUNT, 500),
    ]
    assert order.prices_include_tax
    assert parts_total(order) == order.total == Money(amount=39300, currency="USD")


def test_tax_total_is_on_top_when_the_total_holds_it() -> None:
    order = to_canonical_order(mailchimp_order(order_total=413.0, tax_total=20.0))
    assert not order.prices_include_tax
    assert order.tax_total == Money(amount=2000, currency="USD")
    assert parts_total(order) == order.total


def test_tax_total_already_in_the_prices_is_not_added_again() -> None:
    order = to_canonical_order(mailchimp_order(tax_total=20.0))
    assert order.prices_include_tax
    assert order.tax_total is None
    assert parts_total(order) == order.total


def test_a_total_the_parts_do_not_explain_is_left_for_the_check_to_refuse() -> None:
    order = to_canonical_order(mailchimp_order(order_total=395.5))  # a fee Mailchimp cannot name
    assert order.total == Money(amount=39550, currency="USD")
    assert parts_total(order) == Money(amount=39300, currency="USD")
    limits = MplusConnector.capabilities.order_limits
    verdict = check_order(order, limits, target="MplusKASSA", currency=None, rules=BookingRules())
    assert [p.code for p in verdict.problems] == ["order_total_mismatch"]


def test_a_discount_total_with_more_decimals_than_the_currency_is_refused() -> None:
    with pytest.raises(ConnectorDataError, match="discount_total") as refused:
        to_canonical_order(mailchimp_order(discount_total=15.005))
    assert refused.value.code == "amount_too_precise"
