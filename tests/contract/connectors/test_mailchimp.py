"""Mailchimp connector against the Mailchimp simulator: every declared capability, faults,
webhooks, and the refusal of what Mailchimp cannot do."""

# ruff: noqa: F811 - the harness fixtures are imported, then requested by the same name

import asyncio
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote_plus, urlsplit

import httpx
import pytest
from pydantic import BaseModel

from syncyard_common.canonical import (
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
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.base import Entity, Record
from syncyard_gateway.connectors.errors import (
    ConnectorDataError,
    ConnectorTransientError,
    UnsupportedOperation,
    WebhookSignatureInvalid,
    WebhookTopicNotHandled,
)
from syncyard_gateway.connectors.mailchimp import MailchimpConnector
from syncyard_gateway.connectors.pacing import LocalPacer
from syncyard_sim_mailchimp.testing import running_receiver
from tests.contract.connectors.base import ConnectorContract, closed_port_url
from tests.contract.connectors.harness_mailchimp import (  # noqa: F401 - fixtures
    MAILCHIMP_LIST,
    MAILCHIMP_SECRET,
    MAILCHIMP_STORE,
    MailchimpHarness,
    mailchimp_harness,
    mailchimp_url,
)
from tests.fixtures.eventually import eventually

OPTIONS = ProductWriteOptions()
EUR = "EUR"


def customers(records: list[Record]) -> list[Customer]:
    assert all(isinstance(r, Customer) for r in records)
    return [r for r in records if isinstance(r, Customer)]


def orders(records: list[Record]) -> list[Order]:
    assert all(isinstance(r, Order) for r in records)
    return [r for r in records if isinstance(r, Order)]


def products(records: list[Record]) -> list[Product]:
    assert all(isinstance(r, Product) for r in records)
    return [r for r in records if isinstance(r, Product)]


def levels(records: list[Record]) -> list[StockLevel]:
    assert all(isinstance(r, StockLevel) for r in records)
    return [r for r in records if isinstance(r, StockLevel)]


def eur(cents: int) -> Money:
    return Money(amount=cents, currency=EUR)


TSHIRT = Product(
    sku="TSHIRT",
    name="T-shirt",
    description="Katoen",
    variants=[
        Variant(sku="TSHIRT-RED-M", name="Rood M", price=eur(1995), quantity=5),
        Variant(sku="TSHIRT-RED-L", name="Rood L", price=eur(1995), quantity=3),
    ],
)
KOFFIE = Product(sku="KOFFIE-250", name="Koffie 250 g", price=eur(795), quantity=40)


def web_order(source_id: str = "1001", email: str = "Anna@DeVries.nl") -> Order:
    return Order(
        source_id=source_id,
        currency=EUR,
        email=email,
        customer=Customer(email=email, first_name="Anna", last_name="de Vries"),
        lines=[
            OrderLine(sku="TSHIRT-RED-M", name="T-shirt", quantity=2, unit_price=eur(1995)),
            OrderLine(sku="KOFFIE-250", name="Koffie", quantity=1, unit_price=eur(795)),
        ],
        total=eur(2 * 1995 + 795),
        financial_status="pending",
    )


@pytest.fixture
def connector(
    mailchimp_harness: MailchimpHarness, http_client: httpx.AsyncClient
) -> MailchimpConnector:
    return MailchimpConnector(mailchimp_harness.credentials(), http=http_client)


class TestMailchimpConnector(ConnectorContract):
    connector_class = MailchimpConnector

    @pytest.fixture
    def credentials(self, mailchimp_harness: MailchimpHarness) -> BaseModel:
        return mailchimp_harness.credentials()

    @pytest.fixture
    def wrong_credentials(self, mailchimp_harness: MailchimpHarness) -> BaseModel:
        return mailchimp_harness.wrong_credentials()

    @pytest.fixture
    def unreachable_credentials(self, credentials: BaseModel) -> BaseModel:
        return credentials.model_copy(update={"base_url": closed_port_url()})

    def test_rate_policy_is_ten_concurrent_requests(self) -> None:
        assert MailchimpConnector.rate_policy.max_concurrent == 10
        assert MailchimpConnector.rate_policy.per_second is None


class TestChangeFeeds:
    async def test_members_page_oldest_first_and_resume_without_gaps_or_repeats(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        emails = [f"lid{n}@example.nl" for n in range(5)]
        ids = [await mailchimp_harness.seed_customer(Customer(email=e)) for e in emails]
        seen, cursor, pages = [], None, 0
        while True:
            page = await connector.read_changes(Entity.CUSTOMERS, cursor, limit=2)
            seen += [r.id for r in customers(page.records)]
            cursor, pages = page.cursor or cursor, pages + 1
            if not page.has_more:
                break
        assert pages >= 3
        assert seen == ids
        assert (await connector.read_changes(Entity.CUSTOMERS, cursor, limit=2)).records == []
        await mailchimp_harness.touch("customers", ids[1])
        newcomer = await mailchimp_harness.seed_customer(Customer(email="nieuw@example.nl"))
        page = await connector.read_changes(Entity.CUSTOMERS, cursor, limit=10)
        assert [r.id for r in customers(page.records)] == [ids[1], newcomer]
        assert customers(page.records)[1].email == "nieuw@example.nl"

    async def test_orders_are_read_as_they_are_added(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        made = [await mailchimp_harness.seed_order(web_order(f"W{n}")) for n in range(5)]
        seen, cursor = [], None
        for _ in range(3):
            page = await connector.read_changes(Entity.ORDERS, cursor, limit=2)
            seen += [r.source_id for r in orders(page.records)]
            cursor = page.cursor
        assert seen == made
        assert page.has_more is False
        await mailchimp_harness.seed_order(web_order("W5"))
        page = await connector.read_changes(Entity.ORDERS, cursor, limit=2)
        assert [r.source_id for r in orders(page.records)] == ["W5"]
        assert orders(page.records)[0].total == eur(2 * 1995 + 795)

    async def test_products_and_stock_are_read_as_they_are_added(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        for number in range(5):
            await mailchimp_harness.seed_product(KOFFIE.model_copy(update={"sku": f"K{number}"}))
        seen, cursor = [], None
        for _ in range(3):
            page = await connector.read_changes(Entity.PRODUCTS, cursor, limit=2)
            seen += [r.sku for r in products(page.records)]
            cursor = page.cursor
        assert (seen, page.has_more) == ([f"K{n}" for n in range(5)], False)
        await mailchimp_harness.seed_product(TSHIRT)
        page = await connector.read_changes(Entity.PRODUCTS, cursor, limit=2)
        assert [p.sku for p in products(page.records)] == ["TSHIRT"]
        stock = await connector.read_changes(Entity.STOCK, cursor, limit=2)
        assert [(s.sku, s.available) for s in levels(stock.records)] == [
            ("TSHIRT-RED-M", 5), ("TSHIRT-RED-L", 3),
        ]  # fmt: skip

    async def test_categories_have_no_feed(self, connector: MailchimpConnector) -> None:
        with pytest.raises(UnsupportedOperation):
            await connector.read_changes(Entity.CATEGORIES, None)


class TestProducts:
    async def test_find_by_sku_includes_variant_skus(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        await mailchimp_harness.seed_product(TSHIRT)
        await mailchimp_harness.seed_product(KOFFIE)
        found = await connector.find_products_by_sku(["KOFFIE-250", "TSHIRT-RED-L", "NOPE"])
        assert found == {"KOFFIE-250": "KOFFIE-250", "TSHIRT-RED-L": "TSHIRT"}
        whole = await connector.find_product("TSHIRT-RED-L")
        assert whole is not None
        assert [v.sku for v in whole.variants] == ["TSHIRT-RED-M", "TSHIRT-RED-L"]
        assert whole.variants[0].price == eur(1995)
        assert await connector.find_product("NOPE") is None

    async def test_create_is_idempotent_and_update_touches_only_named_fields(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        assert await connector.create_product(TSHIRT, options=OPTIONS) == "TSHIRT"
        assert await connector.create_product(TSHIRT, options=OPTIONS) == "TSHIRT"
        assert [p["id"] for p in await mailchimp_harness.stored("products")] == ["TSHIRT"]
        changed = TSHIRT.model_copy(
            update={
                "name": "T-shirt 2.0",
                "description": "Biologisch",
                "variants": [
                    Variant(sku="TSHIRT-RED-M", name="Rood M", price=eur(2495), quantity=5),
                    Variant(sku="TSHIRT-RED-XL", name="Rood XL", price=eur(2495), quantity=1),
                ],
            }
        )
        await connector.update_product(
            "TSHIRT", changed, fields=frozenset({"name"}), options=OPTIONS
        )
        (stored,) = await mailchimp_harness.stored("products")
        assert (stored["title"], stored["description"]) == ("T-shirt 2.0", "Katoen")
        assert [v["price"] for v in stored["variants"]] == [19.95, 19.95]
        await connector.update_product(
            "TSHIRT", changed, fields=frozenset({"variants"}), options=OPTIONS
        )
        (stored,) = await mailchimp_harness.stored("products")
        prices = {v["id"]: v["price"] for v in stored["variants"]}
        assert prices == {"TSHIRT-RED-M": 24.95, "TSHIRT-RED-L": 19.95, "TSHIRT-RED-XL": 24.95}
        assert stored["description"] == "Katoen"

    async def test_product_without_variants_round_trips(
        self, connector: MailchimpConnector
    ) -> None:
        await connector.create_product(KOFFIE, options=OPTIONS)
        product = await connector.get_product("KOFFIE-250")
        assert (product.sku, product.price, product.quantity, product.variants) == (
            "KOFFIE-250", eur(795), 40, [],
        )  # fmt: skip

    async def test_its_own_product_fields_cross_as_extras(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        own = {"vendor": "Brandpoort", "type": "Koffie", "handle": "koffie-250"}
        product = KOFFIE.model_copy(update={"extras": {**own, "warranty": "none"}})
        await connector.create_product(product, options=OPTIONS)
        (stored,) = await mailchimp_harness.stored("products")
        assert "warranty" not in stored  # a name Mailchimp has no field for is never sent
        read = await connector.get_product("KOFFIE-250")
        assert read.extras == {**own, "url": "", "image_url": ""}
        moved = product.model_copy(update={"name": "Anders", "extras": {"vendor": "Zuid"}})
        await connector.update_product(
            "KOFFIE-250", moved, fields=frozenset({"extras"}), options=OPTIONS
        )
        (stored,) = await mailchimp_harness.stored("products")
        assert (stored["vendor"], stored["type"]) == ("Zuid", "Koffie")
        assert stored["title"] == KOFFIE.name  # the name was not ticked for the update

    async def test_price_in_another_currency_is_refused(
        self, connector: MailchimpConnector
    ) -> None:
        with pytest.raises(ConnectorDataError):
            await connector.create_product(
                KOFFIE.model_copy(update={"price": Money(amount=1, currency="USD")}),
                options=OPTIONS,
            )

    async def test_stock_is_set_absolutely_per_variant(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        await mailchimp_harness.seed_product(TSHIRT)
        await mailchimp_harness.seed_product(KOFFIE)
        await connector.set_stock("TSHIRT-RED-L", 11, location_id=None)
        await connector.set_stock("TSHIRT-RED-L", 11, location_id=None)
        await connector.set_stock("KOFFIE-250", 0, location_id=None)
        assert await mailchimp_harness.stock_of("TSHIRT-RED-L") == 11
        levels = await connector.get_stock(["TSHIRT-RED-L", "KOFFIE-250", "NOPE"], location_id=None)
        assert [(s.sku, s.available) for s in levels] == [("TSHIRT-RED-L", 11), ("KOFFIE-250", 0)]

    async def test_categories_are_refused(self, connector: MailchimpConnector) -> None:
        with pytest.raises(UnsupportedOperation):
            await connector.upsert_category(Category(source_id="1", name="Koffie"), parent_id=None)


class TestOrders:
    async def test_create_twice_with_the_same_reference_makes_one_order(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        await mailchimp_harness.seed_product(TSHIRT)
        await mailchimp_harness.seed_product(KOFFIE)
        options = OrderCreateOptions()
        first = await connector.create_order(
            web_order(), external_reference="SY-1001", idempotency_key="k1", options=options
        )
        again = await connector.create_order(
            web_order(), external_reference="SY-1001", idempotency_key="k2", options=options
        )
        assert (first.target_order_id, first.was_replayed) == ("SY-1001", False)
        assert (again.target_order_id, again.was_replayed) == ("SY-1001", True)
        assert await mailchimp_harness.write_requests() == 1
        (stored,) = await mailchimp_harness.stored("orders")
        lines = [
            (li["product_id"], li["product_variant_id"], li["price"]) for li in stored["lines"]
        ]
        assert lines == [("TSHIRT", "TSHIRT-RED-M", 19.95), ("KOFFIE-250", "KOFFIE-250", 7.95)]
        assert stored["order_total"] == 47.85
        assert await connector.find_order("SY-1001") == "SY-1001"
        assert await connector.find_order("SY-9999") is None
        order = await connector.get_order("SY-1001")
        assert order.total == eur(4785)
        assert order.lines[0].unit_price == eur(1995)
        assert order.customer is not None
        assert order.customer.email == "Anna@DeVries.nl"

    async def test_unknown_sku_is_a_data_error(self, connector: MailchimpConnector) -> None:
        with pytest.raises(ConnectorDataError) as caught:
            await connector.create_order(
                web_order(),
                external_reference="SY-2",
                idempotency_key="k",
                options=OrderCreateOptions(),
            )
        assert caught.value.code == "product_missing"

    async def test_status_is_set_once(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        order_id = await mailchimp_harness.seed_order(web_order("W1"))
        before = await mailchimp_harness.write_requests()
        await connector.set_order_status(order_id, OrderStatus.PAID)
        await connector.set_order_status(order_id, OrderStatus.PAID)
        await connector.set_order_status(order_id, OrderStatus.SHIPPED)
        (stored,) = await mailchimp_harness.stored("orders")
        assert (stored["financial_status"], stored["fulfillment_status"]) == ("paid", "shipped")
        assert await mailchimp_harness.write_requests() - before == 2
        await connector.set_order_status(order_id, OrderStatus.CANCELLED)
        (stored,) = await mailchimp_harness.stored("orders")
        assert stored["financial_status"] == "cancelled"
        assert stored["cancelled_at_foreign"]


class TestCustomers:
    async def test_upsert_company_then_person_and_find_by_exact_email(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        company = Customer(email="Inkoop@Bakkerij.nl", first_name="Anna", last_name="Bakker",
                           company_name="Bakkerij B.V.")  # fmt: skip
        made = await connector.upsert_customer(company, existing_id=None)
        assert made.was_created
        again = await connector.upsert_customer(company, existing_id=None)
        assert (again.customer_id, again.was_created) == (made.customer_id, False)
        found = await connector.find_customer("inkoop@bakkerij.NL")
        assert found is not None
        assert (found.id, found.company_name) == (made.customer_id, "Bakkerij B.V.")
        assert await connector.find_customer("inkoop@bakkerij") is None
        assert await connector.find_customer("koop@bakkerij.nl") is None
        person = company.model_copy(update={"company_name": None})
        await connector.upsert_customer(person, existing_id=made.customer_id)
        (stored,) = await mailchimp_harness.stored("customers")
        assert (stored["company"], stored["opt_in_status"]) == ("", False)
        fetched = await connector.get_customer(made.customer_id)
        assert fetched.kind.value == "person"

    async def test_store_is_created_on_first_write(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        await mailchimp_harness.reset(with_store=False)
        await connector.test_connection()
        await connector.upsert_customer(Customer(email="a@example.nl"), existing_id=None)
        stores = await mailchimp_harness.http().get(f"/_sim/stores/{MAILCHIMP_STORE}/customers")
        assert stores.status_code == 200
        listed = await connector.client.get(f"/ecommerce/stores/{MAILCHIMP_STORE}")
        assert (listed["list_id"], listed["currency_code"]) == (MAILCHIMP_LIST, EUR)

    async def test_store_on_another_audience_is_refused(
        self, mailchimp_harness: MailchimpHarness, http_client: httpx.AsyncClient
    ) -> None:
        credentials = mailchimp_harness.credentials().model_copy(update={"currency_code": "USD"})
        connector = MailchimpConnector(credentials, http=http_client)
        with pytest.raises(ConnectorDataError) as caught:
            await connector.upsert_customer(Customer(email="a@example.nl"), existing_id=None)
        assert caught.value.code == "store_mismatch"


class TestFaults:
    @pytest.mark.parametrize("status", [429, 503])
    async def test_fault_is_transient_then_the_retry_writes_once(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector, status: int
    ) -> None:
        await mailchimp_harness.seed_product(TSHIRT)
        await mailchimp_harness.seed_product(KOFFIE)
        await mailchimp_harness.fail_next(status)
        args = {
            "external_reference": "SY-7",
            "idempotency_key": "k",
            "options": OrderCreateOptions(),
        }
        with pytest.raises(ConnectorTransientError) as caught:
            await connector.create_order(web_order(), **args)  # type: ignore[arg-type]
        if status == 429:
            assert (caught.value.code, caught.value.retry_after) == ("rate_limited", 1.0)
        await connector.create_order(web_order(), **args)  # type: ignore[arg-type]
        assert await mailchimp_harness.write_requests() == 1

    async def test_pacer_keeps_within_ten_concurrent_requests(
        self, mailchimp_harness: MailchimpHarness, http_client: httpx.AsyncClient
    ) -> None:
        await mailchimp_harness.seed_product(KOFFIE)
        await mailchimp_harness.driver.faults(latency_ms=200)
        credentials = mailchimp_harness.credentials()
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=20)) as wide:
            unpaced = MailchimpConnector(credentials, http=wide)
            answers = await asyncio.gather(
                *(unpaced.get_product("KOFFIE-250") for _ in range(12)), return_exceptions=True
            )
            assert any(isinstance(a, ConnectorTransientError) for a in answers)
            paced = MailchimpConnector(
                credentials, http=wide, pacer=LocalPacer(MailchimpConnector.rate_policy)
            )
            products = await asyncio.gather(*(paced.get_product("KOFFIE-250") for _ in range(12)))
            assert {p.sku for p in products} == {"KOFFIE-250"}


# Within the replay window (connectors/replay.py).
FIRED_AT = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


class TestWebhooks:
    def _body(self, list_id: str = MAILCHIMP_LIST, kind: str = "subscribe") -> bytes:
        return (
            f"type={kind}&fired_at={quote_plus(FIRED_AT)}&data%5Bid%5D=8a25ff1d98"
            f"&data%5Blist_id%5D={list_id}&data%5Bemail%5D=Anna%40Example.nl"
        ).encode()

    def test_secret_in_query_is_checked(self, connector: MailchimpConnector) -> None:
        event = connector.verify_webhook(
            headers={}, body=self._body(), query={"secret": MAILCHIMP_SECRET}
        )
        assert (event.topic, event.entity) == ("subscribe", Entity.CUSTOMERS)
        assert event.event_key == f"subscribe:{FIRED_AT}:8a25ff1d98"
        for query in ({}, {"secret": "wrong"}):
            with pytest.raises(WebhookSignatureInvalid):
                connector.verify_webhook(headers={}, body=self._body(), query=query)
        with pytest.raises(WebhookSignatureInvalid):
            connector.verify_webhook(
                headers={}, body=self._body("other"), query={"secret": MAILCHIMP_SECRET}
            )
        with pytest.raises(WebhookTopicNotHandled):
            connector.verify_webhook(
                headers={}, body=self._body(kind="campaign"), query={"secret": MAILCHIMP_SECRET}
            )

    async def test_webhook_delivered_by_the_simulator_verifies(
        self, mailchimp_harness: MailchimpHarness, connector: MailchimpConnector
    ) -> None:
        with running_receiver(f"/webhooks/mailchimp?secret={MAILCHIMP_SECRET}") as receiver:
            await mailchimp_harness.driver.add_webhook(receiver.url)
            member_id = await mailchimp_harness.seed_customer(Customer(email="Piet@Example.nl"))
            await eventually(lambda: receiver.received, timeout=10, interval=0.02)
            ((headers, body, path),) = receiver.received
        query = dict(parse_qsl(urlsplit(path).query))
        event = connector.verify_webhook(headers=headers, body=body, query=query)
        assert (event.topic, event.entity_id) == ("subscribe", member_id)
        customer = await connector.get_customer(event.entity_id)
        assert customer.email == "Piet@Example.nl"
