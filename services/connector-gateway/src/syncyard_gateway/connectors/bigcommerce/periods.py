"""Orders created in a period (reconciliation), with v2's own date filter: a page of orders
by id, each with its lines (a v2 sub-resource: one more call per order). The cursor is the
next page's number."""

from datetime import datetime

from syncyard_common.canonical import Order
from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.bigcommerce import order_translate
from syncyard_gateway.connectors.bigcommerce.client import BigCommerceClient
from syncyard_gateway.connectors.bigcommerce.payloads import BcOrder, BcOrderProduct
from syncyard_gateway.connectors.errors import UnsupportedOperation
from syncyard_gateway.connectors.kit.cursors import CursorCodec, digits

MAX_LIMIT = 250
# The next page's number (1: the first).
PAGE_CURSOR = CursorCodec(
    write=str, read=digits, start=1, refusal="{cursor!r} is not a page of this listing."
)


async def _with_lines(client: BigCommerceClient, order: BcOrder) -> Order:
    """Totals and lines are what a reconciliation compares: the shipping addresses (a third
    call per order) are left out; a re-run reads the order afresh anyway."""
    rows = await client.v2_list(f"/v2/orders/{order.id}/products")
    lines = [BcOrderProduct.model_validate(row) for row in rows]
    return order_translate.to_canonical_order(order, lines, [])


async def read_period(
    client: BigCommerceClient,
    entity: Entity,
    start: datetime | None,
    end: datetime | None,
    cursor: str | None,
    limit: int,
) -> ChangePage:
    if entity is not Entity.ORDERS:
        raise UnsupportedOperation(f"BigCommerce reads only orders by period, not {entity}.")
    page, size = PAGE_CURSOR.decode(cursor), max(1, min(limit, MAX_LIMIT))
    params: dict[str, str | int] = {"sort": "id:asc", "page": page, "limit": size}
    if start is not None:
        params["min_date_created"] = start.isoformat()
    if end is not None:
        params["max_date_created"] = end.isoformat()
    found = [BcOrder.model_validate(o) for o in await client.v2_list("/v2/orders", **params)]
    records: list[Record] = [await _with_lines(client, order) for order in found]
    has_more = len(found) == size
    return ChangePage(records=records, cursor=PAGE_CURSOR.encode(page + 1), has_more=has_more)
