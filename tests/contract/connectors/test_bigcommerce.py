"""BigCommerce connector against the BigCommerce simulator: every declared capability."""

import base64
import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest
from pydantic import BaseModel

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
from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.bigcommerce import BigCommerceConnector
from syncyard_gateway.connectors.errors import (
    ConnectorNotFound,
    ConnectorTransientError,
    UnsupportedOperation,
    WebhookSignatureInvalid,
)
from tests.contract.connectors.base import ConnectorContract, closed_port_url
from tests.contract.connectors.conftest import WebhookInbox
from tests.contract.connectors.harness_bigcommerce import (
    BC_SECRET,
    BC_STORE_HASH,
    BigCommerceHarness,
    bigcommerce_harness,
    bigcommerce_url,
)

__all__ = ["bigcommerce_harness", "bigcommerce_url"]  # fixtures used below

EUR = "EUR"
OPTIONS = ProductWriteOptions()


def eur(cents: int) -> Money:
    return Money(amount=cents, currency=EUR)


def shirt(sku: str = "SHIRT", name: str = "T-shirt") -> Product:
    sizes = [Variant(sku=f"{sku}-{s}", price=eur(1995), attributes={"Size": s}, quantity=3)
             for s in ("S", "M")]  # fmt: skip
    return Product(sku=sku, name=name, price=eur(1995), description="<p>Katoen</p>",
                   variants=sizes)  # fmt: skip


def web_order(**extra: object) -> Order:
    billing = Address(first_name="Anna", last_name="de Vries", line1="Dorpsstraat 12a",
                      postcode="3511 AB", city="Utrecht", country_code="NL")  # fmt: skip
    lines = [OrderLine(sku="SHIRT-M", name="T-shirt M", quantity=2, unit_price=eur(1995),
                       tax_rate=Decimal("0.21")),
             OrderLine(sku="GIFT", name="Cadeaubon", quantity=1, unit_price=eur(1000))]  # fmt: skip
    fields = {"source_id": "W-1", "number": "#1001", "currency": EUR, "email": "anna@example.nl",
              "billing_address": billing, "lines": lines, "financial_status": "paid"}  # fmt: skip
    return Order.model_validate(fields | extra)


def signed_headers(
    body: bytes, *, secret: str = BC_SECRET, at: int | None = None
) -> dict[str, str]:
    webhook_id, stamp = "msg_contract_1", str(at if at is not None else int(time.time()))
    digest = hmac.new(secret.encode(), f"{webhook_id}.{stamp}.".encode() + body, hashlib.sha256)
    signature = "v1," + base64.b64encode(digest.digest()).decode()
    return {"webhook-id": webhook_id, "webhook-timestamp": stamp, "webhook-signature": signature}


