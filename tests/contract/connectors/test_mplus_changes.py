"""MplusKASSA connector: change polling, orders read back, faults and refusals (harness)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from syncyard_common.canonical import (
    Address,
    Category,
    Customer,
    Money,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    StockLevel,
    Variant,
)
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.base import Entity, Record
from syncyard_gateway.connectors.errors import (
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
    UnsupportedOperation,
)
from syncyard_gateway.connectors.mplus import MplusConnector
from tests.contract.connectors.harness_mplus import MplusHarness, mplus_harness

__all__ = ["mplus_harness"]  # the fixture, imported for pytest


def eur(cents: int) -> Money:
    return Money(amount=cents, currency="EUR")


def product(n: int) -> Product:
    return Product(sku=f"{1000 + n}", name=f"Artikel {n}", price=eur(100 * n))


def order(n: int) -> Order:
    line = OrderLine(sku="1001", name="Artikel", quantity=n, unit_price=eur(250))
    return Order(source_id=f"till-{n}", currency="EUR", lines=[line])


@pytest.fixture
async def connector(mplus_harness: MplusHarness) -> AsyncIterator[MplusConnector]:
    async with httpx.AsyncClient(timeout=10) as http:
        yield MplusConnector(mplus_harness.credentials(), http=http)


async def read_all(
    connector: MplusConnector, entity: Entity, cursor: str | None, limit: int
) -> tuple[list[list[Record]], str | None]:
    """Every page until has_more is False; the pages and the last cursor."""
    pages: list[list[Record]] = []
    for _ in range(20):
        page = await connector.read_changes(entity, cursor, limit=limit)
        pages.append(page.records)
        cursor = page.cursor
        if not page.has_more:
            return pages, cursor
    raise AssertionError("the feed never ended")


def key(record: Record) -> str:
    if isinstance(record, Product | StockLevel):
        return record.sku
    if isinstance(record, Category | Order):
        return record.name if isinstance(record, Category) else record.source_id
    return str(record.email)


class TestReadChanges:
    async def test_products_page_in_articles_resume_and_see_an_edit(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        ids = [await mplus_harness.seed_product(product(n)) for n in range(1, 6)]
        pages, cursor = await read_all(connector, Entity.PRODUCTS, None, mplus_harness.page_size())
        assert len(pages) >= 3
        assert [key(r) for page in pages for r in page] == ["1001", "1002", "1003", "1004", "1005"]
        assert (await connector.read_changes(Entity.PRODUCTS, cursor, limit=2)).records == []
        await mplus_harness.touch("products", ids[1])
        again = await connector.read_changes(Entity.PRODUCTS, cursor, limit=2)
        assert [key(r) for r in again.records] == ["1002"]

    async def test_a_product_with_more_variants_than_the_limit_comes_whole(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        sizes = [Variant(sku=f"SOK-{s}", attributes={"size": s}) for s in ("S", "M", "L")]
        await mplus_harness.seed_product(Product(sku="SOK", name="Sok", variants=sizes))
        await mplus_harness.seed_product(product(1))
        first = await connector.read_changes(Entity.PRODUCTS, None, limit=2)
        assert [len(p.variants) for p in first.records if isinstance(p, Product)] == [3]
        rest, _ = await read_all(connector, Entity.PRODUCTS, first.cursor, 2)
        assert [key(r) for page in rest for r in page] == ["1001"]

    async def test_customers_orders_and_categories_resume_without_gaps(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        await mplus_harness.seed_product(product(1))
        for n in range(5):
            await mplus_harness.seed_customer(Customer(email=f"c{n}@example.nl", first_name="C"))
            await mplus_harness.seed_order(order(n + 1))
        parent = await mplus_harness.seed_category(
            Category(source_id="t", name="G0"), parent_id=None
        )
        for n in range(1, 5):
            await mplus_harness.seed_category(
                Category(source_id=f"{n}", name=f"G{n}"), parent_id=parent
            )
        expected = {
            Entity.CUSTOMERS: [f"c{n}@example.nl" for n in range(5)],
            Entity.ORDERS: None,
            Entity.CATEGORIES: [f"G{n}" for n in range(5)],
        }
        for entity, keys in expected.items():
            pages, _ = await read_all(connector, entity, None, 2)
            assert len(pages) >= 3, entity
            seen = [key(r) for page in pages for r in page]
            assert len(seen) == len(set(seen)) == 5, entity
            if keys is not None:
                assert seen == keys, entity
        orders, _ = await read_all(connector, Entity.ORDERS, None, 2)
        read = [r for page in orders for r in page if isinstance(r, Order)]
        assert [r.lines[0].quantity for r in read] == [1, 2, 3, 4, 5]
        assert read[0].lines[0].unit_price == eur(250)
        categories, _ = await read_all(connector, Entity.CATEGORIES, None, 10)
        children = [c for c in categories[0] if isinstance(c, Category) and c.name != "G0"]
        assert {c.parent_source_id for c in children} == {parent}

    async def test_stock_follows_stock_ids_and_reads_current_levels(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        for n in range(1, 4):
            await mplus_harness.seed_product(product(n))
            await mplus_harness.seed_stock(f"{1000 + n}", n)
        await mplus_harness.seed_stock("1001", 9)
        pages, cursor = await read_all(connector, Entity.STOCK, None, 1)
        assert len(pages) >= 3
        levels = [r for page in pages for r in page if isinstance(r, StockLevel)]
        assert [(lv.sku, lv.available) for lv in levels] == [
            ("1001", 9),
            ("1002", 2),
            ("1003", 3),
            ("1001", 9),
        ]
        await mplus_harness.touch("stock", "1002")
        again = await connector.read_changes(Entity.STOCK, cursor, limit=5)
        assert [(r.sku, r.available) for r in again.records if isinstance(r, StockLevel)] == [
            ("1002", 2)
        ]

    async def test_a_cursor_that_is_not_a_marker_is_refused(
        self, connector: MplusConnector
    ) -> None:
        with pytest.raises(ConnectorDataError, match="not a MplusKASSA sync marker"):
            await connector.read_changes(Entity.ORDERS, "2024-01-01", limit=2)


class TestOrders:
    async def test_get_order_and_mark_it_shipped_then_cancelled(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        await mplus_harness.seed_product(product(1))
        order_id = await mplus_harness.seed_order(order(3))
        read = await connector.get_order(order_id)
        assert (read.source_id, read.lines[0].sku, read.lines[0].quantity) == (order_id, "1001", 3)
        assert read.total == eur(750)
        await connector.set_order_status(order_id, OrderStatus.SHIPPED)
        await connector.set_order_status(order_id, OrderStatus.SHIPPED)
        assert (await connector.get_order(order_id)).extra["is_delivered"] is True
        other = await mplus_harness.seed_order(order(4))
        await connector.set_order_status(other, OrderStatus.CANCELLED)
        await connector.set_order_status(other, OrderStatus.CANCELLED)
        assert (await connector.get_order(other)).extra["is_cancelled"] is True
        with pytest.raises(ConnectorNotFound):
            await connector.get_order("no-such-order")

    async def test_a_till_order_of_a_debtor_carries_the_debtors_email(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        await mplus_harness.seed_product(product(1))
        address = Address(line1="Damrak 1", postcode="1012 LG", city="Amsterdam")
        debtor = Customer(
            email="els@korf.nl", first_name="Els", last_name="Korf", billing_address=address
        )
        relation = await mplus_harness.seed_customer(debtor)
        (stored,) = await mplus_harness.driver.place_orders(
            [{"extOrderId": "", "relationNumber": int(relation),
              "lines": [{"articleNumber": 1001, "quantity": 1}]}]
        )  # fmt: skip
        read = await connector.get_order(stored["orderId"])
        assert read.email == "els@korf.nl"
        assert read.customer is not None
        assert (read.customer.id, read.customer.last_name) == (relation, "Korf")
        assert read.billing_address is not None  # the till order has none: the debtor's
        assert (read.billing_address.postcode, read.billing_address.last_name) == (
            "1012 LG",
            "Korf",
        )

    async def test_paid_is_not_a_status_it_can_set(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        assert OrderStatus.PAID not in connector.capabilities.order_statuses
        with pytest.raises(UnsupportedOperation):
            await connector.set_order_status("any", OrderStatus.PAID)
        assert await mplus_harness.write_requests() == 0

    async def test_create_twice_with_one_reference_makes_one_order(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        await mplus_harness.seed_product(product(1))
        options = OrderCreateOptions(employee_number=1)
        first = await connector.create_order(
            order(1), external_reference="web-1", idempotency_key="k1", options=options
        )
        again = await connector.create_order(
            order(1), external_reference="web-1", idempotency_key="k2", options=options
        )
        assert again.target_order_id == first.target_order_id
        stored = [o for o in await mplus_harness.stored("orders") if o["extOrderId"] == "web-1"]
        assert len(stored) == 1


class TestFaults:
    @pytest.mark.parametrize("status", [429, 500, 503])
    async def test_overload_is_transient_then_the_retry_writes_once(
        self, connector: MplusConnector, mplus_harness: MplusHarness, status: int
    ) -> None:
        await mplus_harness.seed_product(product(1))
        await mplus_harness.fail_next(status)
        with pytest.raises(ConnectorTransientError) as caught:
            await connector.set_stock("1001", 4, location_id=None)
        assert caught.value.retry_after == (1.0 if status == 429 else None)
        await connector.set_stock("1001", 4, location_id=None)
        assert await mplus_harness.stock_of("1001") == 4
        assert await mplus_harness.write_requests() == 1

    async def test_find_customer_is_exact_and_company_differs_from_person(
        self, connector: MplusConnector, mplus_harness: MplusHarness
    ) -> None:
        await mplus_harness.seed_customer(Customer(email="Anna@Shop.nl", first_name="Anna"))
        found = await connector.find_customer("anna@shop.NL")
        assert found is not None
        assert found.kind == "person"
        assert await connector.find_customer("anna@shop") is None
        company = Customer(email="inkoop@bakker.nl", first_name="Kees", company_name="Bakker BV")
        upserted = await connector.upsert_customer(company, existing_id=None)
        read = await connector.get_customer(upserted.customer_id)
        assert (read.kind, read.company_name, read.first_name) == ("company", "Bakker BV", "Kees")
