"""The MplusKASSA simulator behind the connector contract suite (the Harness protocol).

The I/O is the simulator's own driver (``syncyard_sim_mplus.driver``); this adapter adds only
the suite's glue: canonical records as the till's articles, relations, orders and groups.
"""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from syncyard_common.canonical import Category, Customer, Order, Product, Variant
from syncyard_common.egress.trust import trust_store
from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.mplus import MplusConnector, MplusCredentials, translate
from syncyard_sim_mplus.driver import MplusDriver
from tests.contract.connectors.conftest import MPLUS_IDENT, MPLUS_SECRET

BRANCH = 1
# Article numbers the harness hands out to seeded articles whose SKU is not numeric.
FIRST_FREE_ARTICLE = 900_000
KIND_BY_ENTITY = {"products": "article", "customers": "relation", "orders": "order"}


class MplusHarness:
    """Seeds the simulator through its control API, as staff would at the till."""

    connector_class: type[Connector] = MplusConnector

    def __init__(self, driver: MplusDriver) -> None:
        self.driver = driver
        self._url = driver.base_url
        self._next_article = FIRST_FREE_ARTICLE
        self._next_product = 1

    def credentials(self) -> MplusCredentials:
        return MplusCredentials(
            base_url=f"{self._url}/", ident=MPLUS_IDENT, secret=SecretStr(MPLUS_SECRET)
        )

    def wrong_credentials(self) -> MplusCredentials:
        return self.credentials().model_copy(update={"secret": SecretStr("wrong-secret-c0ffee")})

    async def reset(self) -> None:
        await self.driver.reset()
        # Every request the connector sends must fit the WSDL's XSD.
        await self.driver.faults(strict_requests=True)
        self._next_article, self._next_product = FIRST_FREE_ARTICLE, 1

    # --- seeding --------------------------------------------------------------------------

    async def seed_product(self, product: Product) -> str:
        """One simulator product; each variant (or the product alone) one article."""
        product_number = self._next_product
        self._next_product += 1
        units: list[Product | Variant] = list(product.variants) or [product]
        seeds = [self._article_seed(product, unit, product_number) for unit in units]
        stored = await self.driver.seed_articles(seeds)
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
        (stored,) = await self.driver.seed_relations([body])
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
        (stored,) = await self.driver.place_orders([seed])
        return str(stored["orderId"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        seed = {
            "name": category.name,
            "parentGroupNumber": int(parent_id) if parent_id else 0,
            "text": category.description or "",
        }
        (stored,) = await self.driver.seed_groups([seed])
        return str(stored["groupNumber"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        number = (await self._article_numbers())[sku]
        seed = {"articleNumber": number, "amount": quantity, "branchNumber": BRANCH}
        await self.driver.seed_stock([seed])

    async def touch(self, entity: str, record_id: str) -> None:
        """A new sync marker for the record (stock: the level booked again, a new stockId)."""
        if entity == "stock":
            await self.seed_stock(record_id, await self.stock_of(record_id) or 0)
            return
        kind = KIND_BY_ENTITY.get(entity, "group")
        await self.driver.touch(kind, record_id)

    # --- reading back ---------------------------------------------------------------------

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        read = {
            "orders": self.driver.orders,
            "products": self.driver.articles,
            "customers": self.driver.relations,
            "categories": self.driver.groups,
        }[entity]
        return await read()

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku, BRANCH)

    async def write_requests(self) -> int:
        return sum(1 for r in await self.driver.requests() if r["is_mutation"])

    # --- faults ---------------------------------------------------------------------------

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.driver.fail_next(status, count)

    def page_size(self) -> int:
        return 2

    def http(self) -> httpx.AsyncClient:
        return self.driver.client

    async def _article_numbers(self) -> dict[str, int]:
        """SKU (PLU number, else the article number) → article number of every article."""
        numbers: dict[str, int] = {}
        for article in await self.driver.articles():
            numbers[article["pluNumber"] or str(article["articleNumber"])] = article[
                "articleNumber"
            ]
        return numbers


@pytest.fixture
async def mplus_harness(mplus_url: str) -> AsyncIterator[MplusHarness]:
    """The session's simulator, reset (and strict about requests) for this test."""
    async with httpx.AsyncClient(base_url=mplus_url, timeout=10, verify=trust_store()) as control:
        harness = MplusHarness(MplusDriver(mplus_url, client=control))
        await harness.reset()
        yield harness
