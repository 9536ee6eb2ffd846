"""BigCommerce harness: the simulator seeded and read back through its driver
(``syncyard_sim_bigcommerce.driver``); this adapter adds only the suite's glue."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from syncyard_common.canonical import Category, Customer, Order, Product
from syncyard_common.egress.trust import trust_store
from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.bigcommerce import BigCommerceConnector, BigCommerceCredentials
from syncyard_sim_bigcommerce.app import create_app
from syncyard_sim_bigcommerce.driver import BigCommerceDriver
from syncyard_sim_bigcommerce.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve

BC_STORE_HASH = "contract7store"
BC_TOKEN, BC_SECRET = "bc-contract-token-a81f", "bc-contract-client-secret-2c"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class BigCommerceHarness:
    """The Harness protocol for the BigCommerce simulator: canonical records in BigCommerce's
    shape, through the simulator's driver."""

    connector_class: type[Connector] = BigCommerceConnector

    def __init__(self, driver: BigCommerceDriver) -> None:
        self.driver = driver
        self.url = driver.base_url

    def credentials(self) -> BigCommerceCredentials:
        return BigCommerceCredentials(
            store_hash=BC_STORE_HASH,
            access_token=SecretStr(BC_TOKEN),
            client_secret=SecretStr(BC_SECRET),
            base_url=self.url,
        )

    def wrong_credentials(self) -> BigCommerceCredentials:
        return self.credentials().model_copy(update={"access_token": SecretStr("bc-wrong-0000")})

    async def reset(self) -> None:
        await self.driver.reset()

    async def seed_product(self, product: Product) -> str:
        body: dict[str, Any] = {
            "name": product.name, "type": "physical", "sku": product.sku, "weight": 1,
            "price": float(product.price.to_decimal()) if product.price else 0,
            "description": product.description or "", "is_visible": product.is_active,
        }  # fmt: skip
        if product.quantity is not None and not product.variants:
            body["inventory_level"] = product.quantity
        if product.variants:
            body["variants"] = [
                {"sku": v.sku, "price": float(v.price.to_decimal()) if v.price else None,
                 "inventory_level": v.quantity or 0,
                 "option_values": [{"option_display_name": k, "label": val}
                                   for k, val in (v.attributes or {"Variant": v.sku}).items()]}
                for v in product.variants
            ]  # fmt: skip
        return str((await self.driver.seed_product(body))["id"])

    async def seed_customer(self, customer: Customer) -> str:
        body = {
            "email": customer.email,
            "first_name": customer.first_name or "-",
            "last_name": customer.last_name or "-",
            "company": customer.company_name or "",
        }
        return str((await self.driver.seed_customer(body))["id"])

    async def seed_order(self, order: Order) -> str:
        billing = order.billing_address
        body = {
            "billing_address": {"first_name": billing.first_name if billing else "",
                                "last_name": billing.last_name if billing else "",
                                "email": order.email or "", "country_iso2": "NL"},
            "products": [{"name": line.name or line.sku, "sku": line.sku or "",
                          "quantity": line.quantity,
                          "price_inc_tax": str(line.unit_price.to_decimal()),
                          "price_ex_tax": str(line.unit_price.to_decimal())}
                         for line in order.lines],
            "status_id": 11,
        }  # fmt: skip
        return str((await self.driver.place_order(body))["id"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        return str((await self.driver.seed_category(category.name, int(parent_id or 0)))["id"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        await self.driver.seed_stock(sku, quantity)

    async def touch(self, entity: str, record_id: str) -> None:
        # One second later, so the edit sorts after everything read so far.
        await self.driver.advance_clock(1)
        await self.driver.touch(entity, record_id)

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        return await self.driver.records(entity)

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def write_requests(self) -> int:
        requests = await self.driver.requests()
        return sum(1 for r in requests if r["method"] in WRITES and r["status"] < 300)

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.driver.fail_next(status, count)

    def page_size(self) -> int:
        return 2

    def http(self) -> httpx.AsyncClient:
        return self.driver.client


@pytest.fixture(scope="session")
def bigcommerce_url() -> Iterator[str]:
    """One BigCommerce simulator for the whole session."""
    settings = SimulatorSettings(
        store_hash=BC_STORE_HASH,
        access_token=BC_TOKEN,
        client_secret=BC_SECRET,
        webhook_retry_scale=0.001,
    )
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
async def bigcommerce_harness(bigcommerce_url: str) -> AsyncIterator[BigCommerceHarness]:
    """The harness on a freshly reset simulator."""
    async with httpx.AsyncClient(
        base_url=bigcommerce_url, timeout=10, verify=trust_store()
    ) as client:
        driver = BigCommerceDriver(
            bigcommerce_url, store_hash=BC_STORE_HASH, access_token=BC_TOKEN, client=client
        )
        harness = BigCommerceHarness(driver)
        await harness.reset()
        yield harness
