"""MplusKASSA connector: products, stock and categories against the simulator (harness)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from syncyard_common.canonical import Category, Money, Product, Variant
from syncyard_common.messages.products import ArticleNumberRule, ProductWriteOptions
from syncyard_gateway.connectors.errors import ArticleNumberNotNumeric, ConnectorNotFound
from syncyard_gateway.connectors.mplus import MplusConnector
from tests.contract.connectors.harness_mplus import MplusHarness, mplus_harness

__all__ = ["mplus_harness"]  # the fixture, imported for pytest
PLU = ProductWriteOptions(article_number_rule=ArticleNumberRule.SKU_OR_PLU)


def eur(cents: int) -> Money:
    return Money(amount=cents, currency="EUR")


SHIRT = Product(
    sku="SHIRT",
    name="T-shirt",
    description="Katoen",
    price=eur(1995),
    tax_rate="0.21",
    variants=[
        Variant(sku="SHIRT-S", name="T-shirt S", price=eur(1995), attributes={"size": "S"}),
        Variant(sku="SHIRT-M", name="T-shirt M", price=eur(2095), attributes={"size": "M"}),
    ],
)
BREAD = Product(sku="8712345", name="Roggebrood", price=eur(495), barcode="8712345000017")


@pytest.fixture
async def connector(mplus_harness: MplusHarness) -> AsyncIterator[MplusConnector]:
    async with httpx.AsyncClient(timeout=10) as http:
        yield MplusConnector(mplus_harness.credentials(), http=http)


async def articles(harness: MplusHarness) -> dict[str, dict[str, object]]:
    """Stored articles by SKU (PLU number, else article number)."""
    return {str(a["pluNumber"] or a["articleNumber"]): a for a in await harness.stored("products")}


class TestProducts:
    async def test_create_with_variants_then_read_back_whole(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        product_id = await connector.create_product(SHIRT, options=PLU)
        stored = await articles(mplus_harness)
        assert set(stored) == {"SHIRT-S", "SHIRT-M"}
        assert stored["SHIRT-M"]["priceIncl"] == 2095
        assert stored["SHIRT-S"]["productNumber"] == stored["SHIRT-M"]["productNumber"]
        read = await connector.get_product(product_id)
        assert read.name == "T-shirt"
        assert read.description == "Katoen"
        assert read.tax_rate == "0.21"
        assert [(v.sku, v.attributes, v.price) for v in read.variants] == [
            ("SHIRT-S", {"size": "S"}, eur(1995)),
            ("SHIRT-M", {"size": "M"}, eur(2095)),
        ]

    async def test_create_again_updates_instead_of_duplicating(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        first = await connector.create_product(SHIRT, options=PLU)
        renamed = SHIRT.model_copy(update={"name": "Shirt"})
        again = await connector.create_product(renamed, options=PLU)
        assert again == first
        assert len(await mplus_harness.stored("products")) == 2
        assert (await connector.get_product(first)).name == "Shirt"

    async def test_numeric_sku_is_the_article_number_and_non_numeric_fails_by_rule(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        product_id = await connector.create_product(BREAD, options=ProductWriteOptions())
        assert product_id == "8712345"
        assert (await articles(mplus_harness))["8712345"]["barcode"] == "8712345000017"
        with pytest.raises(ArticleNumberNotNumeric, match="SHIRT-S"):
            await connector.create_product(SHIRT, options=ProductWriteOptions())
        assert set(await articles(mplus_harness)) == {"8712345"}

    async def test_article_texts_of_its_own_cross_as_extras(
        self, connector: MplusConnector
    ) -> None:
        texts = {"receiptText": "Rogge", "brandName": "Bakker"}
        product = BREAD.model_copy(update={"extras": {**texts, "warranty": "none"}})
        product_id = await connector.create_product(product, options=ProductWriteOptions())
        read = await connector.get_product(product_id)  # getProducts: the till's own copy
        assert read.extras == texts

    async def test_update_touches_only_the_named_fields(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        product_id = await connector.create_product(BREAD, options=ProductWriteOptions())
        changed = BREAD.model_copy(update={"name": "Anders", "price": eur(599)})
        await connector.update_product(
            product_id, changed, fields=frozenset({"price"}), options=ProductWriteOptions()
        )
        stored = (await articles(mplus_harness))["8712345"]
        assert (stored["priceIncl"], stored["description"]) == (599, "Roggebrood")

    async def test_update_matches_variants_by_sku_and_adds_missing_ones(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        product_id = await connector.create_product(SHIRT, options=PLU)
        large = Variant(sku="SHIRT-L", name="T-shirt L", price=eur(2195), attributes={"size": "L"})
        medium = SHIRT.variants[1].model_copy(update={"price": eur(1895)})
        grown = SHIRT.model_copy(update={"variants": [SHIRT.variants[0], medium, large]})
        await connector.update_product(
            product_id, grown, fields=frozenset({"variants"}), options=PLU
        )
        stored = await articles(mplus_harness)
        assert {sku: a["priceIncl"] for sku, a in stored.items()} == {
            "SHIRT-S": 1995,
            "SHIRT-M": 1895,
            "SHIRT-L": 2195,
        }
        assert len({a["productNumber"] for a in stored.values()}) == 1

    async def test_find_by_sku_includes_variant_skus(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        product_id = await mplus_harness.seed_product(SHIRT)
        await mplus_harness.seed_product(BREAD)
        found = await connector.find_products_by_sku(["SHIRT-M", "8712345", "NOPE"])
        assert set(found) == {"SHIRT-M", "8712345"}
        holding = await connector.get_product(found["SHIRT-M"])
        assert holding.source_id == product_id
        by_variant = await connector.find_product("SHIRT-M")
        assert by_variant is not None
        assert [v.sku for v in by_variant.variants] == ["SHIRT-S", "SHIRT-M"]
        assert await connector.find_product("NOPE") is None
        with pytest.raises(ConnectorNotFound):
            await connector.get_product("424242")


class TestStock:
    async def test_set_is_absolute_and_get_reads_it_back(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        await mplus_harness.seed_product(SHIRT)
        await connector.set_stock("SHIRT-M", 7, location_id=None)
        await connector.set_stock("SHIRT-M", 7, location_id=None)
        assert await mplus_harness.stock_of("SHIRT-M") == 7
        levels = await connector.get_stock(["SHIRT-M", "SHIRT-S", "NOPE"], location_id="1")
        assert [(lv.sku, lv.available, lv.reserved, lv.location_id) for lv in levels] == [
            ("SHIRT-M", 7, 0, "1"),
            ("SHIRT-S", 0, 0, "1"),
        ]
        with pytest.raises(ConnectorNotFound):
            await connector.set_stock("NOPE", 1, location_id=None)

    async def test_product_quantities_become_stock_on_create(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        with_stock = BREAD.model_copy(update={"quantity": 12})
        await connector.create_product(with_stock, options=ProductWriteOptions())
        assert await mplus_harness.stock_of("8712345") == 12


class TestCategories:
    async def test_parent_and_child_kept_and_upsert_is_idempotent(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        top = await connector.upsert_category(
            Category(source_id="c1", name="Kleding"), parent_id=None
        )
        child = Category(source_id="c2", name="Shirts", description="Alle shirts")
        child_id = await connector.upsert_category(child, parent_id=top)
        again = await connector.upsert_category(
            child.model_copy(update={"description": "Nieuw"}), parent_id=top
        )
        assert again == child_id
        groups = {str(g["groupNumber"]): g for g in await mplus_harness.stored("categories")}
        assert len(groups) == 2
        assert groups[child_id]["parentGroupNumber"] == int(top)
        assert groups[child_id]["text"] == "Nieuw"
        elsewhere = await connector.upsert_category(child, parent_id=None)
        assert elsewhere not in (child_id, top)

    async def test_product_categories_become_article_groups(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        group = await connector.upsert_category(
            Category(source_id="c1", name="Brood"), parent_id=None
        )
        in_group = BREAD.model_copy(update={"category_ids": ["c1"]})
        options = ProductWriteOptions(category_ids={"c1": group})
        product_id = await connector.create_product(in_group, options=options)
        assert (await connector.get_product(product_id)).category_ids == [group]
