"""Shopify connector against the Shopify simulator: orders, rate limits, signed webhooks."""

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import Money
from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.errors import (
    ConnectorNotFound,
    ConnectorTransientError,
    WebhookSignatureInvalid,
)
from syncyard_gateway.connectors.shopify import ShopifyConnector, ShopifyCredentials
from syncyard_sim_shopify.driver import ShopifyDriver
from tests.contract.connectors.base import ConnectorContract, closed_port_url
from tests.contract.connectors.conftest import (
    SHOPIFY_DOMAIN,
    SHOPIFY_SECRET,
    SHOPIFY_TOKEN,
    WebhookInbox,
)

COMPANY_ORDER: dict[str, Any] = {
    "email": "Anna@DeVries.nl",
    "currency": "EUR",
    "taxes_included": True,
    "financial_status": "paid",
    "source_name": "web",
    "billing_address": {
        "first_name": "Anna",
        "last_name": "de Vries",
        "company": "Bakkerij De Vries B.V.",
        "address1": "Dorpsstraat 12a",
        "address2": "2e verdieping",
        "zip": "3511 AB",
        "city": "Utrecht",
        "country_code": "NL",
        "phone": "+31301234567",
    },
    "shipping_address": {
        "first_name": "Piet",
        "last_name": "Jansen",
        "address1": "Havenweg 3",
        "zip": "3812 PB",
        "city": "Amersfoort",
        "country_code": "NL",
    },
    "line_items": [
        {"sku": "TSHIRT-RED", "title": "T-shirt rood", "quantity": 2, "price": "19.95"},
        {
            "sku": "8712345",
            "title": "Roggebrood",
            "quantity": 1,
            "price": "4.95",
            "tax_lines": [{"title": "BTW laag", "rate": 0.09, "price": "0.41"}],
        },
    ],
    "shipping_lines": [{"title": "PostNL Standaard", "price": "4.95"}],
    "payment_gateway_names": ["ideal"],
}


class TestShopifyConnector(ConnectorContract):
    connector_class = ShopifyConnector

    @pytest.fixture(autouse=True)
    async def sim(self, shopify_url: str) -> AsyncIterator[ShopifyDriver]:
        async with ShopifyDriver(shopify_url, access_token=SHOPIFY_TOKEN) as driver:
            await driver.reset()
            yield driver

    @pytest.fixture
    def credentials(self, shopify_url: str) -> ShopifyCredentials:
        return ShopifyCredentials(
            shop_domain=SHOPIFY_DOMAIN,
            access_token=SecretStr(SHOPIFY_TOKEN),
            webhook_secret=SecretStr(SHOPIFY_SECRET),
            base_url=shopify_url,
        )

    @pytest.fixture
    def wrong_credentials(self, credentials: BaseModel) -> BaseModel:
        return credentials.model_copy(update={"access_token": SecretStr("shpat_wrong_0000")})

    @pytest.fixture
    def unreachable_credentials(self, credentials: BaseModel) -> BaseModel:
        return credentials.model_copy(update={"base_url": closed_port_url()})

    async def test_get_order_maps_money_addresses_lines_and_customer(
        self, connector: ShopifyConnector, sim: ShopifyDriver
    ) -> None:
        created = await sim.place_order(COMPANY_ORDER)
        order = await connector.get_order(str(created["id"]))
        assert order.source_id == str(created["id"])
        assert order.number == created["name"]
        assert (order.channel, order.financial_status) == ("web", "paid")
        assert order.currency == "EUR"
        assert order.prices_include_tax is True
        assert order.total == Money(amount=2 * 1995 + 495 + 495, currency="EUR")
        lines = [(li.sku, li.name, li.quantity, li.unit_price.amount) for li in order.lines]
        assert lines == [("TSHIRT-RED", "T-shirt rood", 2, 1995), ("8712345", "Roggebrood", 1, 495)]
        assert order.lines[0].tax_rate == Decimal("0.21")
        assert order.lines[1].tax_rate == Decimal("0.09")
        billing, shipping = order.billing_address, order.shipping_address
        assert billing is not None
        assert shipping is not None
        assert (billing.line1, billing.line2, billing.postcode) == (
            "Dorpsstraat 12a",
            "2e verdieping",
            "3511 AB",
        )
        assert (billing.city, billing.country_code) == ("Utrecht", "NL")
        assert (shipping.full_name, shipping.line1, shipping.city) == (
            "Piet Jansen",
            "Havenweg 3",
            "Amersfoort",
        )
        assert order.customer is not None
        assert order.customer.email is not None
        assert order.customer.email.lower() == "anna@devries.nl"
        assert order.customer.company_name == "Bakkerij De Vries B.V."
        assert order.shipping_method == "PostNL Standaard"
        assert order.payment_method == "ideal"

    async def test_unknown_order_is_not_found(self, connector: ShopifyConnector) -> None:
        with pytest.raises(ConnectorNotFound):
            await connector.get_order("999999999")

    async def test_rate_limit_is_transient_with_retry_after_and_call_limit_is_kept(
        self, connector: ShopifyConnector, sim: ShopifyDriver
    ) -> None:
        await sim.configure(bucket_size=2, leak_rate=0.5)
        await connector.test_connection()
        assert connector.client.call_limit is not None
        assert connector.client.call_limit.size == 2
        await connector.test_connection()
        with pytest.raises(ConnectorTransientError) as caught:
            await connector.test_connection()
        assert caught.value.code == "rate_limited"
        assert caught.value.retry_after is not None
        assert caught.value.retry_after > 0

    async def test_server_errors_are_transient(
        self, connector: ShopifyConnector, sim: ShopifyDriver
    ) -> None:
        await sim.configure(error_rate_5xx=1)
        with pytest.raises(ConnectorTransientError):
            await connector.test_connection()

    async def test_webhook_from_the_simulator_verifies_and_names_the_order(
        self, connector: ShopifyConnector, sim: ShopifyDriver, webhook_inbox: WebhookInbox
    ) -> None:
        await sim.subscribe_directly("orders/create", webhook_inbox.url)
        created = await sim.place_order(COMPANY_ORDER)
        ((headers, body),) = await webhook_inbox.wait(1)
        event = connector.verify_webhook(headers=headers, body=body, query={})
        assert (event.topic, event.entity, event.entity_id) == (
            "orders/create",
            Entity.ORDERS,
            str(created["id"]),
        )
        assert event.event_key.endswith(":orders/create")
        with pytest.raises(WebhookSignatureInvalid):
            connector.verify_webhook(headers=headers, body=body.replace(b"Anna", b"Anne"), query={})
