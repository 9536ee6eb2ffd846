"""A product named after its first variant leaves that SKU to the combination (unique in Ecwid)."""

import pytest

from syncyard_common.canonical import Money, Product, Variant
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.ecwid import translate_products

pytestmark = pytest.mark.unit
PRICE = Money(amount=1995, currency="EUR")


def _body(product: Product) -> dict[str, object]:
    return translate_products.to_product_body(
        product, fields=None, existing=None, options=ProductWriteOptions()
    )


def test_a_product_sharing_its_sku_with_a_variant_sends_it_on_the_combination_only() -> None:
    product = Product(
        sku="1001",
        name="Shirt",
        variants=[Variant(sku="1001", price=PRICE), Variant(sku="1002", price=PRICE)],
    )
    assert "sku" not in _body(product)
    assert translate_products.to_combination_body(product.variants[0])["sku"] == "1001"


def test_a_simple_product_keeps_its_sku() -> None:
    assert _body(Product(sku="MUG-1", name="Mug", price=PRICE))["sku"] == "MUG-1"
