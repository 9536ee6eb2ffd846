"""Which currency a BigCommerce order's amounts are in (orders.v2: display vs transactional)."""

from syncyard_gateway.connectors.bigcommerce.order_translate import to_canonical_order
from syncyard_gateway.connectors.bigcommerce.payloads import BcOrder, BcOrderProduct


def _order(**currencies: str) -> BcOrder:
    return BcOrder.model_validate(
        {"id": 118, "status_id": 11, "total_inc_tax": "24.9500", **currencies}
    )


def _line() -> BcOrderProduct:
    return BcOrderProduct.model_validate(
        {
            "id": 1,
            "sku": "SKU-1",
            "name": "Mug",
            "quantity": 1,
            "price_inc_tax": "24.9500",
            "price_ex_tax": "20.6200",
            "total_inc_tax": "24.9500",
        }
    )


def test_the_amounts_are_in_the_currency_the_shopper_paid_in_not_the_one_shown() -> None:
    # A multi-currency storefront showed USD prices; the shopper paid, and the order holds, EUR.
    order = to_canonical_order(
        _order(currency_code="USD", default_currency_code="EUR"), [_line()], []
    )
    assert order.currency == "EUR"


def test_an_order_without_the_transactional_code_keeps_its_currency_code() -> None:
    assert to_canonical_order(_order(currency_code="gbp"), [_line()], []).currency == "GBP"
