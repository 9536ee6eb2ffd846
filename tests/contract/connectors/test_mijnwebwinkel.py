"""MijnWebwinkel connector against its simulator: every declared capability, faults, refusals."""

from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import (
    Address,
    Category,
    Customer,
    Money,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    Variant,
)
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.base import ChangePage, Entity, WebhookSource
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorNotFound,
    ConnectorTransientError,
    UnsupportedOperation,
)
from syncyard_gateway.connectors.mijnwebwinkel import MijnWebwinkelConnector
from syncyard_sim_mijnwebwinkel.driver import MijnWebwinkelDriver
from tests.contract.connectors import harness_mijnwebwinkel
from tests.contract.connectors.base import ConnectorContract, closed_port_url
from tests.contract.connectors.harness_mijnwebwinkel import MijnWebwinkelHarness

# The harness's fixtures, made visible to pytest in this module.
mijnwebwinkel_url = harness_mijnwebwinkel.mijnwebwinkel_url
mijnwebwinkel_harness = harness_mijnwebwinkel.mijnwebwinkel_harness
EUR = "EUR"
WRITE_OPTIONS = ProductWriteOptions()


def shirt(sku: str = "SHIRT") -> Product:
    return Product(
        sku=sku,
        name="T-shirt",
        description="Katoen",
        price=Money(amount=1995, currency=EUR),
        variants=[
            Variant(sku=f"{sku}-S", attributes={"Maat": "S"}, quantity=3),
            Variant(sku=f"{sku}-L", attributes={"Maat": "L"}, quantity=7),
        ],
    )


def mug(sku: str = "MUG", quantity: int = 4) -> Product:
    return Product(sku=sku, name="Mok", price=Money(amount=850, currency=EUR), quantity=quantity)


def web_order(reference_sku: str = "MUG", email: str = "anna@example.nl") -> Order:
    billing = Address(
        first_name="Anna",
        last_name="de Vries",
        company="Bakkerij De Vries B.V.",
        line1="Dorpsstraat 12a",
        postcode="3511AB",
        city="Utrecht",
        country_code="NL",
    )
    return Order(
        source_id="pos-77",
        currency=EUR,
        email=email,
        billing_address=billing,
        lines=[
            OrderLine(
                sku=reference_sku,
                name="Mok",
                quantity=2,
                unit_price=Money(amount=850, currency=EUR),
            ),
            OrderLine(
                sku="GIFT",
                name="Cadeaubon",
                quantity=1,
                unit_price=Money(amount=1000, currency=EUR),
                tax_rate=Decimal("0"),
            ),
        ],
        total=Money(amount=2700, currency=EUR),
        payment_method="cash",
        financial_status="paid",
    )


async def read_all(
    connector: MijnWebwinkelConnector, entity: Entity, cursor: str | None, limit: int
) -> tuple[list[Any], str | None, int]:
    """Every page until has_more is false: the records, the last cursor, the page count."""
    records: list[Any] = []
    pages = 0
    while True:
        page: ChangePage = await connector.read_changes(entity, cursor, limit=limit)
        records += page.records
        cursor, pages = page.cursor, pages + 1
        if not page.has_more:
            return records, cursor, pages


