"""BigCommerce harness: the simulator seeded through `/_sim/…`, read back for assertions."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from syncyard_common.canonical import Category, Customer, Order, Product
from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.bigcommerce import BigCommerceConnector, BigCommerceCredentials
from syncyard_sim_bigcommerce.app import create_app
from syncyard_sim_bigcommerce.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve

BC_STORE_HASH = "contract7store"
BC_TOKEN, BC_SECRET = "bc-contract-token-a81f", "bc-contract-client-secret-2c"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class BigCommerceHarness:
    """The Harness protocol for the BigCommerce simulator."""

    connector_class: type[Connector] = BigCommerceConnector

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self._client = client

    def credentials(self) -> BigCommerceCredentials:
        return BigCommerceCredentials(
            store_hash=BC_STORE_HASH,
            access_token=SecretStr(BC_TOKEN),
            client_secret=SecretStr(BC_SECRET),
            base_url=self.url,
        )

    def wrong_credentials(self) -> BigCommerceCredentials:
        return self.credentials().model_copy(update={"access_token": SecretStr("bc-wrong-0000")})

    async def _post(self, path: str, body: Any) -> Any:
        response = await self._client.post(path, json=body)
        assert response.status_code < 300, response.text
        return response.json()

    async def reset(self) -> None:
        await self._post("/_sim/reset", {})

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
        made = await self._post("/_sim/products", body)
        return str(made["products"][0]["id"])

    async def seed_customer(self, customer: Customer) -> str:
        body = {
            "email": customer.email,
            "first_name": customer.first_name or "-",
            "last_name": customer.last_name or "-",
            "company": customer.company_name or "",
        }
        made = await self._post("/_sim/customers", body)
        return str(made["customers"][0]["id"])

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
        return str((await self._post("/_sim/orders", body))["id"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        body = {"name": category.name, "parent_id": int(parent_id or 0)}
        return str((await self._post("/_sim/categories", body))["id"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        await self._post("/_sim/stock", {"sku": sku, "quantity": quantity})

    async def touch(self, entity: str, record_id: str) -> None:
        # One second later, so the edit sorts after everything read so far.
        await self._post("/_sim/clock", {"seconds": 1})
        await self._post(f"/_sim/{entity}/{record_id}/touch", {})

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        answer = (await self._client.get(f"/_sim/{entity}")).json()
        records: list[dict[str, Any]] = answer[entity]
        return records

    async def stock_of(self, sku: str) -> int | None:
        for product in await self.stored("products"):
            for variant in product["variants"]:
                if variant["sku"] == sku:
                    level: int = variant["inventory_level"]
                    return level
        return None

    async def write_requests(self) -> int:
        requests = await self.stored("requests")
        return sum(1 for r in requests if r["method"] in WRITES and r["status"] < 300)

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self._post("/_sim/faults", {"fail_next": {"status": status, "count": count}})

    def page_size(self) -> int:
        return 2

    def http(self) -> httpx.AsyncClient:
        return self._client


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
    async with httpx.AsyncClient(base_url=bigcommerce_url, timeout=10) as client:
        harness = BigCommerceHarness(bigcommerce_url, client)
        await harness.reset()
        yield harness
