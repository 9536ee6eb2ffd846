"""Ecwid connector, catalogue side: change feeds, products, variants, stock, categories."""

from typing import Any

import httpx
import pytest

from syncyard_common.canonical import Category, Customer, Money, Order, OrderLine, Product, Variant
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.ecwid import EcwidConnector
from syncyard_gateway.connectors.errors import ConnectorNotFound
from tests.contract.connectors.harness_ecwid import EcwidHarness, ecwid_harness

__all__ = ["ecwid_harness"]
OPTIONS = ProductWriteOptions()


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


def shirt(**changes: Any) -> Product:
    product = Product(
        sku="SHIRT",
        name="Shirt",
        description="<p>Katoen</p>",
        price=eur(2495),
        quantity=4,
        barcode="8710000000004",
        features={"Materiaal": "Katoen"},
        variants=[
            Variant(sku="SHIRT-S", attributes={"Maat": "S"}, quantity=5),
            Variant(sku="SHIRT-M", attributes={"Maat": "M"}, price=eur(2695), quantity=3),
        ],
    )
    return product.model_copy(update=changes)


def koffie(number: int) -> Product:
    return Product(sku=f"KOFFIE-{number}", name=f"Koffie {number}", price=eur(1250), quantity=9)


@pytest.fixture
def connector(ecwid_harness: EcwidHarness, http_client: httpx.AsyncClient) -> EcwidConnector:
    return EcwidConnector(ecwid_harness.credentials(), http=http_client)


async def read_all(
    connector: EcwidConnector, entity: Entity, cursor: str | None, limit: int
) -> tuple[list[Any], str | None, int]:
    """Every record from ``cursor`` on, page by page; (records, last cursor, pages)."""
    records: list[Any] = []
    pages = 0
    while True:
        page = await connector.read_changes(entity, cursor, limit=limit)
        records += page.records
        cursor, pages = page.cursor, pages + 1
        if not page.has_more:
            return records, cursor, pages