class TestMijnWebwinkelConnector(ConnectorContract):
    connector_class = MijnWebwinkelConnector

    @pytest.fixture
    def harness(self, mijnwebwinkel_harness: MijnWebwinkelHarness) -> MijnWebwinkelHarness:
        return mijnwebwinkel_harness

    @pytest.fixture
    def credentials(self, harness: MijnWebwinkelHarness) -> BaseModel:
        return harness.credentials()

    @pytest.fixture
    def wrong_credentials(self, harness: MijnWebwinkelHarness) -> BaseModel:
        return harness.wrong_credentials()

    @pytest.fixture
    def unreachable_credentials(self, credentials: BaseModel) -> BaseModel:
        return credentials.model_copy(update={"base_url": closed_port_url()})

    @pytest.fixture
    def sim(self, harness: MijnWebwinkelHarness) -> MijnWebwinkelDriver:
        return harness.driver

    async def test_wrong_partner_token_is_an_auth_error_too(
        self, credentials: BaseModel, http_client: httpx.AsyncClient
    ) -> None:
        wrong = credentials.model_copy(update={"partner_token": SecretStr("nope-partner")})
        connector = MijnWebwinkelConnector(wrong, http=http_client)
        with pytest.raises(ConnectorAuthError, match="store token or partner token") as caught:
            await connector.test_connection()
        assert "nope-partner" not in str(caught.value)

    async def test_product_feed_pages_and_resumes_without_gaps_or_repeats(
        self,
        connector: MijnWebwinkelConnector,
        harness: MijnWebwinkelHarness,
        sim: MijnWebwinkelDriver,
    ) -> None:
        await sim.clock(frozen=True, set="2025-03-04 09:00:00")
        ids = [await harness.seed_product(mug(f"MUG-{n}")) for n in range(5)]
        records, cursor, pages = await read_all(connector, Entity.PRODUCTS, None, 2)
        assert pages >= 3
        assert [r.source_id for r in records] == ids
        assert (await connector.read_changes(Entity.PRODUCTS, cursor, limit=2)).records == []
        # Same second as the last pass (inclusive filter): only the new one comes.
        late = await harness.seed_product(mug("MUG-LATE"))
        records, cursor, _ = await read_all(connector, Entity.PRODUCTS, cursor, 2)
        assert [r.source_id for r in records] == [late]
        await sim.clock(seconds=1)
        await harness.touch("products", ids[1])
        records, cursor, _ = await read_all(connector, Entity.PRODUCTS, cursor, 2)
        assert [r.source_id for r in records] == [ids[1]]
        assert records[0].price == Money(amount=850, currency=EUR)
        assert (await connector.read_changes(Entity.PRODUCTS, cursor)).records == []

    async def test_order_feed_follows_status_changes(
        self,
        connector: MijnWebwinkelConnector,
        harness: MijnWebwinkelHarness,
        sim: MijnWebwinkelDriver,
    ) -> None:
        await sim.clock(frozen=True, set="2025-03-04 10:00:00")
        await harness.seed_product(mug())
        numbers = []
        for minute in range(5):
            await sim.clock(seconds=60 * minute)
            numbers.append(await harness.seed_order(web_order()))
        records, cursor, pages = await read_all(connector, Entity.ORDERS, None, 2)
        assert pages >= 3
        assert [r.source_id for r in records] == numbers
        await sim.clock(seconds=5)
        await harness.touch("orders", numbers[0])
        records, cursor, _ = await read_all(connector, Entity.ORDERS, cursor, 2)
        assert [(r.source_id, r.extra["status"]) for r in records] == [(numbers[0], 3)]
        order = await connector.get_order(numbers[0])
        assert order.lines[0].unit_price == Money(amount=850, currency=EUR)
        assert order.total == Money(amount=2700, currency=EUR)

    async def test_stock_feed_gives_article_and_variant_levels(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        await harness.seed_product(shirt())
        await harness.seed_product(mug())
        records, _, _ = await read_all(connector, Entity.STOCK, None, 1)
        assert {(r.sku, r.available) for r in records} == {
            ("SHIRT-S", 3),
            ("SHIRT-L", 7),
            ("MUG", 4),
        }

    async def test_find_by_sku_scans_articles_and_variant_fields(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        shirt_id = await harness.seed_product(shirt())
        mug_id = await harness.seed_product(mug())
        found = await connector.find_products_by_sku(["MUG", "SHIRT-L", "NOPE"])
        assert found == {"MUG": mug_id, "SHIRT-L": shirt_id}
        product = await connector.find_product("SHIRT-S")
        assert product is not None
        assert [(v.sku, v.attributes, v.quantity) for v in product.variants] == [
            ("SHIRT-S", {"Maat": "S"}, 3),
            ("SHIRT-L", {"Maat": "L"}, 7),
        ]
        assert await connector.find_product("NOPE") is None

    async def test_create_with_variants_then_update_only_named_fields(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        product_id = await connector.create_product(shirt(), options=WRITE_OPTIONS)
        assert await connector.create_product(shirt(), options=WRITE_OPTIONS) == product_id
        assert len(await harness.stored("products")) == 1
        assert (await harness.stock_of("SHIRT-L"), await harness.stock_of("SHIRT-S")) == (7, 3)
        changed = shirt().model_copy(
            update={
                "name": "Nieuwe naam",
                "price": Money(amount=2495, currency=EUR),
                "variants": [
                    *shirt().variants,
                    Variant(sku="SHIRT-XL", attributes={"Maat": "XL"}, quantity=1),
                ],
            }
        )
        await connector.update_product(
            product_id, changed, fields=frozenset({"price"}), options=WRITE_OPTIONS
        )
        (stored,) = await harness.stored("products")
        assert (stored["name"], stored["price"]["default"]) == ("T-shirt", "24.95")
        assert await harness.stock_of("SHIRT-XL") is None
        await connector.update_product(
            product_id, changed, fields=frozenset({"variants"}), options=WRITE_OPTIONS
        )
        assert await harness.stock_of("SHIRT-XL") == 1
        assert (await harness.stored("products"))[0]["name"] == "T-shirt"

    async def test_set_and_get_stock_of_article_and_variant(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        await harness.seed_product(shirt())
        await harness.seed_product(mug())
        await connector.set_stock("MUG", 11, location_id=None)
        await connector.set_stock("SHIRT-S", 0, location_id=None)
        levels = await connector.get_stock(["MUG", "SHIRT-S", "NOPE"], location_id=None)
        assert sorted((level.sku, level.available) for level in levels) == [
            ("MUG", 11),
            ("SHIRT-S", 0),
        ]
        assert await harness.stock_of("SHIRT-L") == 7
        with pytest.raises(ConnectorNotFound):
            await connector.set_stock("NOPE", 1, location_id=None)

    async def test_create_order_twice_with_one_reference_makes_one_order(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        mug_id = await harness.seed_product(mug(quantity=10))
        options = OrderCreateOptions(product_ids={"MUG": mug_id})
        first = await connector.create_order(
            web_order(), external_reference="POS-77", idempotency_key="k1", options=options
        )
        again = await connector.create_order(
            web_order(), external_reference="POS-77", idempotency_key="k2", options=options
        )
        assert (again.target_order_id, again.was_replayed, first.was_replayed) == (
            first.target_order_id,
            True,
            False,
        )
        (stored,) = await harness.stored("orders")
        assert (stored["business_model"], stored["reference"]) == ("B2B", "POS-77")
        assert stored["price"]["total"] == "27.00"
        assert stored["debtor"]["address"]["invoice"]["number"] == "12a"
        assert await harness.stock_of("MUG") == 8
        assert await connector.find_order("POS-77") == first.target_order_id
        assert await connector.find_order("POS-78") is None

    async def test_a_written_order_keeps_the_total_we_sent(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        """The store adds no shipping costs of its own (`disable_shipping=true`): the order's
        total is the source's; no notification mails the shopper or the merchant."""
        mug_id = await harness.seed_product(mug(quantity=10))
        await harness.driver.set_shipping_cost("6.95")
        order = web_order()
        options = OrderCreateOptions(product_ids={"MUG": mug_id})
        await connector.create_order(
            order, external_reference="POS-78", idempotency_key="k1", options=options
        )
        (stored,) = await harness.stored("orders")
        assert order.total is not None
        assert Decimal(stored["price"]["total"]) * 100 == order.total.amount  # 27.00
        assert [line["type"] for line in stored["orderlines"]] == ["article", "custom"]
        [create] = [
            r for r in await harness.driver.requests()
            if r["method"] == "POST" and r["path"].endswith("/orders")
        ]  # fmt: skip
        query = dict(parse_qsl(create["query"]))
        flags = ("disable_shipping", "send_customer_notification", "send_merchant_notification")
        assert {flag: query.get(flag) for flag in flags} == {
            "disable_shipping": "true",
            "send_customer_notification": "false",
            "send_merchant_notification": "false",
        }

    async def test_set_order_status_patches_once(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        number = await harness.seed_order(web_order("X"))
        await connector.set_order_status(number, OrderStatus.SHIPPED)
        await connector.set_order_status(number, OrderStatus.SHIPPED)
        (stored,) = await harness.stored("orders")
        assert stored["status"] == 4
        assert await harness.write_requests() == 1

    async def test_find_customer_is_exact_and_case_insensitive(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        await harness.seed_customer(Customer(email="piet@example.nl", first_name="Piet"))
        await harness.seed_customer(Customer(email="opiet@example.nl", first_name="Opiet"))
        found = await connector.find_customer("PIET@Example.nl")
        assert found is not None
        assert found.first_name == "Piet"
        assert await connector.find_customer("piet@example") is None

    async def test_upsert_customer_company_versus_person(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        address = Address(
            street="Dorpsstraat",
            house_number="12",
            postcode="3511AB",
            city="Utrecht",
            country_code="NL",
        )
        company = Customer(
            email="inkoop@bakkerij.nl",
            first_name="Anna",
            last_name="Vries",
            company_name="Bakkerij B.V.",
            vat_number="NL001",
            billing_address=address,
        )
        person = Customer(
            email="jan@example.nl", first_name="Jan", last_name="Jansen", billing_address=address
        )
        made = await connector.upsert_customer(company, existing_id=None)
        again = await connector.upsert_customer(company, existing_id=None)
        assert (made.was_created, again.was_created, again.customer_id) == (
            True,
            False,
            made.customer_id,
        )
        await connector.upsert_customer(person, existing_id=None)
        stored = {c["email"]: c for c in await harness.stored("customers")}
        assert len(stored) == 2
        (company_address,) = stored["inkoop@bakkerij.nl"]["addresses"]
        assert (company_address["company"], company_address["taxNumber"]) == (
            "Bakkerij B.V.",
            "NL001",
        )
        assert stored["jan@example.nl"]["addresses"][0]["company"] is None
        read = await connector.get_customer(made.customer_id)
        assert (read.company_name, read.kind) == ("Bakkerij B.V.", "company")

    async def test_categories_parent_and_child_upsert_in_place(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness
    ) -> None:
        parent = await connector.upsert_category(
            Category(source_id="1", name="Kleding"), parent_id=None
        )
        child = await connector.upsert_category(
            Category(source_id="2", name="Shirts", description="Alle shirts"), parent_id=parent
        )
        again = await connector.upsert_category(
            Category(source_id="2", name="shirts", description="Nieuw"), parent_id=parent
        )
        top_level_namesake = await connector.upsert_category(
            Category(source_id="3", name="Shirts"), parent_id=None
        )
        assert again == child
        assert top_level_namesake not in (parent, child)
        stored = {str(c["id"]): c for c in await harness.stored("categories")}
        assert stored[child]["parent_category_id"] == int(parent)
        assert stored[child]["content"] == "Nieuw"

    @pytest.mark.parametrize("status", [429, 503])
    async def test_throttled_or_down_is_transient_then_one_write(
        self, connector: MijnWebwinkelConnector, harness: MijnWebwinkelHarness, status: int
    ) -> None:
        await harness.seed_product(mug())
        await harness.fail_next(status)
        with pytest.raises(ConnectorTransientError) as caught:
            await connector.set_stock("MUG", 2, location_id=None)
        if status == 429:
            assert (caught.value.code, caught.value.retry_after) == ("rate_limited", 1.0)
        await connector.set_stock("MUG", 2, location_id=None)
        assert await harness.write_requests() == 1
        assert await harness.stock_of("MUG") == 2

    async def test_rate_limit_of_the_simulator_gives_retry_after(
        self, connector: MijnWebwinkelConnector, sim: MijnWebwinkelDriver
    ) -> None:
        await sim.set_rate_limit(0.5, burst=1)
        await connector.test_connection()
        with pytest.raises(ConnectorTransientError) as caught:
            await connector.test_connection()
        assert caught.value.code == "rate_limited"
        assert caught.value.retry_after == 2.0

    async def test_undeclared_capabilities_are_refused(
        self, connector: MijnWebwinkelConnector
    ) -> None:
        for entity in set(Entity) - MijnWebwinkelConnector.capabilities.reads:
            with pytest.raises(UnsupportedOperation):
                await connector.read_changes(entity, None)
        assert not isinstance(connector, WebhookSource)
        with pytest.raises(ConnectorNotFound):
            await connector.get_order("not-a-number")
