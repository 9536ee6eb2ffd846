"""The change feed: records updated since a cursor "<updated_at ISO>|<id>", oldest first.

REST lists come in id order, not update order, so a call reads everything changed at or after
the cursor's time (Link pages to the end), sorts by (updated_at, id) and hands out ``limit``."""

from datetime import datetime
from typing import Any

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.errors import ConnectorDataError, UnsupportedOperation
from syncyard_gateway.connectors.shopify import rest, translate, translate_products
from syncyard_gateway.connectors.shopify.categories import parent_of
from syncyard_gateway.connectors.shopify.client import parse
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


def parse_cursor(cursor: str | None) -> Key | None:
    if cursor is None:
        return None
    moment, _, record_id = cursor.partition("|")
    try:
        return datetime.fromisoformat(moment), tuple(int(p) for p in record_id.split(":"))
    except ValueError:
        raise ConnectorDataError(
            f"{cursor!r} is not a Shopify change cursor.", code="bad_cursor"
        ) from None


def format_cursor(key: Key) -> str:
    return f"{key[0].isoformat()}|{':'.join(map(str, key[1]))}"


async def read_changes(shop: Shop, entity: Entity, cursor: str | None, limit: int) -> ChangePage:
    """One page of ``entity`` changes after ``cursor``; see the module docstring."""
    after = parse_cursor(cursor)
    since = after[0] if after else None
    limit = max(1, min(limit, MAX_LIMIT))
    if entity is Entity.STOCK:
        rows = await _stock_rows(shop, since)
    elif entity in LISTS:
        path, root, filters = LISTS[entity]
        found = await rest.changed_since(shop.client, path, root, updated_at_min=since, **filters)
        rows = [(_key(row["updated_at"], (int(row["id"]),)), row) for row in found]
    else:
        raise UnsupportedOperation(f"Shopify cannot read changes of {entity}.")
    newer = sorted((row for row in rows if after is None or row[0] > after), key=lambda r: r[0])
    chosen = newer[:limit]
    records = [await _record(shop, entity, row) for _, row in chosen]
    return ChangePage(
        records=records,
        cursor=format_cursor(chosen[-1][0]) if chosen else cursor,
        has_more=len(newer) > limit,
    )


def _key(updated_at: str, record_id: tuple[int, ...]) -> Key:
    return datetime.fromisoformat(updated_at), record_id


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