class TestChangeFeeds:
    async def test_products_across_pages_then_only_the_touched_one(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        ids = [await ecwid_harness.seed_product(koffie(n)) for n in range(5)]
        size = ecwid_harness.page_size()
        records, cursor, pages = await read_all(connector, Entity.PRODUCTS, None, size)
        assert pages >= 3
        assert [r.source_id for r in records] == ids
        assert records[0].price == eur(1250)
        assert (await connector.read_changes(Entity.PRODUCTS, cursor, limit=size)).records == []
        await ecwid_harness.touch("products", ids[1])
        again, _, _ = await read_all(connector, Entity.PRODUCTS, cursor, size)
        assert [r.source_id for r in again] == [ids[1]]

    async def test_orders_are_sorted_here_and_resume_without_gaps(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        line = OrderLine(sku="K", quantity=1, unit_price=eur(995))
        order = Order(source_id="x", currency="EUR", email="a@b.nl", lines=[line])
        numbers = [await ecwid_harness.seed_order(order) for _ in range(5)]
        records, cursor, pages = await read_all(connector, Entity.ORDERS, None, 2)
        assert pages == 3
        assert [r.source_id for r in records] == numbers  # oldest first, none twice
        await ecwid_harness.touch("orders", numbers[0])
        again, _, _ = await read_all(connector, Entity.ORDERS, cursor, 2)
        assert [r.source_id for r in again] == [numbers[0]]

    async def test_customers_and_stock_feeds(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        emails = [f"klant{n}@example.nl" for n in range(3)]
        for email in emails:
            await ecwid_harness.seed_customer(Customer(email=email, first_name="Klant"))
        customers, _, _ = await read_all(connector, Entity.CUSTOMERS, None, 2)
        assert [c.email for c in customers] == emails
        await ecwid_harness.seed_product(shirt())
        levels, cursor, _ = await read_all(connector, Entity.STOCK, None, 2)
        assert {(s.sku, s.available) for s in levels} == {("SHIRT-S", 5), ("SHIRT-M", 3)}
        await ecwid_harness.touch("stock", "SHIRT-M")
        await ecwid_harness.seed_stock("SHIRT-M", 8)
        changed, _, _ = await read_all(connector, Entity.STOCK, cursor, 2)
        assert ("SHIRT-M", 8) in {(s.sku, s.available) for s in changed}


class TestProducts:
    async def test_find_by_sku_including_a_variant_sku(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        shirt_id = await ecwid_harness.seed_product(shirt())
        coffee_id = await ecwid_harness.seed_product(koffie(1))
        found = await connector.find_products_by_sku(["SHIRT-M", "KOFFIE-1", "SHIRT-X", "SHIRT-"])
        assert found == {"SHIRT-M": shirt_id, "KOFFIE-1": coffee_id}
        product = await connector.find_product("SHIRT-S")
        assert product is not None
        assert (product.sku, [v.sku for v in product.variants]) == ("SHIRT", ["SHIRT-S", "SHIRT-M"])
        assert product.variants[1].price == eur(2695)
        assert await connector.find_product("SHIRT-X") is None
        assert (await connector.get_product(coffee_id)).price == eur(1250)
        with pytest.raises(ConnectorNotFound):
            await connector.get_product("123")

    async def test_create_with_variants_and_a_retry_makes_one_product(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        first = await connector.create_product(shirt(), options=OPTIONS)
        again = await connector.create_product(shirt(), options=OPTIONS)
        assert first == again
        (stored,) = await ecwid_harness.stored("products")
        assert (stored["sku"], stored["price"], stored["quantity"]) == ("SHIRT", 24.95, 4)
        assert {a["type"]: a["value"] for a in stored["attributes"]}["UPC"] == "8710000000004"
        combos = {c["sku"]: c for c in stored["combinations"]}
        assert set(combos) == {"SHIRT-S", "SHIRT-M"}
        assert (combos["SHIRT-M"]["price"], combos["SHIRT-M"]["options"]) == (
            26.95,
            [{"name": "Maat", "value": "M"}],
        )
        read = await connector.get_product(first)
        assert read.features == {"Materiaal": "Katoen"}

    async def test_update_touches_only_the_named_fields_and_matches_variants_by_sku(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        product_id = await connector.create_product(shirt(), options=OPTIONS)
        changed = shirt(name="Shirt (nieuw)", price=eur(1000), description="anders")
        await connector.update_product(
            product_id, changed, fields=frozenset({"price"}), options=OPTIONS
        )
        (stored,) = await ecwid_harness.stored("products")
        assert (stored["name"], stored["price"], stored["description"]) == (
            "Shirt",
            10.0,
            "<p>Katoen</p>",
        )
        puts = [r for r in await ecwid_harness.driver.requests() if r["method"] == "PUT"]
        assert puts[-1]["json"] == {"price": 10.0}
        grown = shirt(
            variants=[
                Variant(sku="SHIRT-M", attributes={"Maat": "M"}, price=eur(2895)),
                Variant(sku="SHIRT-L", attributes={"Maat": "L"}, quantity=1),
            ]
        )
        await connector.update_product(
            product_id, grown, fields=frozenset({"variants"}), options=OPTIONS
        )
        (stored,) = await ecwid_harness.stored("products")
        combos = {c["sku"]: c for c in stored["combinations"]}
        assert set(combos) == {"SHIRT-S", "SHIRT-M", "SHIRT-L"}
        assert combos["SHIRT-M"]["price"] == 28.95
        assert len(stored["combinations"]) == 3
        assert stored["name"] == "Shirt"


class TestStockAndCategories:
    async def test_get_and_set_absolute_stock_of_products_and_variants(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        await ecwid_harness.seed_product(shirt())
        await ecwid_harness.seed_product(koffie(1))
        for _ in range(2):  # absolute: a redelivery does not count twice
            await connector.set_stock("SHIRT-S", 11, location_id=None)
            await connector.set_stock("KOFFIE-1", 2, location_id=None)
        assert await ecwid_harness.stock_of("SHIRT-S") == 11
        assert await ecwid_harness.stock_of("KOFFIE-1") == 2
        levels = await connector.get_stock(["SHIRT-S", "KOFFIE-1", "NOPE"], location_id=None)
        assert {(s.sku, s.available) for s in levels} == {("SHIRT-S", 11), ("KOFFIE-1", 2)}
        with pytest.raises(ConnectorNotFound):
            await connector.set_stock("NOPE", 1, location_id=None)

    async def test_unlimited_stock_has_no_level(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        await ecwid_harness.seed_product(koffie(2).model_copy(update={"quantity": None}))
        assert await connector.get_stock(["KOFFIE-2"], location_id=None) == []

    async def test_categories_parent_and_child_upserted_by_name(
        self, connector: EcwidConnector, ecwid_harness: EcwidHarness
    ) -> None:
        drinks = await connector.upsert_category(
            Category(source_id="1", name="Drank"), parent_id=None
        )
        tea = Category(source_id="2", name="Thee", parent_source_id="1")
        child = await connector.upsert_category(tea, parent_id=drinks)
        again = await connector.upsert_category(
            tea.model_copy(update={"description": "Losse thee"}), parent_id=drinks
        )
        elsewhere = await connector.upsert_category(
            Category(source_id="3", name="Thee"), parent_id=None
        )
        assert again == child
        assert len({drinks, child, elsewhere}) == 3
        stored = {c["id"]: c for c in await ecwid_harness.stored("categories")}
        assert stored[int(child)]["parentId"] == int(drinks)
        assert stored[int(child)]["description"] == "Losse thee"
        assert "parentId" not in stored[int(elsewhere)]
