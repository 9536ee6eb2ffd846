"""The Ecwid simulator behind the connector contract suite (see harness.py).

The I/O is the simulator's own driver (``syncyard_sim_ecwid.driver``); this adapter adds
only the suite's glue: canonical records in Ecwid's shape, and the Harness protocol.
"""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import Address, Category, Customer, Order, Product
from syncyard_common.egress.trust import trust_store
from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.ecwid import EcwidConnector, EcwidCredentials
from syncyard_sim_ecwid.driver import EcwidDriver
from tests.contract.simulators import ecwid_sim

WRITES = {"POST", "PUT", "DELETE"}


def _person(address: Address | None, company: str | None = None) -> dict[str, Any]:
    if address is None:
        return {"companyName": company} if company else {}
    person = {
        "name": address.full_name,
        "companyName": company or address.company,
        "street": address.line1,
        "city": address.city,
        "postalCode": address.postcode,
        "countryCode": address.country_code,
        "phone": address.phone,
    }
    return {key: value for key, value in person.items() if value}


def _money(product_price: Any) -> float:
    return float(product_price.to_decimal())


def product_body(product: Product) -> dict[str, Any]:
    """The product as a merchant would set it up in Ecwid's admin (options + combinations)."""
    body: dict[str, Any] = {
        "sku": product.sku,
        "name": product.name,
        "description": product.description or "",
        "enabled": product.is_active,
    }
    if product.price is not None:
        body["price"] = _money(product.price)
    body |= {"quantity": product.quantity} if product.quantity is not None else {"unlimited": True}
    if product.barcode:
        body["attributes"] = [{"name": "UPC", "type": "UPC", "value": product.barcode}]
    choices: dict[str, list[str]] = {}
    for variant in product.variants:
        for name, value in variant.attributes.items():
            if value not in choices.setdefault(name, []):
                choices[name].append(value)
    body["options"] = [
        {"name": name, "type": "SELECT", "choices": [{"text": value} for value in values]}
        for name, values in choices.items()
    ]
    body["combinations"] = []
    for variant in product.variants:
        row: dict[str, Any] = {
            "sku": variant.sku,
            "options": [{"name": k, "value": v} for k, v in variant.attributes.items()],
        }
        if variant.price is not None:
            row["price"] = _money(variant.price)
        row |= {"quantity": variant.quantity or 0}
        body["combinations"].append(row)
    return body


class EcwidHarness:
    """The conformance suite's view of the Ecwid simulator: canonical records in Ecwid's
    shape, through the simulator's driver."""

    connector_class: type[Connector] = EcwidConnector

    def __init__(self, driver: EcwidDriver) -> None:
        self.driver = driver
        self.base_url = driver.base_url

    def credentials(self) -> BaseModel:
        return EcwidCredentials(
            store_id=ecwid_sim.STORE_ID,
            access_token=SecretStr(ecwid_sim.TOKEN),
            client_secret=SecretStr(ecwid_sim.CLIENT_SECRET),
            base_url=self.base_url,
        )

    def wrong_credentials(self) -> BaseModel:
        wrong = SecretStr("secret_wrong_0000")
        return self.credentials().model_copy(update={"access_token": wrong})

    async def reset(self) -> None:
        await self.driver.reset(seed=False)

    async def seed_product(self, product: Product) -> str:
        return str((await self.driver.seed_product(product_body(product)))["id"])

    async def seed_customer(self, customer: Customer) -> str:
        billing = _person(customer.billing_address, customer.company_name)
        billing.setdefault("name", customer.full_name)
        body: dict[str, Any] = {"email": customer.email, "billingPerson": billing}
        if customer.shipping_address is not None:
            body["shippingAddresses"] = [_person(customer.shipping_address)]
        return str((await self.driver.seed_customer(body))["id"])

    async def seed_order(self, order: Order) -> str:
        body: dict[str, Any] = {
            "email": order.email or (order.customer.email if order.customer else "") or "",
            "paymentStatus": "PAID" if order.financial_status == "paid" else "AWAITING_PAYMENT",
            "pricesIncludeTax": order.prices_include_tax,
            "billingPerson": _person(order.billing_address),
            "shippingPerson": _person(order.shipping_address),
            "items": [
                {
                    "sku": line.sku or "",
                    "name": line.name or line.sku or "",
                    "quantity": line.quantity,
                    "price": _money(line.unit_price),
                }
                for line in order.lines
            ],
            "orderComments": order.note or "",
        }
        if order.shipping_method:
            body["shippingOption"] = {"shippingMethodName": order.shipping_method}
        return str((await self.driver.place_order(body))["orderNumber"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        body: dict[str, Any] = {"name": category.name, "description": category.description or ""}
        if parent_id is not None:
            body["parentId"] = int(parent_id)
        return str((await self.driver.seed_category(body))["id"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        await self.driver.seed_stock(sku, quantity)

    async def touch(self, entity: str, record_id: str) -> None:
        # One second later: Ecwid's update times have one-second resolution.
        await self.driver.advance_clock(1)
        if entity == "stock":
            product = await self.driver.product_holding(record_id)
            record_id = str(product["id"]) if product else record_id
            entity = "products"
        await self.driver.touch(entity, record_id)

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        return await self.driver.records(entity)

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def write_requests(self) -> int:
        """Writing API calls that succeeded (a refused 429/5xx attempt wrote nothing)."""
        return sum(
            1
            for r in await self.driver.requests()
            if r["method"] in WRITES and 200 <= r["status"] < 300
        )

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.driver.fail_next(status, count)

    def page_size(self) -> int:
        return 2

    def http(self) -> httpx.AsyncClient:
        return self.driver.client


@pytest.fixture
async def ecwid_harness() -> AsyncIterator[EcwidHarness]:
    """The session's Ecwid simulator (one per test run), emptied for this test."""
    base_url = ecwid_sim.shared_url()
    async with httpx.AsyncClient(base_url=base_url, timeout=10, verify=trust_store()) as control:
        driver = EcwidDriver(
            base_url, store_id=ecwid_sim.STORE_ID, access_token=ecwid_sim.TOKEN, client=control
        )
        harness = EcwidHarness(driver)
        await harness.reset()
        yield harness
