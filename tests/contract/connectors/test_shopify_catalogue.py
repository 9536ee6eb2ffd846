"""Shopify connector, catalogue side: change feed, products, variants, collections, stock."""

from typing import Any, TypeVar

import pytest

from syncyard_common.canonical import Category, Money, Product, StockLevel, Variant
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.base import ChangePage, Entity
from syncyard_gateway.connectors.errors import ConnectorNotFound
from syncyard_gateway.connectors.shopify import ShopifyConnector
from tests.contract.connectors.conftest import WebhookInbox
from tests.contract.connectors.harness_shopify import ShopifyHarness, product_body, shopify_harness

__all__ = ["shopify_harness"]

OPTIONS = ProductWriteOptions()
Kind = TypeVar("Kind")


def records_of(page: ChangePage, kind: type[Kind]) -> list[Kind]:
    """The page's records, all of the expected canonical type."""
    assert all(isinstance(record, kind) for record in page.records)
    return [record for record in page.records if isinstance(record, kind)]


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


def shirt(**changes: Any) -> Product:
    product = Product(
        sku="SHIRT",
        name="Shirt",
        description="<p>Katoen</p>",
        price=eur(2495),
        variants=[
            Variant(sku="SHIRT-S", attributes={"Size": "S"}, barcode="8710000000011"),
            Variant(sku="SHIRT-M", attributes={"Size": "M"}, price=eur(2695)),
        ],
    )
    return product.model_copy(update=changes)


def koffie(number: int) -> Product:
    return Product(sku=f"KOFFIE-{number}", name=f"Koffie {number}", price=eur(1250))


async def stored_id(harness: ShopifyHarness, position: int) -> str:
    """The id of the ``position``-th product in the shop (id order)."""
    return str((await harness.stored("products"))[position]["id"])


@pytest.fixture
async def connector(shopify_harness: ShopifyHarness, http_client: Any) -> ShopifyConnector:
    return ShopifyConnector(shopify_harness.credentials(), http=http_client)


async def read_all(
    connector: ShopifyConnector, entity: Entity, cursor: str | None, limit: int
) -> tuple[list[Any], str | None, int]:
    records: list[Any] = []
    pages = 0
    while True:
        page = await connector.read_changes(entity, cursor, limit=limit)
        records += page.records
        cursor, pages = page.cursor, pages + 1
        if not page.has_more:
            return records, cursor, pages


