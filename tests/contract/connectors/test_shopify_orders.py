"""Shopify connector, order and customer side: imports, status sync, customers, faults."""

from typing import Any

import pytest

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine, OrderStatus
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.errors import ConnectorTransientError
from syncyard_gateway.connectors.shopify import ShopifyConnector
from tests.contract.connectors.harness_shopify import ShopifyHarness, shopify_harness
from tests.contract.connectors.test_shopify_catalogue import koffie, records_of

__all__ = ["shopify_harness"]


def till_order(**changes: Any) -> Order:
    order = Order(
        source_id="POS-77",
        currency="EUR",
        email="anna@devries.nl",
        financial_status="pending",
        lines=[
            OrderLine(
                sku="KOFFIE-1",
                name="Koffie",
                quantity=2,
                unit_price=Money(amount=1250, currency="EUR"),
                tax_rate=None,
            )
        ],
    )
    return order.model_copy(update=changes)


@pytest.fixture
async def connector(shopify_harness: ShopifyHarness, http_client: Any) -> ShopifyConnector:
    return ShopifyConnector(shopify_harness.credentials(), http=http_client)


async def create(connector: ShopifyConnector, reference: str = "MPLUS-77") -> str:
    created = await connector.create_order(
        till_order(),
        external_reference=reference,
        idempotency_key="k1",
        options=OrderCreateOptions(),
    )
    return created.target_order_id


class TestOrderTarget:
    async def test_same_reference_twice_makes_one_order(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        first = await connector.create_order(
            till_order(),
            external_reference="MPLUS-77",
            idempotency_key="a",
            options=OrderCreateOptions(),
        )
        second = await connector.create_order(
            till_order(),
            external_reference="MPLUS-77",
            idempotency_key="b",
            options=OrderCreateOptions(),
        )
        assert (first.was_replayed, second.was_replayed) == (False, True)
        assert first.target_order_id == second.target_order_id
        assert await connector.find_order("MPLUS-77") == first.target_order_id
        assert await connector.find_order("MPLUS-78") is None
        [stored] = await shopify_harness.stored("orders")
        assert (stored["name"], stored["total_price"], stored["financial_status"]) == (
            "MPLUS-77",
            "25.00",
            "pending",
        )

    async def test_lines_link_to_variants_the_product_check_found(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        product_id = await shopify_harness.seed_product(koffie(1))
        options = OrderCreateOptions(product_ids={"KOFFIE-1": product_id})
        await connector.create_order(
            till_order(), external_reference="MPLUS-1", idempotency_key="k", options=options
        )
        [stored] = await shopify_harness.stored("orders")
        assert str(stored["line_items"][0]["product_id"]) == product_id

    async def test_rate_limit_and_server_error_then_one_write(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        for status in (429, 503):
            await shopify_harness.fail_next(status)
            with pytest.raises(ConnectorTransientError) as caught:
                await create(connector)
            if status == 429:
                assert caught.value.retry_after == 2.0
        await create(connector)
        assert await shopify_harness.write_requests() == 1
        assert len(await shopify_harness.stored("orders")) == 1


class TestOrderStatus:
    async def test_paid_shipped_cancelled_each_once(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        order_id = await create(connector)
        for status in (
            OrderStatus.PAID,
            OrderStatus.SHIPPED,
            OrderStatus.PAID,
            OrderStatus.SHIPPED,
        ):
            await connector.set_order_status(order_id, status)
        [stored] = await shopify_harness.stored("orders")
        assert (stored["financial_status"], stored["fulfillment_status"]) == ("paid", "fulfilled")
        writes = await shopify_harness.write_requests()
        assert writes == 1 + 1 + 1  # order, transaction, fulfilment
        await connector.set_order_status(order_id, OrderStatus.CANCELLED)
        await connector.set_order_status(order_id, OrderStatus.CANCELLED)
        assert await shopify_harness.write_requests() == writes + 1
        order = await connector.get_order(order_id)
        assert order.financial_status == "paid"
        page = await connector.read_changes(Entity.ORDERS, None)
        assert [o.source_id for o in records_of(page, Order)] == [
            order_id
        ]  # status=any: cancelled too


class TestCustomers:
    async def test_find_is_exact_and_case_insensitive(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        customer_id = await shopify_harness.seed_customer(
            Customer(email="Anna@DeVries.nl", first_name="Anna")
        )
        await shopify_harness.seed_customer(Customer(email="anna@devries.nl.example.com"))
        found = await connector.find_customer("anna@devries.NL")
        assert found is not None
        assert (found.id, found.first_name) == (customer_id, "Anna")
        assert await connector.find_customer("anna@devries") is None
        assert await connector.find_customer("devries.nl") is None

    async def test_company_and_person_and_no_second_customer(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        address = Address(
            line1="Dorpsstraat 12a", postcode="3511 AB", city="Utrecht", country_code="NL"
        )
        company = Customer(
            email="inkoop@bakkerij.nl",
            first_name="Anna",
            last_name="de Vries",
            company_name="Bakkerij De Vries B.V.",
            billing_address=address,
        )
        person = Customer(email="piet@example.nl", first_name="Piet", last_name="Jansen")
        made = await connector.upsert_customer(company, existing_id=None)
        again = await connector.upsert_customer(
            company.model_copy(update={"last_name": "Vries"}), existing_id=None
        )
        assert (made.was_created, again.was_created) == (True, False)
        assert again.customer_id == made.customer_id
        assert (await connector.upsert_customer(person, existing_id=None)).was_created
        stored = {c["email"]: c for c in await shopify_harness.stored("customers")}
        assert len(stored) == 2
        assert stored["inkoop@bakkerij.nl"]["last_name"] == "Vries"
        assert [a["company"] for a in stored["inkoop@bakkerij.nl"]["addresses"]] == [
            "Bakkerij De Vries B.V."
        ]
        assert stored["piet@example.nl"]["default_address"] is None
        read = await connector.get_customer(made.customer_id)
        assert (read.kind, read.company_name) == ("company", "Bakkerij De Vries B.V.")
        assert (
            await connector.get_customer(stored["piet@example.nl"]["id"].__str__())
        ).kind == "person"


class TestCapabilities:
    def test_declared_capabilities_match_the_protocols_implemented(self) -> None:
        capabilities = ShopifyConnector.capabilities
        connector = ShopifyConnector.__new__(ShopifyConnector)
        assert isinstance(connector, base.ChangeReader) == bool(capabilities.reads)
        assert isinstance(connector, base.ProductTarget) == (Entity.PRODUCTS in capabilities.writes)
        assert isinstance(connector, base.StockTarget) == (Entity.STOCK in capabilities.writes)
        assert isinstance(connector, base.CustomerTarget) == (
            Entity.CUSTOMERS in capabilities.writes
        )
        assert isinstance(connector, base.CategoryTarget) == (
            Entity.CATEGORIES in capabilities.writes
        )
        assert isinstance(connector, base.OrderStatusTarget) == bool(capabilities.order_statuses)
        assert "images are not synced" in capabilities.not_supported
        assert ShopifyConnector.rate_policy.per_second == 2.0
        assert ShopifyConnector.rate_policy.burst == 40