class TestBigCommerceConnector(ConnectorContract):
    connector_class = BigCommerceConnector

    @pytest.fixture(autouse=True)
    def sim(self, bigcommerce_harness: BigCommerceHarness) -> BigCommerceHarness:
        return bigcommerce_harness

    @pytest.fixture
    def credentials(self, sim: BigCommerceHarness) -> BaseModel:
        return sim.credentials()

    @pytest.fixture
    def wrong_credentials(self, sim: BigCommerceHarness) -> BaseModel:
        return sim.wrong_credentials()

    @pytest.fixture
    def unreachable_credentials(self, credentials: BaseModel) -> BaseModel:
        return credentials.model_copy(update={"base_url": closed_port_url()})

    # --- change feed ------------------------------------------------------------------------
    async def test_product_changes_page_oldest_first_and_resume_without_gaps(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        ids = [await sim.seed_product(Product(sku=f"P{n}", name=f"Product {n}")) for n in range(7)]
        seen, cursor, pages = [], None, 0
        while True:
            page = await connector.read_changes(Entity.PRODUCTS, cursor, limit=sim.page_size())
            assert len(page.records) <= sim.page_size()
            seen += [r.source_id for r in page.records]  # type: ignore[union-attr]
            cursor, pages = page.cursor, pages + 1
            if not page.has_more:
                break
        assert pages >= 3
        assert seen == ids
        await sim.touch("products", ids[2])
        again = await connector.read_changes(Entity.PRODUCTS, cursor, limit=sim.page_size())
        assert [r.source_id for r in again.records] == [ids[2]]  # type: ignore[union-attr]
        assert not (await connector.read_changes(Entity.PRODUCTS, again.cursor)).records

    async def test_order_and_customer_changes_come_back_in_canonical_form(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        order_ids = [await sim.seed_order(web_order()) for _ in range(5)]
        people = [Customer(email=f"c{n}@example.nl", first_name="C", last_name=str(n))
                  for n in range(5)]  # fmt: skip
        customer_ids = [await sim.seed_customer(c) for c in people]
        for entity, expected in ((Entity.ORDERS, order_ids), (Entity.CUSTOMERS, customer_ids)):
            seen, cursor, more = [], None, True
            while more:
                page = await connector.read_changes(entity, cursor, limit=2)
                seen += [getattr(r, "source_id", None) or getattr(r, "id", None)
                         for r in page.records]  # fmt: skip
                cursor, more = page.cursor, page.has_more
            assert seen == expected
        order = await connector.get_order(order_ids[0])
        assert order.lines[0].unit_price == eur(1995)
        assert order.total == eur(2 * 1995 + 1000)

    async def test_undeclared_change_feeds_are_refused(
        self, connector: BigCommerceConnector
    ) -> None:
        assert Entity.STOCK not in connector.capabilities.reads
        with pytest.raises(UnsupportedOperation):
            await connector.read_changes(Entity.STOCK, None)

    async def test_categories_are_read_one_by_one_and_new_ones_by_id(
        self, connector: BigCommerceConnector
    ) -> None:
        parent = await connector.upsert_category(
            Category(source_id="p", name="Drinks"), parent_id=None
        )
        child = await connector.upsert_category(
            Category(source_id="c", name="Tea"), parent_id=parent
        )
        read = await connector.get_category(child)
        assert (read.source_id, read.name, read.parent_source_id) == (child, "Tea", parent)
        page = await connector.read_changes(Entity.CATEGORIES, None)
        found = {record.source_id: record for record in page.records}  # type: ignore[union-attr]
        assert found[child].parent_source_id == parent  # type: ignore[union-attr]
        later = await connector.read_changes(Entity.CATEGORIES, page.cursor)
        assert later.records == []

    # --- products ---------------------------------------------------------------------------
    async def test_find_by_sku_includes_variant_skus(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        product_id = await sim.seed_product(shirt())
        found = await connector.find_products_by_sku(["SHIRT", "SHIRT-M", "NOPE"])
        assert found == {"SHIRT": product_id, "SHIRT-M": product_id}
        whole = await connector.find_product("SHIRT-S")
        assert whole is not None
        assert [v.sku for v in whole.variants] == ["SHIRT-S", "SHIRT-M"]
        assert whole.variants[0].attributes == {"Size": "S"}
        assert await connector.find_product("NOPE") is None

    async def test_create_is_idempotent_and_update_touches_only_named_fields(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        product_id = await connector.create_product(shirt(), options=OPTIONS)
        assert await connector.create_product(shirt(), options=OPTIONS) == product_id
        assert len(await sim.stored("products")) == 1
        changed = shirt(name="Renamed").model_copy(
            update={"price": eur(2495), "description": "<p>Nieuw</p>", "variants": [
                *shirt().variants, Variant(sku="SHIRT-L", attributes={"Size": "L"})
            ]}
        )  # fmt: skip
        await connector.update_product(
            product_id, changed, fields=frozenset({"price", "variants"}), options=OPTIONS
        )
        stored = await connector.get_product(product_id)
        assert (stored.name, stored.description) == ("T-shirt", "<p>Katoen</p>")
        assert stored.price == eur(2495)
        assert [v.sku for v in stored.variants] == ["SHIRT-S", "SHIRT-M", "SHIRT-L"]

    async def test_features_are_custom_fields_changed_in_place_by_name(
        self, connector: BigCommerceConnector
    ) -> None:
        product = shirt().model_copy(
            update={"features": {"Origin": "NL", "Fabric": "", "Fit": "Slim"}}
        )
        product_id = await connector.create_product(product, options=OPTIONS)
        stored = await connector.get_product(product_id)
        assert stored.features == {"Origin": "NL", "Fit": "Slim"}  # an empty value cannot be kept
        moved = product.model_copy(update={"name": "Other", "features": {"Origin": "PT"}})
        await connector.update_product(
            product_id, moved, fields=frozenset({"features"}), options=OPTIONS
        )
        again = await connector.get_product(product_id)
        assert again.features == {"Origin": "PT", "Fit": "Slim"}  # one field, no second Origin
        assert again.name == "T-shirt"
        page = await connector.read_changes(Entity.PRODUCTS, None)
        assert [r.features for r in page.records if r.sku == "SHIRT"] == [again.features]

    async def test_unknown_product_is_not_found(self, connector: BigCommerceConnector) -> None:
        with pytest.raises(ConnectorNotFound):
            await connector.get_product("987654")

    async def test_categories_nest_and_upsert_by_name_under_parent(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        parent = await connector.upsert_category(Category(source_id="1", name="Koffie"),
                                                 parent_id=None)  # fmt: skip
        child = await connector.upsert_category(
            Category(source_id="2", name="Bonen", description="Vers"), parent_id=parent
        )
        again = await connector.upsert_category(Category(source_id="2", name="Bonen"),
                                                parent_id=parent)  # fmt: skip
        assert again == child
        stored = {c["id"]: c for c in await sim.stored("categories")}
        assert stored[int(child)]["parent_id"] == int(parent)
        assert stored[int(child)]["description"] == ""
        assert len(stored) == 2

    # --- stock ------------------------------------------------------------------------------
    async def test_set_and_get_stock_are_absolute(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        await sim.seed_product(shirt())
        await connector.set_stock("SHIRT-M", 11, location_id=None)
        await connector.set_stock("SHIRT-M", 11, location_id=None)
        assert await sim.stock_of("SHIRT-M") == 11
        levels = await connector.get_stock(["SHIRT-M", "SHIRT-S", "NOPE"], location_id=None)
        assert {(lv.sku, lv.available) for lv in levels} == {("SHIRT-M", 11), ("SHIRT-S", 3)}

    # --- customers --------------------------------------------------------------------------
    async def test_find_customer_is_exact_and_case_insensitive(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        await sim.seed_customer(Customer(email="Anna@Example.nl", first_name="A", last_name="B"))
        found = await connector.find_customer("ANNA@example.NL")
        assert found is not None
        assert found.email == "anna@example.nl"
        assert await connector.find_customer("anna@example") is None
        assert await connector.find_customer("nna@example.nl") is None

    async def test_upsert_customer_company_and_person(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        address = Address(line1="Havenweg 3", postcode="3812 PB", city="Amersfoort",
                          country_code="nl")  # fmt: skip
        company = Customer(email="inkoop@bakkerij.nl", first_name="Piet", last_name="Jansen",
                           company_name="Bakkerij B.V.", billing_address=address)  # fmt: skip
        person = Customer(email="jan@example.nl", first_name="Jan", last_name="Smit",
                          billing_address=address)  # fmt: skip
        made = await connector.upsert_customer(company, existing_id=None)
        again = await connector.upsert_customer(company, existing_id=None)
        assert (made.was_created, again.was_created) == (True, False)
        assert again.customer_id == made.customer_id
        await connector.upsert_customer(person, existing_id=None)
        stored = {c["email"]: c for c in await sim.stored("customers")}
        assert stored["inkoop@bakkerij.nl"]["company"] == "Bakkerij B.V."
        assert stored["inkoop@bakkerij.nl"]["addresses"][0]["address_type"] == "commercial"
        assert stored["jan@example.nl"]["company"] == ""
        assert stored["jan@example.nl"]["addresses"][0]["address_type"] == "residential"
        assert len(stored["inkoop@bakkerij.nl"]["addresses"]) == 1

    # --- orders -----------------------------------------------------------------------------
    async def test_create_order_twice_with_one_reference_makes_one_order(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        await sim.seed_product(shirt())
        options = OrderCreateOptions()
        first = await connector.create_order(
            web_order(), external_reference="SY-42", idempotency_key="k1", options=options
        )
        second = await connector.create_order(
            web_order(), external_reference="SY-42", idempotency_key="k2", options=options
        )
        assert (first.was_replayed, second.was_replayed) == (False, True)
        assert first.target_order_id == second.target_order_id
        assert await connector.find_order("SY-42") == first.target_order_id
        (stored,) = await sim.stored("orders")
        assert stored["external_order_id"] == "SY-42"
        lines = {li["sku"]: li for li in stored["products"]}
        assert lines["SHIRT-M"]["product_id"] > 0
        assert lines["GIFT"]["product_id"] == 0
        assert lines["SHIRT-M"]["price_inc_tax"] == "19.9500"
        assert lines["SHIRT-M"]["price_ex_tax"] == "16.4876"

    async def test_order_status_is_set_and_repeating_it_is_a_no_op(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        order_id = await sim.seed_order(web_order())
        await connector.set_order_status(order_id, OrderStatus.SHIPPED)
        writes = await sim.write_requests()
        await connector.set_order_status(order_id, OrderStatus.SHIPPED)
        await connector.set_order_status(order_id, OrderStatus.PAID)  # already past payment
        assert await sim.write_requests() == writes
        assert (await connector.get_order(order_id)).extra["status_id"] == 2

    # --- faults -----------------------------------------------------------------------------
    @pytest.mark.parametrize("status", [429, 503])
    async def test_quota_and_server_errors_are_transient_then_one_write(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness, status: int
    ) -> None:
        await sim.seed_product(shirt())
        before = await sim.write_requests()
        await sim.fail_next(status)
        with pytest.raises(ConnectorTransientError) as caught:
            await connector.set_stock("SHIRT-S", 5, location_id=None)
        if status == 429:
            assert caught.value.code == "rate_limited"
            assert caught.value.retry_after is not None
            assert caught.value.retry_after > 0
        await connector.set_stock("SHIRT-S", 5, location_id=None)
        assert await sim.write_requests() == before + 1
        assert await sim.stock_of("SHIRT-S") == 5

    async def test_spent_quota_from_the_simulator_is_rate_limited(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness
    ) -> None:
        await sim.driver.set_rate_limit(quota=1)
        await connector.test_connection()
        with pytest.raises(ConnectorTransientError) as caught:
            await connector.test_connection()
        assert caught.value.code == "rate_limited"
        assert connector.client.quota is not None
        assert connector.client.quota.quota == 1

    # --- webhooks ---------------------------------------------------------------------------
    def test_webhook_signatures_are_checked(self, connector: BigCommerceConnector) -> None:
        body = json.dumps({"scope": "store/product/updated", "store_id": "1",
                           "data": {"type": "product", "id": 7}, "hash": "x",
                           "created_at": int(time.time()),
                           "producer": f"stores/{BC_STORE_HASH}"}).encode()  # fmt: skip
        event = connector.verify_webhook(headers=signed_headers(body), body=body, query={})
        assert (event.entity, event.entity_id, event.event_key) == (
            Entity.PRODUCTS, "7", "msg_contract_1"
        )  # fmt: skip
        refused = [
            (signed_headers(body, secret="forged"), body),
            (signed_headers(body, at=int(time.time()) - 600), body),
            ({}, body),
            (signed_headers(body), body.replace(b'"id": 7', b'"id": 8')),
        ]
        for headers, sent in refused:
            with pytest.raises(WebhookSignatureInvalid):
                connector.verify_webhook(headers=headers, body=sent, query={})

    async def test_webhook_delivered_by_the_simulator_verifies(
        self, connector: BigCommerceConnector, sim: BigCommerceHarness, webhook_inbox: WebhookInbox
    ) -> None:
        await sim.driver.subscribe_directly("store/sku/inventory/*", webhook_inbox.url)
        await sim.seed_product(shirt())
        await connector.set_stock("SHIRT-S", 8, location_id=None)
        ((headers, body),) = await webhook_inbox.wait(1)
        event = connector.verify_webhook(headers=headers, body=body, query={})
        assert (event.topic, event.entity) == ("store/sku/inventory/updated", Entity.STOCK)
        assert event.payload["data"]["inventory"]["value"] == 8

    def test_credentials_form_describes_every_field(self) -> None:
        schema = BigCommerceConnector.credentials_model.model_json_schema()
        assert all(field.get("description") for field in schema["properties"].values())
