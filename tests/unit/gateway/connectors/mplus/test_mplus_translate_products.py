"""Pure product, stock and order-read translation of the MplusKASSA connector."""

from typing import Any

import pytest

from syncyard_common.canonical import Money, Product, Variant
from syncyard_common.canonical.order_totals import parts_total
from syncyard_common.messages.products import ArticleNumberRule, ProductWriteOptions
from syncyard_gateway.connectors.errors import ArticleNumberNotNumeric, ConnectorDataError
from syncyard_gateway.connectors.mplus import translate_orders, translate_products
from syncyard_gateway.connectors.mplus.article_payloads import ArticleRecord, ProductRecord
from syncyard_gateway.connectors.mplus.order_payloads import OrderLineRecord, OrderRecord

FAIL, PLU = ArticleNumberRule.SKU_OR_FAIL, ArticleNumberRule.SKU_OR_PLU


def eur(cents: int) -> Money:
    return Money(amount=cents, currency="EUR")


def article(number: int, *, plu: str | None = None, size: str | None = None) -> ArticleRecord:
    return ArticleRecord(
        article_number=number, plu_number=plu, sync_marker=1, description=f"a{number}",
        colour=None, size=size, barcode=None, vat_percentage=21, price_incl=995,
        price_excl=None, is_active=True, changed_at=None,
    )  # fmt: skip


class TestArticleIdentity:
    def test_numeric_sku_is_the_article_number(self) -> None:
        assert translate_products.article_identity("8712345", FAIL) == (8712345, None)

    def test_leading_zeros_are_kept_in_the_plu_number(self) -> None:
        assert translate_products.article_identity("0042", FAIL) == (42, "0042")

    def test_non_numeric_sku_fails_or_goes_to_the_plu_by_rule(self) -> None:
        with pytest.raises(ArticleNumberNotNumeric, match="TSHIRT-RED"):
            translate_products.article_identity("TSHIRT-RED", FAIL)
        assert translate_products.article_identity("TSHIRT-RED", PLU) == (None, "TSHIRT-RED")


class TestProductUpdate:
    def test_only_the_named_fields_are_sent(self) -> None:
        stored = ProductRecord(1, "Brood", None, (), (article(8712345),))
        product = Product(sku="8712345", name="Anders", price=eur(599), tax_rate="0.09")
        body, added = translate_products.to_product_update(
            stored, product, fields=frozenset({"price"}), options=ProductWriteOptions(),
            currency="EUR",
        )  # fmt: skip
        assert added == []
        assert body["description"] is None
        assert body["articleList"] == {
            "article": [
                {
                    "articleNumber": 8712345, "active": None, "description": None,
                    "colour": None, "size": None, "barcode": None, "vatPercentage": None,
                    "priceIncl": 599, "priceExcl": None,
                }
            ]
        }  # fmt: skip

    def test_missing_variants_are_added_with_every_field(self) -> None:
        stored = ProductRecord(1, "Shirt", None, (), (article(1000, plu="S-S", size="S"),))
        product = Product(
            sku="S",
            name="Shirt",
            variants=[
                Variant(sku="S-S", attributes={"size": "S"}),
                Variant(sku="S-M", price=eur(1200), attributes={"Maat": "M"}),
            ],
        )
        body, added = translate_products.to_product_update(
            stored, product, fields=frozenset({"name"}),
            options=ProductWriteOptions(article_number_rule=PLU), currency="EUR",
        )  # fmt: skip
        assert [unit.sku for unit in added] == ["S-M"]
        article_list: Any = body["articleList"]
        articles = article_list["article"]
        assert articles[1]["pluNumber"] == "S-M"
        assert (articles[1]["size"], articles[1]["priceIncl"]) == ("M", 1200)

    def test_prices_in_another_currency_are_refused(self) -> None:
        with pytest.raises(ConnectorDataError, match="USD"):
            translate_products.cents(Money(amount=1, currency="USD"), "EUR")


class TestProductRead:
    def test_several_articles_are_variants_with_the_lowest_number_as_id(self) -> None:
        record = ProductRecord(
            7, "Shirt", "Katoen", (3,), (article(1001, plu="S-M", size="M"), article(1000))
        )
        product = translate_products.to_product(record, currency="EUR")
        assert (product.source_id, product.sku, product.name) == ("1000", "1000", "Shirt")
        assert [v.sku for v in product.variants] == ["1000", "S-M"]
        assert product.variants[1].attributes == {"size": "M"}
        assert (product.tax_rate, product.category_ids) == ("0.21", ["3"])

    def test_stock_is_rounded_down_to_whole_units(self) -> None:
        assert translate_products.whole(1250, 3) == 1
        assert translate_products.whole(7, 0) == 7


class TestOrderRead:
    def test_fractional_quantity_is_refused(self) -> None:
        line = OrderLineRecord("l1", 1000, None, "Kaas", 530, 3, 1999, 9)
        order = OrderRecord(
            "o1", None, "2026-1", 1, None, None, None, None, 1059, None, 0, False, None, None, None,
            None, None, (line,),
        )  # fmt: skip
        with pytest.raises(ConnectorDataError, match="fractional"):
            translate_orders.to_canonical_order(order, currency="EUR")

    def test_an_order_excluding_vat_carries_the_tills_own_vat(self) -> None:
        """The till rounds VAT per VAT group: 2 x 1.05 at 9% is 0.19 VAT (0.189), where each
        line's VAT rounded anew makes 0.18; the order's tax is totalIncl - totalExcl, so its
        parts come to its total 2.29 (it was refused as not adding up)."""
        lines = tuple(
            OrderLineRecord(f"l{n}", 1000 + n, None, "Kaas", 1, 0, 105, 9) for n in (1, 2)
        )
        order = OrderRecord(
            "o1", None, "2026-1", 1, None, None, "VAT-METHOD-EXCLUSIVE", None, 229, 210, 0, False,
            None, None, None, None, None, lines,
        )  # fmt: skip
        read = translate_orders.to_canonical_order(order, currency="EUR")
        assert read.tax_total == Money(amount=19, currency="EUR")
        assert parts_total(read) == read.total == Money(amount=229, currency="EUR")
