"""Reading change feeds: one page of changes, or one record re-read after a webhook hint."""

from typing import Any

from syncyard_common.messages import records
from syncyard_gateway.commands.outcome import Outcome, require, unsupported
from syncyard_gateway.connectors import base


def record_id(record: base.Record) -> str:
    """The id a record has in its source (SKU for stock levels, which have no id of their own)."""
    for attribute in ("source_id", "id", "sku"):
        value = getattr(record, attribute, None)
        if value:
            return str(value)
    return ""


async def read_changes(connector: base.Connector, command: records.ReadChangesV1) -> Outcome:
    entity = base.Entity(command.entity)
    require(connector, entity, "read")
    if not isinstance(connector, base.ChangeReader):
        raise unsupported(connector, f"list {entity.value}")
    page = await connector.read_changes(entity, command.cursor, limit=command.limit)
    result = records.ChangesReadV1(
        entity=command.entity,
        records=[record.model_dump(mode="json") for record in page.records],
        cursor=page.cursor,
        has_more=page.has_more,
    )
    return Outcome(result, f"{len(page.records)} {entity.value}")


async def fetch_record(connector: base.Connector, command: records.FetchRecordV1) -> Outcome:
    """The fresh record behind a webhook hint, announced as a change (R2: never the body)."""
    entity = base.Entity(command.entity)
    require(connector, entity, "read")
    record: Any
    if entity is base.Entity.PRODUCTS and isinstance(connector, base.ProductSource):
        record = await connector.get_product(command.record_id)
    elif entity is base.Entity.CUSTOMERS and isinstance(connector, base.CustomerSource):
        record = await connector.get_customer(command.record_id)
    elif entity is base.Entity.CATEGORIES and isinstance(connector, base.CategorySource):
        record = await connector.get_category(command.record_id)
    elif entity is base.Entity.ORDERS and isinstance(connector, base.OrderSource):
        record = await connector.get_order(command.record_id)
    elif entity is base.Entity.STOCK and isinstance(connector, base.StockSource):
        levels = await connector.get_stock([command.record_id], location_id=None)
        if not levels:
            raise unsupported(connector, f"find stock for SKU {command.record_id!r}")
        record = levels[0]
    else:
        raise unsupported(connector, f"read a single {entity.value} record")
    changed = records.RecordChangedV1(
        connection_id=command.connection_id,
        entity=command.entity,
        source_id=record_id(record) or command.record_id,
        record=record.model_dump(mode="json"),
        topic=command.topic,
        source_event_key=command.source_event_key,
    )
    return Outcome(changed, changed.source_id)
