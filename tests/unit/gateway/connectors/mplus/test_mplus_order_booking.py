"""Order lines into the till: VAT code and turnover group only when they are the till's numbers."""

from collections.abc import Mapping
from typing import Any

from syncyard_common.canonical import Money, Order, OrderLine
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.mplus.translate import till_code, to_order_body

OPTIONS = OrderCreateOptions(employee_number=1, product_ids={"A": "1001"})


def order(**extra: object) -> Order:
    line = OrderLine(sku="A", quantity=1, unit_price=Money(amount=995, currency="EUR"))
    return Order(source_id="1", currency="EUR", lines=[line], extra=extra)


def line_data(built: Mapping[str, Any]) -> dict[str, Any]:
    (line,) = built["lineList"]["line"]
    data: dict[str, Any] = line["data"]
    return data


def test_codes_from_the_value_maps_are_sent_in_wsdl_order() -> None:
    data = line_data(
        to_order_body(
            order(tax_code="2", revenue_account="40"),
            external_reference="r",
            options=OPTIONS,
            branch_number=1,
        )
    )
    assert list(data) == ["quantity", "decimalPlaces", "price", "turnoverGroup", "vatCode"]
    assert (data["vatCode"], data["turnoverGroup"]) == (2, 40)


def test_a_country_code_left_by_a_missing_map_is_not_sent() -> None:
    data = line_data(
        to_order_body(
            order(tax_code="NL", revenue_account=None),
            external_reference="r",
            options=OPTIONS,
            branch_number=1,
        )
    )
    assert "vatCode" not in data
    assert "turnoverGroup" not in data


def test_only_whole_numbers_are_till_codes() -> None:
    assert [till_code(v) for v in ("21", " 3 ", "H21", "", None, "-1", 7)] == [
        21,
        3,
        None,
        None,
        None,
        None,
        7,
    ]
