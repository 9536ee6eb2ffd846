"""Reading a MijnWebwinkel order's money: the API's own example order, and exact amounts."""

from decimal import Decimal
from typing import Any

import pytest

from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mijnwebwinkel.payloads import Order
from syncyard_gateway.connectors.mijnwebwinkel.translate_orders import to_canonical_order


def price(ex: str, inc: str, rate: str) -> dict[str, str]:
    return {"amount": ex, "amount_including_tax": inc, "rate": rate}


def line(id_: str, quantity: int, *prices: dict[str, str]) -> dict[str, Any]:
    kind = "payment" if id_ in ("p", "q") else "article"
    return {
        "id": id_,
        "type": kind,
        "quantity": quantity,
        "price": [*prices] if len(prices) > 1 else prices[0],
    }


def documented_order() -> dict[str, Any]:
    """The example order of the API's OpenAPI document (lines are totals incl. VAT)."""
    return {
        "number": 27,
        "date": "2015-11-03",
        "time": "13:37:12",
        "status": 1,
        "currency": "EUR",
        "price": {"total": "47.450000"},
        "orderlines": [
            line("a", 1, price("12.396694", "15.00", "21.00")),
            line("b", 2, price("8.181818", "9.90", "21.00")),
            line("c", 3, price("4.834710", "5.85", "21.00")),
            line("d", 5, price("8.944950", "9.75", "9.00")),
            line("p", 1, price("0.192571", "0.21", "9.00"), price("0.652972", "0.79", "21.00")),
            line("q", 1, price("4.917355", "5.95", "21.00")),
        ],
    }


def test_a_cost_spread_over_two_vat_rates_counts_every_part() -> None:
    """The payment cost of 1.00 is 0.21 at 9% and 0.79 at 21%: both are in the total 47.45
    (reading only the first part came to 46.66, and the order was refused as not adding up)."""
    order = to_canonical_order(Order.model_validate(documented_order()))
    assert order.total is not None
    assert order.total.amount == 4745
    assert parts_total(order) == order.total
    payment = [
        (line.unit_price.amount, line.tax_rate) for line in order.lines if line.name == "payment"
    ]
    assert payment == [(21, Decimal("0.09")), (79, Decimal("0.21")), (595, Decimal("0.21"))]
    assert [line.source_line_id for line in order.lines][-3:] == ["p", "p/2", "q"]


def test_a_line_total_finer_than_a_cent_is_refused_not_rounded() -> None:
    body = documented_order()
    body["orderlines"][0]["price"]["amount_including_tax"] = (
        "15.005"  # was read as 15.00 in silence
    )
    with pytest.raises(ConnectorDataError) as refused:
        to_canonical_order(Order.model_validate(body))
    assert refused.value.code == "amount_too_precise"
