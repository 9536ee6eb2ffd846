"""Reading a change feed through the production command, and seeding records it must show."""

import uuid
from dataclasses import dataclass

from syncyard_common.canonical import Customer, Product, StockLevel
from syncyard_common.messages import records
from syncyard_gateway.commands import changes
from syncyard_gateway.connectors.base import Connector, Entity, Record
from tests.contract.connectors import capability_records as sample
from tests.contract.connectors.harness import Harness

CONNECTION = uuid.UUID("00000000-0000-4000-8000-00000000c0de")
MAX_PAGES = 50  # a feed that never says has_more=False fails instead of hanging


@dataclass(frozen=True)
class Seeded:
    """A record put into the simulator: the vendor's id (for touch) and how the feed shows it."""

    vendor_id: str
    key: str


def key_of(record: Record) -> str:
    """What identifies a record in a feed: SKU, e-mail, or the id the seed returned."""
    if isinstance(record, Product | StockLevel):
        return record.sku
    if isinstance(record, Customer):
        return (record.email or "").casefold()
    return record.source_id


async def prepare(harness: Harness, entity: Entity) -> None:
    """What the records of ``entity`` need first: orders buy a product that must exist."""
    if entity is Entity.ORDERS:
        await harness.seed_product(sample.order_product())


async def seed(harness: Harness, entity: Entity, number: int) -> Seeded:
    """One new record of ``entity``, distinct from every other ``number``."""
    if entity in (Entity.PRODUCTS, Entity.STOCK):
        product = sample.simple_product(number)
        return Seeded(await harness.seed_product(product), product.sku)
    if entity is Entity.CUSTOMERS:
        customer = sample.person(number)
        return Seeded(await harness.seed_customer(customer), str(customer.email).casefold())
    if entity is Entity.ORDERS:
        order_id = await harness.seed_order(sample.order(1000 + number))
        return Seeded(order_id, order_id)
    category_id = await harness.seed_category(sample.category(number), parent_id=None)
    return Seeded(category_id, category_id)


async def change(harness: Harness, entity: Entity, seeded: Seeded) -> None:
    """Edit a seeded record as a merchant would, so it counts as changed again (a stock
    level is named by its SKU, as ``commands.changes.record_id`` does)."""
    record_id = seeded.key if entity is Entity.STOCK else seeded.vendor_id
    await harness.touch(entity.value, record_id)


@dataclass(frozen=True)
class Drained:
    pages: list[list[Record]]
    cursor: str | None

    @property
    def keys(self) -> list[str]:
        return [key_of(record) for page in self.pages for record in page]


async def drain(connector: Connector, entity: Entity, cursor: str | None, limit: int) -> Drained:
    """Read pages through ``commands.changes.read_changes`` until has_more is False."""
    pages: list[list[Record]] = []
    for _ in range(MAX_PAGES):
        command = records.ReadChangesV1(
            connection_id=CONNECTION, entity=entity.value, cursor=cursor, limit=limit
        )
        outcome = await changes.read_changes(connector, command)
        result = outcome.result
        assert isinstance(result, records.ChangesReadV1)
        assert len(result.records) <= limit, f"a page of {len(result.records)} > limit {limit}"
        pages.append([records.parse_record(result.entity, record) for record in result.records])
        cursor = result.cursor
        if not result.has_more:
            return Drained(pages, cursor)
    raise AssertionError(f"the {entity.value} feed still had more after {MAX_PAGES} pages")
