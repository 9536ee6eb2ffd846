"""A product's categories reach a target through their links only: a source's category id is
never passed on as the target's (the same number names another category there)."""

import pytest

from syncyard_common.canonical import Money, Product
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.bigcommerce import translate as bigcommerce
from syncyard_gateway.connectors.ecwid import translate_products as ecwid
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mijnwebwinkel import translate as mijnwebwinkel
from syncyard_gateway.connectors.mplus import translate_products as mplus

CATEGORIES = frozenset({"category_ids"})
# Source categories 7 and 8; only 7 was synced (to the target's 70).
PRODUCT = Product(sku="100", name="Tea", price=Money(amount=250, currency="EUR"),
                  category_ids=["7", "8"])  # fmt: skip
LINKED = ProductWriteOptions(category_ids={"7": "70"})
NONE_LINKED = ProductWriteOptions()


def test_options_give_the_linked_targets_only() -> None:
    assert LINKED.linked_categories(["8", "7", "9"]) == ["70"]


def test_the_till_gets_linked_group_numbers_and_refuses_an_unlinked_category() -> None:
    only_linked = PRODUCT.model_copy(update={"category_ids": ["7"]})
    assert mplus.group_numbers(only_linked, LINKED) == [70]
    with pytest.raises(ConnectorDataError) as refused:
        mplus.group_numbers(PRODUCT, LINKED)  # 8 is a number, yet never an article group
    assert refused.value.code == "category_not_synced"


@pytest.mark.parametrize("options", [LINKED, NONE_LINKED], ids=["one linked", "none linked"])
def test_ecwid_gets_linked_category_ids_only(options: ProductWriteOptions) -> None:
    body = ecwid.to_product_body(PRODUCT, fields=CATEGORIES, existing=None, options=options)
    # None linked: the product's categories are left as they are, not emptied nor guessed.
    assert body.get("categoryIds") == ([70] if options.category_ids else None)


@pytest.mark.parametrize("options", [LINKED, NONE_LINKED], ids=["one linked", "none linked"])
def test_mijnwebwinkel_gets_linked_category_ids_only(options: ProductWriteOptions) -> None:
    body = mijnwebwinkel.article_fields(
        PRODUCT, CATEGORIES, store_includes_tax=True, category_ids=options.category_ids
    )
    wanted = [{"category_id": 70, "is_main": True, "is_active": True}]
    assert body.get("categories") == (wanted if options.category_ids else None)


def test_bigcommerce_gets_linked_category_ids_only() -> None:
    body = bigcommerce.product_body(PRODUCT, fields=CATEGORIES, options=LINKED, currency="EUR")
    assert body["categories"] == [70]
