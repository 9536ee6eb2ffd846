"""Change intake for every entity (products, stock, customers, categories, orders): a record
changed, read one afresh, read a page of changes. The per-noun commands that write records are
in products.py, stock.py, categories.py and order_status.py."""

import uuid
from typing import Any, Literal

from pydantic import Field

from syncyard_common.canonical import Category, Customer, Order, Product, StockLevel
from syncyard_common.messages.envelope import Message

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
