"""Reading a MijnWebwinkel order's money: the API's own example order, and exact amounts."""

from decimal import Decimal
from typing import Any

import pytest

from syncyard_common.canonical import ChargeKind
from syncyard_common.canonical.order_checks import check_order
from syncyard_common.canonical.order_limits import BookingRules
from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mijnwebwinkel.payloads import Order
from syncyard_gateway.connectors.mijnwebwinkel.translate_orders import to_canonical_order
from syncyard_gateway.connectors.mplus.connector import MplusConnector
from tests.unit.gateway.connectors.order_payload_totals import mplus_total


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


def charges_of(order: Any) -> list[tuple[ChargeKind, int, Decimal | None]]:
    return [(c.kind, c.amount.amount, c.tax_rate) for c in order.charges]


def test_the_documented_costs_are_charges_one_per_vat_rate_and_the_total_holds() -> None:
    """The payment cost of 1.00 is 0.21 at 9% and 0.79 at 21%, the other 5.95 at 21%: three
    payment-fee charges; the four articles stay lines; together they are the total 47.45."""
    order = to_canonical_order(Order.model_validate(documented_order()))
    assert order.total is not None
    assert order.total.amount == 4745
    assert parts_total(order) == order.total
    assert [line.source_line_id for line in order.lines] == ["a", "b", "c", "d"]
    assert charges_of(order) == [
        (ChargeKind.PAYMENT_FEE, 21, Decimal("0.09")),
        (ChargeKind.PAYMENT_FEE, 79, Decimal("0.21")),
        (ChargeKind.PAYMENT_FEE, 595, Decimal("0.21")),
    ]


def test_the_documented_order_reaches_the_till_with_its_costs_on_the_charge_articles() -> None:
    """MplusKASSA needs a SKU on every line: the payment costs read as lines without one made
    the order fail before any write. As charges they are lines on the fee article."""
    body = documented_order()
    for number, entry in enumerate(body["orderlines"][:4]):
        entry["articles"] = [{"id": number + 1, "sku": f"SKU-{number}"}]
    order = to_canonical_order(Order.model_validate(body))
    verdict = check_order(
        order,
        MplusConnector.capabilities.order_limits,
        target=MplusConnector.title,
        currency="EUR",
        rules=BookingRules(),
    )
    assert verdict.problems == []
    assert mplus_total(verdict.order) == 4745


def test_shipping_and_payment_costs_and_a_negative_cost_are_charges_of_their_kind() -> None:
    body = documented_order()
    body["orderlines"][4:] = [
        line("s", 1, price("4.128440", "4.50", "9.00"), price("4.132231", "5.00", "21.00"))
        | {"type": "shipping", "description": " PostNL "},
        line("p", 1, price("0.000000", "0.00", "21.00")),  # a free payment method: no charge
        line("k", 1, price("-2.479339", "-3.00", "21.00")) | {"type": "discount"},
    ]
    body["price"]["total"] = "47.00"  # 40.50 of goods + 9.50 shipping - 3.00
    order = to_canonical_order(Order.model_validate(body))
    assert charges_of(order) == [
        (ChargeKind.SHIPPING, 450, Decimal("0.09")),
        (ChargeKind.SHIPPING, 500, Decimal("0.21")),
        (ChargeKind.DISCOUNT, 300, Decimal("0.21")),
    ]
    assert [c.name for c in order.charges] == ["PostNL", "PostNL", "discount"]
    assert len(order.lines) == 4
    assert parts_total(order) == order.total


def test_a_cost_type_we_do_not_know_stays_a_line_and_a_cost_finer_than_a_cent_is_refused() -> None:
    body = documented_order()
    body["orderlines"][5]["type"] = "insurance"  # no kind to give it: the target names it
    order = to_canonical_order(Order.model_validate(body))
    assert [line.source_line_id for line in order.lines][-1] == "q"
    assert parts_total(order) == order.total
    body["orderlines"][4]["price"][1]["amount_including_tax"] = "0.795"
    with pytest.raises(ConnectorDataError) as refused:
        to_canonical_order(Order.model_validate(body))
    assert refused.value.code == "amount_too_precise"
    assert "orderlines[p].price" in str(refused.value)


def test_a_line_total_finer_than_a_cent_is_refused_not_rounded() -> None:
    body = documented_order()
    body["orderlines"][0]["price"]["amount_including_tax"] = (
        "15.005"  # was read as 15.00 in silence
    )
    with pytest.raises(ConnectorDataError) as refused:
        to_canonical_order(Order.model_validate(body))
    assert refused.value.code == "amount_too_precise"
