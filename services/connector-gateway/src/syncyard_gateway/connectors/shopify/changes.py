"""The change feed: records updated after a cursor, oldest first, one or a few calls a page.

Lists are read with `order=updated_at asc` and `updated_at_min` = the cursor's time; the
cursor "<updated_at ISO>|<id>|<page_info>" keeps the next page's `page_info`, so the next call
continues inside the same listing instead of reading it again. Without `page_info` (the end
was reached, or it was refused) the listing starts again at the cursor's time and what the
cursor already covered is dropped. Stock has no update order: see `_stock_changes`."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.errors import ConnectorDataError, UnsupportedOperation
from syncyard_gateway.connectors.kit.cursors import CursorCodec
from syncyard_gateway.connectors.shopify import rest, translate, translate_products
from syncyard_gateway.connectors.shopify.categories import parent_of
from syncyard_gateway.connectors.shopify.client import ShopifyClient, parse
from syncyard_gateway.connectors.shopify.payloads import (
    ShopifyCollection,
    ShopifyCustomer,
    ShopifyOrder,
    ShopifyProduct,
)
from syncyard_gateway.connectors.shopify.shop import Shop

# entity -> (list path, JSON root, fixed filters); orders need status=any or closed ones hide.
LISTS: dict[Entity, tuple[str, str, dict[str, str]]] = {
    Entity.ORDERS: ("/orders.json", "orders", {"status": "any"}),
    Entity.PRODUCTS: ("/products.json", "products", {}),
    Entity.CUSTOMERS: ("/customers.json", "customers", {}),
    Entity.CATEGORIES: ("/custom_collections.json", "custom_collections", {}),
}
MAX_LIMIT = 250

Key = tuple[datetime, tuple[int, ...]]
Row = tuple[Key, dict[str, Any]]


@dataclass(frozen=True)
class Position:
    """Where a cursor points: the last record handed out and the next page of its listing."""

    key: Key | None
    page_info: str | None = None


def _write(position: Position) -> str:
    if position.key is None:
        raise ValueError("no record handed out yet")
    moment, record_id = position.key
    cursor = f"{moment.isoformat()}|{':'.join(map(str, record_id))}"
    return f"{cursor}|{position.page_info}" if position.page_info else cursor


def _read(cursor: str) -> Position:
    moment, _, rest_of = cursor.partition("|")
    record_id, _, page_info = rest_of.partition("|")
    key = datetime.fromisoformat(moment), tuple(int(p) for p in record_id.split(":"))
    return Position(key=key, page_info=page_info or None)


# "<updated_at ISO>|<id>[:<id>]|<page_info>"; no cursor: from the beginning.
CURSOR = CursorCodec(
    write=_write,
    read=_read,
    start=Position(key=None),
    refusal="{cursor!r} is not a Shopify change cursor.",
)


async def read_changes(shop: Shop, entity: Entity, cursor: str | None, limit: int) -> ChangePage:
    """One page of ``entity`` changes after ``cursor``; see the module docstring."""
    position = CURSOR.decode(cursor)
    limit = max(1, min(limit, MAX_LIMIT))
    if entity is Entity.STOCK:
        return await _stock_changes(shop, position, cursor, limit)
    if entity not in LISTS:
        raise UnsupportedOperation(f"Shopify cannot read changes of {entity}.")
    try:
        rows, page_info = await _list_rows(shop.client, entity, position, limit)
    except ConnectorDataError as exc:
        if position.page_info is None or exc.code != "http_400":
            raise
        # Shopify refused the stored page_info (expired, changed API): start at the time.
        rows, page_info = await _list_rows(shop.client, entity, Position(position.key), limit)
    records = [await _record(shop, entity, row) for _, row in rows]
    last = rows[-1][0] if rows else position.key
    return ChangePage(
        records=records,
        cursor=CURSOR.encode(Position(last, page_info)) if last else cursor,
        has_more=page_info is not None,
    )


async def _list_rows(
    client: ShopifyClient, entity: Entity, position: Position, limit: int
) -> tuple[list[Row], str | None]:
    """Up to ``limit`` records after ``position``, whole REST pages only, and the next page."""
    path, root, filters = LISTS[entity]
    since = position.key[0] if position.key else None
    page_info = position.page_info
    rows: list[Row] = []
    while True:
        found, page_info = await rest.changes_page(
            client,
            path,
            root,
            updated_at_min=since,
            page_info=page_info,
            limit=min(limit - len(rows), client.page_size),
            **filters,
        )
        for row in found:
            key = _key(row["updated_at"], (int(row["id"]),))
            if position.key is None or key > position.key:
                rows.append((key, row))
        if page_info is None or len(rows) >= limit:
            return rows, page_info


def _key(updated_at: str, record_id: tuple[int, ...]) -> Key:
    return datetime.fromisoformat(updated_at), record_id


async def _stock_changes(
    shop: Shop, position: Position, cursor: str | None, limit: int
) -> ChangePage:
    """Inventory levels cannot be listed in update order, so every level changed since the
    cursor's time is read, sorted by (updated_at, item, location) and handed out ``limit``."""
    after = position.key
    rows = await _stock_rows(shop, after[0] if after else None)
    newer = sorted((row for row in rows if after is None or row[0] > after), key=lambda r: r[0])
    chosen = newer[:limit]
    records = [await _record(shop, Entity.STOCK, row) for _, row in chosen]
    return ChangePage(
        records=records,
        cursor=CURSOR.encode(Position(chosen[-1][0])) if chosen else cursor,
        has_more=len(newer) > limit,
    )


async def _stock_rows(shop: Shop, since: datetime | None) -> list[tuple[Key, dict[str, Any]]]:
    """Levels at every active location; the inventory items tell their SKUs."""
    locations = await shop.active_location_ids()
    levels = await rest.list_levels(shop.client, location_ids=locations, updated_at_min=since)
    item_ids = sorted({level.inventory_item_id for level in levels})
    items = await rest.list_items(shop.client, item_ids) if item_ids else []
    skus = {item.id: item.sku for item in items if item.sku}
    rows: list[tuple[Key, dict[str, Any]]] = []
    for level in levels:
        if level.inventory_item_id not in skus or level.updated_at is None:
            continue  # an item without SKU cannot be matched anywhere else
        record = translate_products.to_canonical_stock(level, sku=skus[level.inventory_item_id])
        key = (level.updated_at, (level.inventory_item_id, level.location_id))
        rows.append((key, {"stock": record}))
    return rows


async def _record(shop: Shop, entity: Entity, row: dict[str, Any]) -> Record:
    if entity is Entity.STOCK:
        stock: Record = row["stock"]
        return stock
    if entity is Entity.ORDERS:
        return translate.to_canonical_order(parse(ShopifyOrder, row, "an order"))
    if entity is Entity.CUSTOMERS:
        customer = parse(ShopifyCustomer, row, "a customer")
        return translate.to_canonical_customer_record(customer)
    if entity is Entity.PRODUCTS:
        return translate_products.to_canonical_product(
            parse(ShopifyProduct, row, "a product"),
            currency=await shop.currency(),
            prices_include_tax=await shop.prices_include_tax(),
        )
    collection = parse(ShopifyCollection, row, "a collection")
    parent = await parent_of(shop.client, collection.id)
    return translate_products.to_canonical_category(collection, parent_id=parent)


async def get_category(shop: Shop, category_id: str) -> Record:
    """One custom collection, read afresh (a collections/* webhook is only a hint)."""
    answer = await shop.client.get(f"/custom_collections/{category_id}.json")
    return await _record(shop, Entity.CATEGORIES, answer.get("custom_collection") or {})
