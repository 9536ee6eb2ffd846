"""Pure product, variant and cursor translation of the Shopify connector (no network)."""

from datetime import UTC, datetime

import pytest

from syncyard_common.canonical import Money, Product, Variant
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.shopify import changes, translate_products
from syncyard_gateway.connectors.shopify.payloads import ShopifyProduct

pytestmark = pytest.mark.unit

STORED = ShopifyProduct.model_validate(
    {
        "id": 10,
        "title": "Shirt",
        "options": [{"name": "Size", "position": 1}],
        "variants": [
            {"id": 1, "sku": "SHIRT-S", "price": "24.95", "option1": "S"},
            {"id": 2, "sku": "SHIRT-M", "price": "26.95", "option1": "M"},
        ],
    }
)


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


def test_update_of_the_name_alone_sends_no_variants() -> None:
    product = Product(sku="SHIRT", name="Shirt 2", price=eur(1))
    assert translate_products.product_update(product, STORED, frozenset({"name"})) == {
        "title": "Shirt 2"
    }


def test_variant_update_keeps_unmatched_variants_and_adds_new_ones() -> None:
    product = Product(
        sku="SHIRT",
        name="Shirt",
        variants=[
            Variant(sku="SHIRT-M", attributes={"Size": "M"}, price=eur(2995)),
            Variant(sku="SHIRT-L", attributes={"Size": "L"}, price=eur(2995)),
        ],
    )
    body = translate_products.product_update(product, STORED, frozenset({"variants"}))
    assert body["variants"] == [
        {"id": 1},
        {"id": 2, "price": "29.95", "option1": "M"},
        {"sku": "SHIRT-L", "price": "29.95", "option1": "L", "inventory_management": "shopify"},
    ]
    assert body["options"] == [{"name": "Size"}]


def test_more_than_three_attributes_is_a_data_error() -> None:
    attributes = {"a": "1", "b": "2", "c": "3", "d": "4"}
    product = Product(sku="X", name="X", variants=[Variant(sku="X-1", attributes=attributes)])
    with pytest.raises(ConnectorDataError):
        translate_products.from_canonical_product(product)


def test_product_with_options_reads_variants_and_first_sku() -> None:
    product = translate_products.to_canonical_product(
        STORED, currency="EUR", prices_include_tax=True
    )
    assert product.sku == "SHIRT-S"
    assert [(v.sku, v.attributes, v.price) for v in product.variants] == [
        ("SHIRT-S", {"Size": "S"}, eur(2495)),
        ("SHIRT-M", {"Size": "M"}, eur(2695)),
    ]


def test_cursor_round_trips_and_rejects_garbage() -> None:
    key = (datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC), (7, 9))
    cursor = changes.CURSOR
    assert cursor.decode(cursor.encode(changes.Position(key))) == changes.Position(key)
    with_page = cursor.encode(changes.Position(key, "eyJsYXN0X2lkIjo3fQ"))
    assert with_page == "2025-01-02T03:04:05+00:00|7:9|eyJsYXN0X2lkIjo3fQ"  # text as ever
    assert cursor.decode(with_page) == changes.Position(key, "eyJsYXN0X2lkIjo3fQ")
    assert cursor.decode(None) == changes.Position(None)
    with pytest.raises(ConnectorDataError):
        cursor.decode("yesterday|x")
