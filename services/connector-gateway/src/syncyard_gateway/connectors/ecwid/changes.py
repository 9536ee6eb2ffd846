"""The change feed: records updated after a cursor "<unix seconds>|<id>", oldest first.

Products and customers are asked for sorted by update time (`sortBy=UPDATED_TIME_ASC` /
`UPDATED_DATE_ASC`), so reading stops one record past ``limit``. Orders have no sort
parameter: every order updated at or after the cursor's second is read (100 per call) and
sorted here. `updatedFrom` is inclusive, so records at the cursor's second with an id at or
below the cursor's are dropped (they were handed out already)."""

from datetime import datetime
from typing import Any

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.ecwid import translate, translate_products
from syncyard_gateway.connectors.ecwid.client import MAX_PAGE_SIZE, EcwidClient, parse
from syncyard_gateway.connectors.ecwid.payloads import EcwidCustomer, EcwidOrder, EcwidProduct
from syncyard_gateway.connectors.ecwid.profile import StoreProfile
from syncyard_gateway.connectors.errors import ConnectorDataError, UnsupportedOperation
from syncyard_gateway.connectors.kit.cursors import CursorCodec

Key = tuple[int, int]
Row = dict[str, Any]
# entity -> (search path, fixed parameters, answers sorted by update time?)
FEEDS: dict[Entity, tuple[str, dict[str, str], bool]] = {
    Entity.PRODUCTS: ("/products", {"sortBy": "UPDATED_TIME_ASC"}, True),
    Entity.STOCK: ("/products", {"sortBy": "UPDATED_TIME_ASC"}, True),
    Entity.CUSTOMERS: ("/customers", {"sortBy": "UPDATED_DATE_ASC"}, True),
    Entity.ORDERS: ("/orders", {}, False),
}


def _write(key: Key | None) -> str:
    if key is None:
        raise ValueError("no position to write")
    return f"{key[0]}|{key[1]}"


def _read(cursor: str) -> Key:
    moment, _, record_id = cursor.partition("|")
    return int(moment), int(record_id)


# None: from the beginning.
CURSOR: CursorCodec[Key | None] = CursorCodec(
    write=_write, read=_read, start=None, refusal="{cursor!r} is not an Ecwid change cursor."
)


def key_of(entity: Entity, row: Row) -> Key:
    """(update time in UNIX seconds, id) of a raw record."""
    try:
        if entity is Entity.ORDERS:
            return int(row["updateTimestamp"]), int(row["orderNumber"])
        if entity is Entity.CUSTOMERS:
            updated = datetime.strptime(row["updated"], "%Y-%m-%d %H:%M:%S %z")
            return int(updated.timestamp()), int(row["id"])
        return int(row["updateTimestamp"]), int(row["id"])
    except (KeyError, TypeError, ValueError):
        raise ConnectorDataError(
            f"Ecwid answered a {entity} record without its update time.", code="unreadable_answer"
        ) from None


async def read_changes(
    client: EcwidClient, profile: StoreProfile, entity: Entity, cursor: str | None, limit: int
) -> ChangePage:
    """One page of ``entity`` changes after ``cursor``; see the module docstring."""
    if entity not in FEEDS:
        raise UnsupportedOperation(f"Ecwid cannot read changes of {entity}.")
    path, fixed, is_sorted = FEEDS[entity]
    after = CURSOR.decode(cursor)
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    params: dict[str, str | int] = dict(fixed)
    params["limit"] = min(MAX_PAGE_SIZE, limit + 1) if is_sorted else MAX_PAGE_SIZE
    if after is not None:
        params["updatedFrom"] = after[0]
    rows: list[tuple[Key, Row]] = []
    offset = 0
    while True:
        page = await client.page(path, params, offset=offset)
        offset += len(page["items"])
        found = [(key_of(entity, row), row) for row in page["items"]]
        rows += [(key, row) for key, row in found if after is None or key > after]
        if not page["items"] or offset >= int(page.get("total", 0)):
            break
        if is_sorted and len(rows) > limit:
            break
    rows.sort(key=lambda pair: pair[0])
    chosen = rows[:limit]
    records: list[Record] = []
    for _, row in chosen:
        records += await _records(profile, entity, row)
    return ChangePage(
        records=records,
        cursor=CURSOR.encode(chosen[-1][0]) if chosen else cursor,
        has_more=len(rows) > limit,
    )


async def _records(profile: StoreProfile, entity: Entity, row: Row) -> list[Record]:
    if entity is Entity.ORDERS:
        order = parse(EcwidOrder, row, "an order")
        return [translate.to_canonical_order(order, currency=await profile.currency())]
    if entity is Entity.CUSTOMERS:
        return [translate.to_canonical_customer(parse(EcwidCustomer, row, "a customer"))]
    product = parse(EcwidProduct, row, "a product")
    if entity is Entity.STOCK:
        return list(translate_products.to_canonical_stock(product))
    return [translate_products.to_canonical_product(product, currency=await profile.currency())]
