"""The MijnWebwinkel simulator behind the connector contract: seeding, reading back, faults."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import Category, Customer, Order, Product
from syncyard_gateway.connectors.mijnwebwinkel import (
    MijnWebwinkelConnector,
    MijnWebwinkelCredentials,
)
from syncyard_sim_mijnwebwinkel.app import create_app
from syncyard_sim_mijnwebwinkel.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve

MWW_TOKEN = "contract-store-token-5e21"
MWW_PARTNER_TOKEN = "contract-partner-token-c9d0"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The simulator seeds these option lists (as a merchant makes them in the admin).
OPTION_LISTS = {"Maat": 193177, "Kleur": 193178}


class MijnWebwinkelHarness:
    connector_class = MijnWebwinkelConnector

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self._sim = client

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
        return self._sim

    def page_size(self) -> int:
        return 2

    async def reset(self) -> None:
        (await self._sim.post("/_sim/reset")).raise_for_status()
        (await self._sim.post("/_sim/ratelimit", json={"per_second": None})).raise_for_status()

    async def _json(self, method: str, path: str, body: Any = None) -> Any:
        response = await self._sim.request(method, path, json=body)
        assert response.status_code == 200, response.text
        return response.json()

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
        article = await self._json("POST", "/_sim/articles", body)
        if product.variants:
            fields, stock = {}, []
            for variant in product.variants:
                made = next(v for v in article["variants"] if _names(v) == variant.attributes)
                fields[f"variant_sku:{made['id']}"] = variant.sku
                stock.append({"id": made["id"], "stock": variant.quantity or 0})
            patch = {"extra": {"invisible": fields}, "variants": stock}
            await self._json("PATCH", f"/_sim/articles/{article['id']}", patch)
        return str(article["id"])

    async def _lists(self, product: Product) -> list[dict[str, Any]]:
        lists = {
            entry["name"]: entry for entry in (await self._json("GET", "/_sim/lists"))["lists"]
        }
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
        created = await self._json("POST", "/_sim/customers", body)
        return str(created["customer"]["id"])

    async def seed_order(self, order: Order) -> str:
        articles = await self.stored("products")
        lines = []
        for line in order.lines:
            article = next((a for a in articles if line.sku and _answers_to(a, line.sku)), None)
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
        created = await self._json("POST", "/_sim/orders", body | {"orderlines": lines})
        return str(created["number"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        body: dict[str, Any] = {"title": category.name, "content": category.description or ""}
        if parent_id is not None:
            body["parent_category_id"] = int(parent_id)
        return str((await self._json("POST", "/_sim/categories", body))["id"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        article, variant_id = await self._find(sku)
        patch: dict[str, Any] = (
            {"stock": quantity}
            if variant_id is None
            else {"variants": [{"id": variant_id, "stock": quantity}]}
        )
        await self._json("PATCH", f"/_sim/articles/{article['id']}", patch)

    async def touch(self, entity: str, record_id: str) -> None:
        if entity == "stock":  # stock records are named by SKU, like every harness's
            article, _ = await self._find(record_id)
            await self._json("POST", f"/_sim/articles/{article['id']}/touch")
        elif entity == "products":
            await self._json("POST", f"/_sim/articles/{record_id}/touch")
        elif entity == "orders":
            orders = {str(o["number"]): o for o in await self.stored("orders")}
            status = 3 if orders[record_id]["status"] != 3 else 4
            await self._json("POST", f"/_sim/orders/{record_id}/status", {"status": status})
        else:
            raise NotImplementedError(f"MijnWebwinkel has no change feed of {entity}")

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        table = {"products": "articles", "stock": "articles"}.get(entity, entity)
        records: list[dict[str, Any]] = (await self._json("GET", f"/_sim/{table}"))[table]
        return records

    async def stock_of(self, sku: str) -> int | None:
        try:
            article, variant_id = await self._find(sku)
        except LookupError:
            return None
        if variant_id is None:
            stock: int | None = article["stock"]
            return stock
        variant_stock: int | None = next(
            v["stock"] for v in article["variants"] if v["id"] == variant_id
        )
        return variant_stock

    async def _find(self, sku: str) -> tuple[dict[str, Any], int | None]:
        for article in await self.stored("products"):
            for key, value in article["extra"]["invisible"].items():
                if key.startswith("variant_sku:") and value == sku:
                    return article, int(key.removeprefix("variant_sku:"))
            if article["sku"] == sku:
                return article, None
        raise LookupError(sku)

    async def write_requests(self) -> int:
        requests = (await self._json("GET", "/_sim/requests"))["requests"]
        return sum(1 for r in requests if r["method"] in WRITES and r["status"] < 400)

    async def fail_next(self, status: int, count: int = 1) -> None:
        faults = {"fail_next": {"status": status, "count": count}}
        await self._json("POST", "/_sim/faults", faults)


def _names(variant: dict[str, Any]) -> dict[str, str]:
    lists = {list_id: name for name, list_id in OPTION_LISTS.items()}
    return {lists[o["list_id"]]: o["name"] for o in variant["options"]}


def _answers_to(article: dict[str, Any], sku: str) -> bool:
    invisible = article["extra"]["invisible"]
    return article["sku"] == sku or any(
        k.startswith("variant_sku:") and v == sku for k, v in invisible.items()
    )


@pytest.fixture(scope="session")
def mijnwebwinkel_url() -> Iterator[str]:
    settings = SimulatorSettings(token=MWW_TOKEN, partner_token=MWW_PARTNER_TOKEN)
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
async def mijnwebwinkel_harness(mijnwebwinkel_url: str) -> AsyncIterator[MijnWebwinkelHarness]:
    """A harness on the session's simulator, reset before the test."""
    async with httpx.AsyncClient(base_url=mijnwebwinkel_url, timeout=10) as client:
        harness = MijnWebwinkelHarness(mijnwebwinkel_url, client)
        await harness.reset()
        yield harness
