"""Variants: matched by the list a connection names for an attribute ("size" → Maat), and a
product priced per variant gets a price of its own."""

import pytest

from syncyard_common.canonical import Money, Product, Variant
from syncyard_gateway.connectors.mijnwebwinkel import translate, variants
from syncyard_gateway.connectors.mijnwebwinkel.payloads import Article

pytestmark = pytest.mark.unit

ARTICLE = Article.model_validate(
    {
        "id": 7,
        "lists": [{"id": 193177, "name": "Maat", "options": [{"id": 1, "name": "S"}]}],
        "variants": [
            {"id": 70, "options": [{"list_id": 193177, "option_id": 1, "name": "S"}]},
            {"id": 71, "options": [{"list_id": 193177, "option_id": 2, "name": "M"}]},
        ],
    }
)


def test_an_attribute_named_like_the_list_matches() -> None:
    assert variants.match(ARTICLE, Variant(sku="1", attributes={"Maat": "M"})) == 71


def test_an_attribute_matches_through_the_list_the_connection_names_for_it() -> None:
    variant = Variant(sku="1", attributes={"size": "M"})
    assert variants.match(ARTICLE, variant, {"size": 193177}) == 71
    assert variants.match(ARTICLE, variant) is None


def test_a_product_priced_per_variant_sells_from_its_lowest_variant_price() -> None:
    eur = "EUR"
    product = Product(
        sku="1",
        name="Shirt",
        variants=[
            Variant(sku="1", price=Money(amount=2495, currency=eur)),
            Variant(sku="2", price=Money(amount=1995, currency=eur)),
        ],
    )
    assert translate.article_price(product, store_includes_tax=True) == "19.95"
