"""The Shopify simulator behind the connector contract suite (see harness.py).

The I/O is the simulator's own driver (``syncyard_sim_shopify.driver``); this adapter adds
only the suite's glue: canonical records in Shopify's shape, and the Harness protocol.
"""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import Address, Category, Customer, Order, Product
from syncyard_common.egress.trust import trust_store
from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.shopify import ShopifyConnector, ShopifyCredentials
from syncyard_sim_shopify.driver import PARENT_METAFIELD, ShopifyDriver
from tests.contract.connectors.conftest import SHOPIFY_DOMAIN, SHOPIFY_SECRET, SHOPIFY_TOKEN

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
GRAPHQL = "/graphql.json"
# The suite's entity names that are not Shopify's resource names.
RESOURCES = {"categories": "custom_collections"}


def _address(address: Address | None, company: str | None = None) -> dict[str, Any] | None:
    if address is None:
        return {"company": company} if company else None
    return {
        "first_name": address.first_name,
        "last_name": address.last_name,
        "company": company or address.company,
        "address1": address.line1,
        "address2": address.line2,
        "zip": address.postcode,
        "city": address.city,
        "country_code": address.country_code,
        "phone": address.phone,
    }


def product_body(product: Product) -> dict[str, Any]:
    """The REST shape a merchant's admin would store for ``product``."""
    body: dict[str, Any] = {
        "title": product.name,
        "body_html": product.description,
        "status": "active" if product.is_active else "draft",
    }
    if not product.variants:
        variant: dict[str, Any] = {"sku": product.sku, "barcode": product.barcode}
        if product.price:
            variant["price"] = product.price.to_decimal_string()
        variant["inventory_quantity"] = product.quantity or 0
        body["variants"] = [variant]
        return body
    names = list(dict.fromkeys(name for v in product.variants for name in v.attributes))
    body["options"] = [{"name": name} for name in names]
    body["variants"] = []
    for v in product.variants:
        price = v.price or product.price
        row: dict[str, Any] = {
            "sku": v.sku,
            "barcode": v.barcode,
            "inventory_quantity": v.quantity or 0,
        }
        if price:
            row["price"] = price.to_decimal_string()
        for position, name in enumerate(names, start=1):
            row[f"option{position}"] = v.attributes.get(name)
        body["variants"].append(row)
    return body


def order_body(order: Order) -> dict[str, Any]:
    """The compact checkout shape a shopper's ``order`` makes."""
    body: dict[str, Any] = {
        "email": order.email or (order.customer.email if order.customer else None),
        "currency": order.currency,
        "taxes_included": order.prices_include_tax,
        "source_name": order.channel or "web",
        "line_items": [
            {
                "sku": line.sku,
                "title": line.name or line.sku,
                "quantity": line.quantity,
                "price": line.unit_price.to_decimal_string(),
            }
            for line in order.lines
        ],
    }
    if order.financial_status:
        body["financial_status"] = order.financial_status
    for key, address in (("billing_address", order.billing_address),
                         ("shipping_address", order.shipping_address)):  # fmt: skip
        if address is not None:
            body[key] = _address(address)
    return body


class ShopifyHarness:
    """The conformance suite's view of the Shopify simulator: canonical records in Shopify's
    shape, through the simulator's driver."""

    connector_class: type[Connector] = ShopifyConnector

    def __init__(self, driver: ShopifyDriver) -> None:
        self.driver = driver
        self.base_url = driver.base_url

    def credentials(self) -> BaseModel:
        return ShopifyCredentials(
            shop_domain=SHOPIFY_DOMAIN,
            access_token=SecretStr(SHOPIFY_TOKEN),
            webhook_secret=SecretStr(SHOPIFY_SECRET),
            base_url=self.base_url,
        )

    def wrong_credentials(self) -> BaseModel:
        return self.credentials().model_copy(update={"access_token": SecretStr("shpat_wrong_0")})

    async def reset(self) -> None:
        await self.driver.reset()

    async def seed_product(self, product: Product) -> str:
        return str((await self.driver.seed_product(product_body(product)))["id"])

    async def seed_customer(self, customer: Customer) -> str:
        address = _address(customer.billing_address, customer.company_name)
        body = {
            "email": customer.email,
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "phone": customer.phone,
            "addresses": [address] if address else [],
        }
        return str((await self.driver.seed_customer(body))["id"])

    async def seed_order(self, order: Order) -> str:
        return str((await self.driver.place_order(order_body(order)))["id"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        body: dict[str, Any] = {"title": category.name, "body_html": category.description}
        if parent_id is not None:
            body["metafields"] = [PARENT_METAFIELD | {"value": parent_id}]
        return str((await self.driver.seed_collection(body))["id"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        await self.driver.seed_stock(sku, quantity)

    async def touch(self, entity: str, record_id: str) -> None:
        # One second later: Shopify's updated_at has one-second resolution.
        await self.driver.advance_clock(1)
        if entity == "stock":
            current = await self.stock_of(record_id)
            await self.seed_stock(record_id, current or 0)
            return
        await self.driver.touch(RESOURCES.get(entity, entity), record_id)

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        return await self.driver.records(RESOURCES.get(entity, entity))

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def write_requests(self) -> int:
        """Writing API calls that succeeded (a refused 429/5xx attempt wrote nothing); GraphQL
        POSTs are look-ups (the connector sends no mutations), not writes."""
        return sum(
            1
            for r in await self.driver.requests()
            if r["method"] in WRITES
            and 200 <= r["status"] < 300
            and not r["path"].endswith(GRAPHQL)
        )

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.driver.fail_next(status, count)

    def page_size(self) -> int:
        return 2

    def http(self) -> httpx.AsyncClient:
        return self.driver.client


@pytest.fixture
async def shopify_harness(shopify_url: str) -> AsyncIterator[ShopifyHarness]:
    """The session's simulator, reset for this test."""
    async with httpx.AsyncClient(base_url=shopify_url, timeout=10, verify=trust_store()) as control:
        harness = ShopifyHarness(
            ShopifyDriver(shopify_url, access_token=SHOPIFY_TOKEN, client=control)
        )
        await harness.reset()
        yield harness
