"""A product named after its first variant leaves that SKU to the variant (unique in BC)."""

import pytest

from syncyard_common.canonical import Money, Product, Variant
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.bigcommerce import translate

pytestmark = pytest.mark.unit
PRICE = Money(amount=1995, currency="EUR")


def test_a_product_sharing_its_sku_with_a_variant_sends_it_on_the_variant_only() -> None:
    product = Product(
        sku="1001",
        name="Shirt",
        variants=[
            Variant(sku="1001", price=PRICE, attributes={"size": "S"}),
            Variant(sku="1002", price=PRICE, attributes={"size": "M"}),
        ],
    )
    body = translate.new_product_body(product, options=ProductWriteOptions(), currency="EUR")
    assert "sku" not in body
    assert [v["sku"] for v in body["variants"]] == ["1001", "1002"]


def test_a_product_with_its_own_sku_keeps_it() -> None:
    product = Product(sku="SHIRT", name="Shirt", variants=[Variant(sku="1001", price=PRICE)])
    body = translate.new_product_body(product, options=ProductWriteOptions(), currency="EUR")
    assert body["sku"] == "SHIRT"
