"""Change intake for every entity (products, stock, customers, categories, orders), and the
gateway commands that read and write them in bulk-free, one-record steps."""

import uuid
from typing import Any, Literal

from pydantic import Field

from syncyard_common.canonical import Category, Customer, Order, OrderStatus, Product, StockLevel
from syncyard_common.messages.envelope import Message
from syncyard_common.messages.products import ProductWriteOptions

EntityName = Literal["orders", "products", "stock", "customers", "categories"]
Record = Product | StockLevel | Customer | Order | Category

_MODELS: dict[str, type[Record]] = {
    "orders": Order,
    "products": Product,
    "stock": StockLevel,
    "customers": Customer,
    "categories": Category,
}


def parse_record(entity: EntityName, record: dict[str, Any]) -> Record:
    """The canonical model of ``entity`` validated from its JSON form."""
    return _MODELS[entity].model_validate(record)


class RecordChangedV1(Message):
    """A source's record changed (found by polling, or re-read after a webhook hint).

    The record is the fresh canonical read, never a webhook body (webhooks are hints)."""

    type: Literal["record.changed.v1"] = "record.changed.v1"
    connection_id: uuid.UUID
    entity: EntityName
    source_id: str = Field(description="The record's id (or SKU for stock) in the source.")
    record: dict[str, Any] = Field(description="The canonical record (see parse_record).")
    topic: str = Field(description="poll, or the vendor's webhook event name.")
    source_event_key: str = Field(description="Dedupe key: webhook id, or entity+id+version.")

    def canonical(self) -> Record:
        return parse_record(self.entity, self.record)


class FetchRecordV1(Message):
    """Command: read one record afresh (a webhook named it) and announce it as changed."""

    type: Literal["gateway.record.fetch.v1"] = "gateway.record.fetch.v1"
    connection_id: uuid.UUID
    entity: EntityName
    record_id: str
    topic: str
    source_event_key: str


class ReadChangesV1(Message):
    """Command: one page of a connection's change feed (initial sync, dry run, samples)."""

    type: Literal["gateway.changes.read.v1"] = "gateway.changes.read.v1"
    connection_id: uuid.UUID
    entity: EntityName
    cursor: str | None = Field(default=None, description="None: from the beginning.")
    limit: int = Field(default=100, ge=1, le=250)


class ChangesReadV1(Message):
    type: Literal["connector.changes.read.v1"] = "connector.changes.read.v1"
    entity: EntityName
    records: list[dict[str, Any]]
    cursor: str | None
    has_more: bool


class FindProductV1(Message):
    """Command: the target's product whose own or variant SKU is ``sku``."""

    type: Literal["gateway.product.find.v1"] = "gateway.product.find.v1"
    connection_id: uuid.UUID
    sku: str


class ProductFoundV1(Message):
    type: Literal["connector.product.found.v1"] = "connector.product.found.v1"
    sku: str
    product_id: str | None
    product: Product | None


class WriteProductV1(Message):
    """Command: create the product (``product_id`` None) or update only ``fields`` of it.

    A create looks the SKU up first, so a redelivery updates instead of duplicating."""

    type: Literal["gateway.product.write.v1"] = "gateway.product.write.v1"
    connection_id: uuid.UUID
    product: Product
    product_id: str | None = None
    fields: list[str] | None = Field(
        default=None, description="Canonical Product fields an update may overwrite; None: all."
    )
    options: ProductWriteOptions = Field(default_factory=ProductWriteOptions)


class ProductWrittenV1(Message):
    type: Literal["connector.product.written.v1"] = "connector.product.written.v1"
    sku: str
    product_id: str
    was_created: bool


class UpsertCategoryV1(Message):
    type: Literal["gateway.category.upsert.v1"] = "gateway.category.upsert.v1"
    connection_id: uuid.UUID
    category: Category
    parent_id: str | None = Field(default=None, description="The parent's id in the target.")


class CategoryUpsertedV1(Message):
    type: Literal["connector.category.upserted.v1"] = "connector.category.upserted.v1"
    source_id: str
    category_id: str


class GetStockV1(Message):
    type: Literal["gateway.stock.get.v1"] = "gateway.stock.get.v1"
    connection_id: uuid.UUID
    skus: list[str]
    location_id: str | None = None


class StockReadV1(Message):
    type: Literal["connector.stock.read.v1"] = "connector.stock.read.v1"
    levels: list[StockLevel]


class SetStockV1(Message):
    """Command: set the absolute level (a redelivery sets the same number again)."""

    type: Literal["gateway.stock.set.v1"] = "gateway.stock.set.v1"
    connection_id: uuid.UUID
    sku: str
    quantity: int
    location_id: str | None = None


class StockSetV1(Message):
    type: Literal["connector.stock.set.v1"] = "connector.stock.set.v1"
    sku: str
    quantity: int


class SetOrderStatusV1(Message):
    type: Literal["gateway.order.status.set.v1"] = "gateway.order.status.set.v1"
    connection_id: uuid.UUID
    order_id: str
    status: OrderStatus


class OrderStatusSetV1(Message):
    type: Literal["connector.order.status.set.v1"] = "connector.order.status.set.v1"
    order_id: str
    status: OrderStatus
