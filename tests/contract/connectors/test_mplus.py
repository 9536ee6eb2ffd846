"""MplusKASSA connector against the MplusKASSA simulator (strict XSD request checks on)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine, OrderStatus
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.base import ChangeIntake, Entity
from syncyard_gateway.connectors.errors import (
    ArticleNumberNotNumeric,
    ConnectorDataError,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.mplus import MplusConnector, MplusCredentials
from syncyard_gateway.connectors.pacing import Call
from syncyard_sim_mplus.driver import MplusDriver
from tests.contract.connectors.base import ConnectorContract, closed_port_url
from tests.contract.connectors.conftest import MPLUS_IDENT, MPLUS_SECRET

ARTICLES = [
    {
        "articleNumber": 1001,
        "description": "T-shirt rood",
        "priceIncl": 1995,
        "pluNumber": "TSHIRT-RED",
    },
    {"articleNumber": 8712345, "description": "Roggebrood", "priceIncl": 495},
]
OPTIONS = OrderCreateOptions(employee_number=1, product_ids={"TSHIRT-RED": "1001"})
ADDRESS = Address(
    first_name="Anna",
    last_name="de Vries",
    company="Bakkerij De Vries B.V.",
    street="Dorpsstraat",
    house_number="12",
    house_number_suffix="a",
    postcode="3511 AB",
    city="Utrecht",
    country_code="NL",
)


def web_order(*, include_tax: bool = True) -> Order:
    return Order(
        source_id="5802345611",
        number="#1042",
        currency="EUR",
        prices_include_tax=include_tax,
        billing_address=ADDRESS,
        lines=[
            OrderLine(
                sku="TSHIRT-RED",
                name="T-shirt",
                quantity=2,
                unit_price=Money(amount=1995, currency="EUR"),
            ),
            OrderLine(sku="8712345", quantity=1, unit_price=Money(amount=495, currency="EUR")),
        ],
    )


class TestMplusConnector(ConnectorContract):
    connector_class = MplusConnector

    @pytest.fixture(autouse=True)
    async def sim(self, mplus_url: str) -> AsyncIterator[MplusDriver]:
        """A freshly reset simulator that validates requests against the XSD."""
        async with MplusDriver(mplus_url) as driver:
            await driver.reset()
            await driver.faults(strict_requests=True)
            await driver.seed_articles(ARTICLES)
            yield driver

    @pytest.fixture
    def credentials(self, mplus_url: str) -> MplusCredentials:
        return MplusCredentials(
            base_url=f"{mplus_url}/", ident=MPLUS_IDENT, secret=SecretStr(MPLUS_SECRET)
        )

    @pytest.fixture
    def wrong_credentials(self, credentials: BaseModel) -> BaseModel:
        return credentials.model_copy(update={"secret": SecretStr("wrong-secret-c0ffee")})

    @pytest.fixture
    def unreachable_credentials(self, credentials: BaseModel) -> BaseModel:
        return credentials.model_copy(update={"base_url": closed_port_url()})

    # --- orders -------------------------------------------------------------------------

    async def test_find_order_is_none_for_an_unknown_reference(
        self, connector: MplusConnector
    ) -> None:
        assert await connector.find_order("syncyard-nope") is None

    async def test_find_order_returns_the_id_of_an_existing_order(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        seeded = await sim.place_orders(
            [{"extOrderId": "web-77", "lines": [{"articleNumber": 1001}]}]
        )
        assert await connector.find_order("web-77") == seeded[0]["orderId"]

    async def test_create_order_writes_lines_addresses_and_settings(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        created = await connector.create_order(
            web_order(), external_reference="syncyard-1", idempotency_key="key-1", options=OPTIONS
        )
        assert created.was_replayed is False
        (stored,) = await orders_with(sim, "syncyard-1")
        assert stored["orderId"] == created.target_order_id
        assert stored["employeeNumber"] == 1
        assert stored["reference"] == "#1042"
        assert [
            (line["articleNumber"], line["quantity"], line["price"]) for line in stored["lines"]
        ] == [
            (1001, 2, 1995),
            (8712345, 1, 495),
        ]
        assert stored["invoiceAddress"]["address"] == "Dorpsstraat 12a"
        assert stored["invoiceAddress"]["companyName"] == "Bakkerij De Vries B.V."
        assert stored["invoiceAddress"]["contact"] == "Anna de Vries"
        assert stored["order"]["orderType"] == "ORDER-TYPE-EXTERNAL-SALES-ORDER"
        assert stored["order"]["vatMethod"] == "VAT-METHOD-INCLUSIVE"

    async def test_tax_code_and_revenue_account_from_the_value_maps_book_every_line(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        order = web_order().model_copy(
            update={"extra": {"tax_code": "2", "revenue_account": "40", "note": "NL"}}
        )
        await connector.create_order(
            order, external_reference="syncyard-9", idempotency_key="key-9", options=OPTIONS
        )
        (stored,) = await orders_with(sim, "syncyard-9")
        lines = stored["order"]["lineList"]["line"]
        assert [(line["data"]["vatCode"], line["data"]["turnoverGroup"]) for line in lines] == [
            (2, 40),
            (2, 40),
        ]

    async def test_same_idempotency_key_again_is_a_replay_of_one_order(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        args: dict[str, Any] = {
            "external_reference": "syncyard-2",
            "idempotency_key": "key-2",
            "options": OPTIONS,
        }
        first = await connector.create_order(web_order(), **args)
        again = await connector.create_order(web_order(), **args)
        assert again.was_replayed is True
        assert again.target_order_id == first.target_order_id
        assert len(await orders_with(sim, "syncyard-2")) == 1

    async def test_existing_reference_with_a_new_key_resolves_to_the_existing_order(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        first = await connector.create_order(
            web_order(), external_reference="syncyard-3", idempotency_key="key-3a", options=OPTIONS
        )
        again = await connector.create_order(
            web_order(), external_reference="syncyard-3", idempotency_key="key-3b", options=OPTIONS
        )
        assert again.target_order_id == first.target_order_id
        assert again.was_replayed is True
        assert len(await orders_with(sim, "syncyard-3")) == 1

    async def test_lost_answer_then_retry_with_the_same_key_makes_one_order(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        await sim.faults(reset_after_commit=1)
        args: dict[str, Any] = {
            "external_reference": "syncyard-4",
            "idempotency_key": "key-4",
            "options": OPTIONS,
        }
        with pytest.raises(ConnectorTransientError):
            await connector.create_order(web_order(), **args)
        retried = await connector.create_order(web_order(), **args)
        (stored,) = await orders_with(sim, "syncyard-4")
        assert retried.target_order_id == stored["orderId"]

    async def test_refused_order_is_a_data_error_with_the_remote_message(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        options = OrderCreateOptions(employee_number=1, product_ids={"TSHIRT-RED": "999"})
        with pytest.raises(ConnectorDataError, match="999") as caught:
            await connector.create_order(
                web_order(),
                external_reference="syncyard-5",
                idempotency_key="key-5",
                options=options,
            )
        assert caught.value.code == "CREATE-ORDER-RESULT-FAILED"
        assert await orders_with(sim, "syncyard-5") == []

    async def test_sku_that_is_neither_known_nor_numeric_is_refused_before_sending(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        options = OrderCreateOptions(employee_number=1)
        with pytest.raises(ArticleNumberNotNumeric, match="TSHIRT-RED"):
            await connector.create_order(
                web_order(),
                external_reference="syncyard-6",
                idempotency_key="key-6",
                options=options,
            )
        assert await orders_with(sim, "syncyard-6") == []

    async def test_server_faults_are_transient(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        await sim.faults(error_rate_5xx=1)
        with pytest.raises(ConnectorTransientError):
            await connector.find_order("syncyard-1")

    # --- customers ----------------------------------------------------------------------

    async def test_find_customer_matches_the_exact_email_in_any_case(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        await sim.seed_relations([{"name": "Piet Jansen", "email": "Piet.Jansen@Example.nl"}])
        found = await connector.find_customer("piet.jansen@example.NL")
        assert found is not None
        assert (found.first_name, found.last_name) == ("Piet", "Jansen")
        assert await connector.find_customer("jansen@example.nl") is None

    async def test_upsert_company_makes_a_company_debtor_with_the_person_as_contact(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        customer = Customer(
            email="anna@devries.nl", first_name="Anna", last_name="de Vries",
            company_name="Bakkerij De Vries B.V.", billing_address=ADDRESS,
        )  # fmt: skip
        upserted = await connector.upsert_customer(customer, existing_id=None)
        assert upserted.was_created is True
        assert upserted.contact_id is not None
        company = await relation(sim, upserted.customer_id)
        assert company["companyName"] == company["name"] == "Bakkerij De Vries B.V."
        assert company["contact"] == "Anna de Vries"
        assert company["address"] == "Dorpsstraat 12a"
        assert company["zipcode"] == "3511 AB"
        assert company["country"] == "NL"
        contacts = company["contactList"]["relation"]
        assert [(c["relationNumber"], c["name"]) for c in contacts] == [
            (int(upserted.contact_id), "Anna de Vries")
        ]

    async def test_redelivered_upsert_finds_the_debtor_instead_of_making_a_second(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        customer = Customer(email="anna@devries.nl", first_name="Anna", company_name="Bakkerij")
        first = await connector.upsert_customer(customer, existing_id=None)
        count = len(await sim.relations())
        again = await connector.upsert_customer(
            customer.model_copy(update={"phone": "+3130"}), existing_id=None
        )
        assert (again.customer_id, again.was_created) == (first.customer_id, False)
        assert again.contact_id == first.contact_id
        assert len(await sim.relations()) == count
        assert (await relation(sim, first.customer_id))["telephone"] == "+3130"

    async def test_upsert_person_makes_a_person_debtor(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        customer = Customer(
            email="kees@example.nl", first_name="Kees", last_name="Bakker", billing_address=ADDRESS
        )
        upserted = await connector.upsert_customer(customer, existing_id=None)
        assert (upserted.was_created, upserted.contact_id) == (True, None)
        person = await relation(sim, upserted.customer_id)
        assert person["name"] == "Kees Bakker"
        assert not person.get("companyName")
        assert not person.get("contactList")

    # --- products -----------------------------------------------------------------------

    async def test_find_products_by_plu_and_numeric_sku_missing_skus_absent(
        self, connector: MplusConnector
    ) -> None:
        found = await connector.find_products_by_sku(["TSHIRT-RED", "8712345", "MISSING", "4242"])
        assert found == {"TSHIRT-RED": "1001", "8712345": "8712345"}

    async def test_find_products_go_through_the_pacer_once_per_call(
        self, credentials: MplusCredentials, http_client: httpx.AsyncClient, sim: MplusDriver
    ) -> None:
        pacer = CountingPacer()
        connector = MplusConnector(credentials, http=http_client, pacer=pacer)
        await sim.clear_requests()
        await connector.find_products_by_sku(["TSHIRT-RED", "8712345"])
        assert pacer.entered == len(await sim.requests()) == 2

    async def test_find_products_with_no_skus_asks_nothing(
        self, connector: MplusConnector, sim: MplusDriver
    ) -> None:
        await sim.clear_requests()
        assert await connector.find_products_by_sku([]) == {}
        assert await sim.requests() == []


class TestMplusCapabilities:
    def test_declares_everything_it_reads_writes_and_polls(self) -> None:
        capabilities = MplusConnector.capabilities
        assert capabilities.reads == capabilities.writes == frozenset(Entity)
        assert capabilities.change_intake is ChangeIntake.POLLING
        assert capabilities.webhook_topics == []
        assert capabilities.order_statuses == {OrderStatus.SHIPPED, OrderStatus.CANCELLED}
        assert any("paid" in reason for reason in capabilities.not_supported)
        assert MplusConnector.rate_policy.max_concurrent == 4


class CountingPacer:
    """A pacer that lets everything through and counts the calls it let through."""

    def __init__(self) -> None:
        self.entered = 0

    @asynccontextmanager
    async def request(self, *, cost: float = 1.0) -> AsyncIterator[Call]:
        self.entered += 1
        yield Call()


async def orders_with(sim: MplusDriver, ext_order_id: str) -> list[dict[str, Any]]:
    return [o for o in await sim.orders() if o["extOrderId"] == ext_order_id]


async def relation(sim: MplusDriver, number: str) -> dict[str, Any]:
    (found,) = [r for r in await sim.relations() if r["relationNumber"] == int(number)]
    return dict(found)
