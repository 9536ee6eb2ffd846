"""The MijnWebwinkel simulator behind the connector contract: seeding, reading back, faults.

The I/O is the simulator's own driver (``syncyard_sim_mijnwebwinkel.driver``); this adapter
adds only the suite's glue: canonical records in MijnWebwinkel's shape, and the protocol.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import Category, Customer, Order, Product
from syncyard_common.egress.trust import trust_store
from syncyard_gateway.connectors.mijnwebwinkel import (
    MijnWebwinkelConnector,
    MijnWebwinkelCredentials,
)
from syncyard_sim_mijnwebwinkel.app import create_app
from syncyard_sim_mijnwebwinkel.driver import MijnWebwinkelDriver, answers_to
from syncyard_sim_mijnwebwinkel.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve

MWW_TOKEN = "contract-store-token-5e21"
MWW_PARTNER_TOKEN = "contract-partner-token-c9d0"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The simulator seeds these option lists (as a merchant makes them in the admin).
OPTION_LISTS = {"Maat": 193177, "Kleur": 193178}


class MijnWebwinkelHarness:
    connector_class = MijnWebwinkelConnector

    def __init__(self, driver: MijnWebwinkelDriver) -> None:
        self.driver = driver
        self.url = driver.base_url

    def credentials(self) -> MijnWebwinkelCredentials:
        return MijnWebwinkelCredentials(
            token=SecretStr(MWW_TOKEN),
            partner_token=SecretStr(MWW_PARTNER_TOKEN),
            option_list_ids=OPTION_LISTS,
            base_url=self.url,
        )

    def wrong_credentials(self) -> BaseModel:
        return self.credentials().model_copy(update={"token": SecretStr("wrong-store-token")})

    def http(self) -> httpx.AsyncClient:
        return self.driver.client

    def page_size(self) -> int:
        return 2

    async def reset(self) -> None:
        await self.driver.reset(unlimited=True)

    async def seed_product(self, product: Product) -> str:
        body: dict[str, Any] = {"name": product.name, "sku": product.sku}
        if product.price is not None:
            body["price"] = {"default": product.price.to_decimal_string()}
        if product.quantity is not None and not product.variants:
            body["stock"] = product.quantity
        if product.barcode:
            body["extra"] = {"invisible": {"barcode": product.barcode}}
        if product.variants:
            body["lists"] = await self._lists(product)
        article = await self.driver.seed_article(body)
        if product.variants:
            fields, stock = {}, []
            for variant in product.variants:
                made = next(v for v in article["variants"] if _names(v) == variant.attributes)
                fields[f"variant_sku:{made['id']}"] = variant.sku
                stock.append({"id": made["id"], "stock": variant.quantity or 0})
            patch = {"extra": {"invisible": fields}, "variants": stock}
            await self.driver.change_article(article["id"], patch)
        return str(article["id"])

    async def _lists(self, product: Product) -> list[dict[str, Any]]:
        lists = {entry["name"]: entry for entry in await self.driver.option_lists()}
        body = []
        for name in dict.fromkeys(n for v in product.variants for n in v.attributes):
            values = {v.attributes[name] for v in product.variants}
            options = [{"id": o["id"]} for o in lists[name]["options"] if o["name"] in values]
            body.append({"id": lists[name]["id"], "options": options})
        return body

    async def seed_customer(self, customer: Customer) -> str:
        body: dict[str, Any] = {
            "email": customer.email,
            "firstName": customer.first_name,
            "lastName": customer.last_name,
        }
        address = customer.billing_address
        if address is not None:
            body["addresses"] = [
                {
                    "firstName": address.first_name or customer.first_name or "",
                    "lastName": address.last_name or customer.last_name or "",
                    "street": address.street or address.line1 or "",
                    "streetNumber": address.house_number or "",
                    "zipCode": address.postcode or "",
                    "city": address.city or "",
                    "countryCode": address.country_code or "NL",
                    "company": customer.company_name,
                }
            ]
        return str((await self.driver.seed_customer(body))["id"])

    async def seed_order(self, order: Order) -> str:
        articles = await self.stored("products")
        lines = []
        for line in order.lines:
            article = next((a for a in articles if line.sku and answers_to(a, line.sku)), None)
            if article is None:
                price = line.unit_price.to_decimal_string()
                lines.append(
                    {
                        "type": "custom",
                        "quantity": line.quantity,
                        "description": line.name or line.sku or "Artikel",
                        "unit_price": {"amount_including_tax": price, "rate": "21.00"},
                        "unit_weight": "0",
                    }
                )
            else:
                lines.append(
                    {
                        "type": "article",
                        "quantity": line.quantity,
                        "articles": [{"id": article["id"]}],
                    }
                )
        billing = order.billing_address
        name = (billing.full_name if billing else "") or "Klant"
        postcode = (billing.postcode if billing else None) or "1000AA"
        invoice = {"name": name, "zipcode": postcode, "country_code": "NL"}
        body = {"debtor": {"email": order.email or "", "address": {"invoice": invoice}}}
        created = await self.driver.place_order(body | {"orderlines": lines})
        return str(created["number"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        body: dict[str, Any] = {"title": category.name, "content": category.description or ""}
        if parent_id is not None:
            body["parent_category_id"] = int(parent_id)
        return str((await self.driver.seed_category(body))["id"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        article, variant_id = await self.driver.find(sku)
        patch: dict[str, Any] = (
            {"stock": quantity}
            if variant_id is None
            else {"variants": [{"id": variant_id, "stock": quantity}]}
        )
        await self.driver.change_article(article["id"], patch)

    async def touch(self, entity: str, record_id: str) -> None:
        if entity == "stock":  # stock records are named by SKU, like every harness's
            article, _ = await self.driver.find(record_id)
            await self.driver.touch_article(article["id"])
        elif entity == "products":
            await self.driver.touch_article(record_id)
        elif entity == "orders":
            orders = {str(o["number"]): o for o in await self.stored("orders")}
            status = 3 if orders[record_id]["status"] != 3 else 4
            await self.driver.set_order_status(record_id, status)
        else:
            raise NotImplementedError(f"MijnWebwinkel has no change feed of {entity}")

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        table = {"products": "articles", "stock": "articles"}.get(entity, entity)
        return await self.driver.records(table)

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def write_requests(self) -> int:
        requests = await self.driver.requests()
        return sum(1 for r in requests if r["method"] in WRITES and r["status"] < 400)

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.driver.fail_next(status, count)


def _names(variant: dict[str, Any]) -> dict[str, str]:
    lists = {list_id: name for name, list_id in OPTION_LISTS.items()}
    return {lists[o["list_id"]]: o["name"] for o in variant["options"]}


@pytest.fixture(scope="session")
def mijnwebwinkel_url() -> Iterator[str]:
    settings = SimulatorSettings(token=MWW_TOKEN, partner_token=MWW_PARTNER_TOKEN)
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
async def mijnwebwinkel_harness(mijnwebwinkel_url: str) -> AsyncIterator[MijnWebwinkelHarness]:
    """A harness on the session's simulator, reset before the test."""
    async with httpx.AsyncClient(
        base_url=mijnwebwinkel_url, timeout=10, verify=trust_store()
    ) as client:
        harness = MijnWebwinkelHarness(MijnWebwinkelDriver(mijnwebwinkel_url, client=client))
        await harness.reset()
        yield harness
