"""The MplusKASSA simulator behind the connector contract suite (the Harness protocol)."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from syncyard_common.canonical import Category, Customer, Order, Product, Variant
from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.mplus import MplusConnector, MplusCredentials, translate
from tests.contract.connectors.conftest import MPLUS_IDENT, MPLUS_SECRET

BRANCH = 1
# Article numbers the harness hands out to seeded articles whose SKU is not numeric.
FIRST_FREE_ARTICLE = 900_000
KIND_BY_ENTITY = {"products": "article", "customers": "relation", "orders": "order"}


class MplusHarness:
    """Seeds the simulator through its control API, as staff would at the till."""

    connector_class: type[Connector] = MplusConnector

    def __init__(self, url: str, control: httpx.AsyncClient) -> None:
        self._url = url
        self._control = control
        self._next_article = FIRST_FREE_ARTICLE
        self._next_product = 1

    def credentials(self) -> MplusCredentials:
        return MplusCredentials(
            base_url=f"{self._url}/", ident=MPLUS_IDENT, secret=SecretStr(MPLUS_SECRET)
        )

    def wrong_credentials(self) -> MplusCredentials:
        return self.credentials().model_copy(update={"secret": SecretStr("wrong-secret-c0ffee")})

    async def reset(self) -> None:
        await self._ok("POST", "/_sim/reset")
        # Every request the connector sends must fit the WSDL's XSD.
        await self._ok("POST", "/_sim/faults", json={"strict_requests": True})
        self._next_article, self._next_product = FIRST_FREE_ARTICLE, 1

    # --- seeding --------------------------------------------------------------------------

    async def seed_product(self, product: Product) -> str:
        """One simulator product; each variant (or the product alone) one article."""
        product_number = self._next_product
        self._next_product += 1
        units: list[Product | Variant] = list(product.variants) or [product]
        seeds = [self._article_seed(product, unit, product_number) for unit in units]
        stored = await self._ok("POST", "/_sim/articles", json=seeds)
        if product.quantity is not None and not product.variants:
            await self.seed_stock(product.sku, product.quantity)
        for variant in product.variants:
            if variant.quantity is not None:
                await self.seed_stock(variant.sku, variant.quantity)
        return str(min(article["articleNumber"] for article in stored))

    def _article_seed(
        self, product: Product, unit: Product | Variant, product_number: int
    ) -> dict[str, Any]:
        if unit.sku.isdigit() and str(int(unit.sku)) == unit.sku:
            number, plu = int(unit.sku), None
        else:
            number, plu = self._next_article, unit.sku
            self._next_article += 1
        price = unit.price or product.price
        attributes = unit.attributes if isinstance(unit, Variant) else {}
        seed = {
            "articleNumber": number,
            "productNumber": product_number,
            "productDescription": product.name,
            "description": unit.name or product.name,
            "priceIncl": price.amount if price else 0,
            "pluNumber": plu,
            "barcode": unit.barcode,
            "colour": attributes.get("colour"),
            "size": attributes.get("size"),
            "active": product.is_active,
        }
        return {k: v for k, v in seed.items() if v is not None}

    async def seed_customer(self, customer: Customer) -> str:
        relation = translate.to_relation(customer, relation_number=None)
        body = {k: v for k, v in relation.items() if v is not None}
        (stored,) = await self._ok("POST", "/_sim/relations", json=[body])
        return str(stored["relationNumber"])

    async def seed_order(self, order: Order) -> str:
        """The order as entered at the till; line SKUs must be seeded articles."""
        numbers = await self._article_numbers()
        lines = [
            {
                "articleNumber": numbers[line.sku or ""],
                "quantity": line.quantity,
                "price": line.unit_price.amount,
            }
            for line in order.lines
        ]
        seed = {"extOrderId": order.source_id, "employeeNumber": 1, "lines": lines}
        if order.number:
            seed["extra"] = {"reference": order.number}
        (stored,) = await self._ok("POST", "/_sim/orders", json=[seed])
        return str(stored["orderId"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        seed = {
            "name": category.name,
            "parentGroupNumber": int(parent_id) if parent_id else 0,
            "text": category.description or "",
        }
        (stored,) = await self._ok("POST", "/_sim/groups", json=[seed])
        return str(stored["groupNumber"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        number = (await self._article_numbers())[sku]
        seed = {"articleNumber": number, "amount": quantity, "branchNumber": BRANCH}
        await self._ok("POST", "/_sim/stock", json=[seed])

    async def touch(self, entity: str, record_id: str) -> None:
        """A new sync marker for the record (stock: the level booked again, a new stockId)."""
        if entity == "stock":
            await self.seed_stock(record_id, await self.stock_of(record_id) or 0)
            return
        kind = KIND_BY_ENTITY.get(entity, "group")
        await self._ok("POST", f"/_sim/touch/{kind}/{record_id}")

    # --- reading back ---------------------------------------------------------------------

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        path = {
            "orders": "/_sim/orders",
            "products": "/_sim/articles",
            "customers": "/_sim/relations",
            "categories": "/_sim/groups",
        }[entity]
        rows: list[dict[str, Any]] = await self._ok("GET", path)
        return rows

    async def stock_of(self, sku: str) -> int | None:
        for article in await self._ok("GET", "/_sim/articles"):
            if sku in (article["pluNumber"], str(article["articleNumber"])):
                if not article["stockArticle"]:
                    return None
                levels = [s for s in article["stock"] if s["branchNumber"] == BRANCH]
                if not levels:
                    return 0
                amount: int = levels[0]["amount"] // 10 ** levels[0]["decimalPlaces"]
                return amount
        return None

    async def write_requests(self) -> int:
        return sum(1 for r in await self._ok("GET", "/_sim/requests") if r["is_mutation"])

    # --- faults ---------------------------------------------------------------------------

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self._ok(
            "POST", "/_sim/faults", json={"fail_next": {"status": status, "count": count}}
        )

    def page_size(self) -> int:
        return 2

    def http(self) -> httpx.AsyncClient:
        return self._control

    async def _article_numbers(self) -> dict[str, int]:
        """SKU (PLU number, else the article number) → article number of every article."""
        numbers: dict[str, int] = {}
        for article in await self._ok("GET", "/_sim/articles"):
            numbers[article["pluNumber"] or str(article["articleNumber"])] = article[
                "articleNumber"
            ]
        return numbers

    async def _ok(self, method: str, path: str, *, json: Any = None) -> Any:
        response = await self._control.request(method, path, json=json)
        response.raise_for_status()
        return response.json()


@pytest.fixture
async def mplus_harness(mplus_url: str) -> AsyncIterator[MplusHarness]:
    """The session's simulator, reset (and strict about requests) for this test."""
    async with httpx.AsyncClient(base_url=mplus_url, timeout=10) as control:
        harness = MplusHarness(mplus_url, control)
        await harness.reset()
        yield harness