class TestChangeFeed:
    async def test_reads_pages_oldest_first_and_resumes_without_gaps_or_repeats(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        ids = [await shopify_harness.seed_product(koffie(n)) for n in range(7)]
        limit = shopify_harness.page_size()
        records, cursor, pages = await read_all(connector, Entity.PRODUCTS, None, limit)
        assert pages >= 3
        assert [r.source_id for r in records] == ids
        assert [r.sku for r in records] == [f"KOFFIE-{n}" for n in range(7)]
        assert records[0].price == eur(1250)
        await shopify_harness.touch("products", ids[2])
        again, cursor, _ = await read_all(connector, Entity.PRODUCTS, cursor, limit)
        assert [r.source_id for r in again] == [ids[2]]
        nothing = await connector.read_changes(Entity.PRODUCTS, cursor, limit=limit)
        assert (nothing.records, nothing.cursor, nothing.has_more) == ([], cursor, False)

    async def test_follows_link_pages_to_the_end(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        ids = [await shopify_harness.seed_product(koffie(n)) for n in range(5)]
        connector.client.page_size = 2  # three REST pages behind one change page
        page = await connector.read_changes(Entity.PRODUCTS, None, limit=10)
        assert [r.source_id for r in records_of(page, Product)] == ids
        assert page.has_more is False

    async def test_large_catalogue_costs_at_most_two_requests_per_page(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        bodies = [product_body(koffie(n)) for n in range(640)]
        for start in range(0, len(bodies), 160):
            await shopify_harness.driver.seed_products(bodies[start : start + 160])
        cursor: str | None = None
        seen: list[Product] = []
        per_page: list[int] = []
        while True:
            before = len(await shopify_harness.driver.requests())
            page = await connector.read_changes(Entity.PRODUCTS, cursor, limit=100)
            per_page.append(len(await shopify_harness.driver.requests()) - before)
            seen += records_of(page, Product)
            if len(seen) == 100:
                # Changed while paging: moves behind the rest, handed on once, not skipped.
                await shopify_harness.touch("products", (await stored_id(shopify_harness, 300)))
            cursor = page.cursor
            if not page.has_more:
                break
        assert max(per_page) <= 2, per_page
        assert len(per_page) == 7  # 640 records, 100 a page: no page is re-read
        skus = [product.sku for product in seen]
        assert sorted(skus) == sorted(f"KOFFIE-{n}" for n in range(640))
        assert skus[-1] == "KOFFIE-300"
        assert (await connector.read_changes(Entity.PRODUCTS, cursor, limit=100)).records == []

    async def test_stock_changes_carry_sku_and_location(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        await shopify_harness.seed_product(koffie(1).model_copy(update={"quantity": 4}))
        page = await connector.read_changes(Entity.STOCK, None, limit=10)
        [level] = records_of(page, StockLevel)
        assert (level.sku, level.available) == ("KOFFIE-1", 4)
        await shopify_harness.touch("stock", "KOFFIE-1")
        assert len((await connector.read_changes(Entity.STOCK, page.cursor)).records) == 1

    async def test_unknown_entity_is_refused(self, connector: ShopifyConnector) -> None:
        from syncyard_gateway.connectors.errors import UnsupportedOperation

        with pytest.raises(UnsupportedOperation):
            await connector.read_changes("invoices", None)  # type: ignore[arg-type]


class TestProducts:
    async def test_finds_by_product_and_variant_sku(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        shirt_id = await shopify_harness.seed_product(shirt())
        koffie_id = await shopify_harness.seed_product(koffie(1))
        found = await connector.find_products_by_sku(["KOFFIE-1", "SHIRT-M", "NOPE"])
        assert found == {"KOFFIE-1": koffie_id, "SHIRT-M": shirt_id}
        product = await connector.find_product("SHIRT-M")
        assert product is not None
        assert product.source_id == shirt_id
        assert [(v.sku, v.attributes, v.price) for v in product.variants] == [
            ("SHIRT-S", {"Size": "S"}, eur(2495)),
            ("SHIRT-M", {"Size": "M"}, eur(2695)),
        ]
        assert await connector.find_product("SHIRT-XL") is None

    async def test_create_then_update_only_named_fields(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        product_id = await connector.create_product(shirt(), options=OPTIONS)
        [stored] = await shopify_harness.stored("products")
        assert str(stored["id"]) == product_id
        assert [o["name"] for o in stored["options"]] == ["Size"]
        assert [(v["sku"], v["price"], v["option1"]) for v in stored["variants"]] == [
            ("SHIRT-S", "24.95", "S"),
            ("SHIRT-M", "26.95", "M"),
        ]
        renamed = shirt(name="Shirt 2.0", description="changed", price=eur(1))
        await connector.update_product(
            product_id, renamed, fields=frozenset({"name"}), options=OPTIONS
        )
        [stored] = await shopify_harness.stored("products")
        assert (stored["title"], stored["body_html"]) == ("Shirt 2.0", "<p>Katoen</p>")
        assert [v["price"] for v in stored["variants"]] == ["24.95", "26.95"]
        bigger = shirt(
            variants=[
                Variant(sku="SHIRT-M", attributes={"Size": "M"}, price=eur(2995)),
                Variant(sku="SHIRT-L", attributes={"Size": "L"}, price=eur(2995)),
            ]
        )
        await connector.update_product(
            product_id, bigger, fields=frozenset({"variants"}), options=OPTIONS
        )
        [stored] = await shopify_harness.stored("products")
        assert [(v["sku"], v["price"]) for v in stored["variants"]] == [
            ("SHIRT-S", "24.95"),
            ("SHIRT-M", "29.95"),
            ("SHIRT-L", "29.95"),
        ]
        assert stored["title"] == "Shirt 2.0"

    async def test_create_twice_updates_instead_of_duplicating(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        first = await connector.create_product(koffie(1), options=OPTIONS)
        second = await connector.create_product(
            koffie(1).model_copy(update={"price": eur(1399)}), options=OPTIONS
        )
        assert first == second
        [stored] = await shopify_harness.stored("products")
        assert stored["variants"][0]["price"] == "13.99"

    async def test_get_product_single_variant(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        product_id = await shopify_harness.seed_product(
            koffie(1).model_copy(update={"barcode": "8712345678906", "quantity": 3})
        )
        product = await connector.get_product(product_id)
        assert (product.sku, product.price, product.barcode) == (
            "KOFFIE-1",
            eur(1250),
            "8712345678906",
        )
        assert (product.quantity, product.variants) == (3, [])
        with pytest.raises(ConnectorNotFound):
            await connector.get_product("123")


class TestCategoriesAndStock:
    async def test_parent_and_child_collections(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        parent = await connector.upsert_category(
            Category(source_id="1", name="Koffie"), parent_id=None
        )
        child = await connector.upsert_category(
            Category(source_id="2", name="Bonen"), parent_id=parent
        )
        again = await connector.upsert_category(
            Category(source_id="2", name="Bonen", description="Hele bonen"), parent_id=parent
        )
        elsewhere = await connector.upsert_category(
            Category(source_id="3", name="Bonen"), parent_id=None
        )
        assert again == child
        assert len({parent, child, elsewhere}) == 3
        page = await connector.read_changes(Entity.CATEGORIES, None)
        parents = {c.source_id: (c.name, c.parent_source_id) for c in records_of(page, Category)}
        assert parents == {
            parent: ("Koffie", None),
            child: ("Bonen", parent),
            elsewhere: ("Bonen", None),
        }
        product_id = await connector.create_product(
            koffie(1).model_copy(update={"category_ids": ["2"]}),
            options=ProductWriteOptions(category_ids={"2": child}),
        )
        collects = await shopify_harness.stored("collects")
        assert [(str(c["product_id"]), str(c["collection_id"])) for c in collects] == [
            (product_id, child)
        ]

    async def test_a_collection_is_read_afresh_by_id_with_its_parent(
        self, connector: ShopifyConnector
    ) -> None:
        parent = await connector.upsert_category(
            Category(source_id="1", name="Thee"), parent_id=None
        )
        child = await connector.upsert_category(
            Category(source_id="2", name="Groene thee"), parent_id=parent
        )
        read = await connector.get_category(child)
        assert (read.source_id, read.name, read.parent_source_id) == (child, "Groene thee", parent)
        with pytest.raises(ConnectorNotFound):
            await connector.get_category("999999999")

    async def test_set_and_get_stock(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        await shopify_harness.seed_product(shirt())
        await connector.set_stock("SHIRT-M", 7, location_id=None)
        await connector.set_stock("SHIRT-M", 7, location_id=None)
        assert await shopify_harness.stock_of("SHIRT-M") == 7
        levels = await connector.get_stock(["SHIRT-M", "SHIRT-S", "NOPE"], location_id=None)
        assert sorted((s.sku, s.available) for s in levels) == [("SHIRT-M", 7), ("SHIRT-S", 0)]
        with pytest.raises(ConnectorNotFound):
            await connector.set_stock("NOPE", 1, location_id=None)

    async def test_product_update_webhook_names_the_product(
        self,
        connector: ShopifyConnector,
        shopify_harness: ShopifyHarness,
        webhook_inbox: WebhookInbox,
    ) -> None:
        product_id = await shopify_harness.seed_product(koffie(1))
        await shopify_harness.driver.subscribe_directly("products/update", webhook_inbox.url)
        await shopify_harness.touch("products", product_id)
        ((headers, body),) = await webhook_inbox.wait(1)
        event = connector.verify_webhook(headers=headers, body=body, query={})
        assert (event.entity, event.entity_id) == (Entity.PRODUCTS, product_id)
