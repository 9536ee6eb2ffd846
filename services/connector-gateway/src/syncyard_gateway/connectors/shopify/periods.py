"""Orders created in a period (reconciliation), with Shopify's own date filter: one REST page
per call, in the listing's own order; the cursor is Shopify's ``page_info``."""

from datetime import datetime

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.errors import UnsupportedOperation
from syncyard_gateway.connectors.shopify import changes, translate
from syncyard_gateway.connectors.shopify.client import parse
from syncyard_gateway.connectors.shopify.payloads import ShopifyOrder
from syncyard_gateway.connectors.shopify.shop import Shop


async def read_period(
    shop: Shop,
    entity: Entity,
    start: datetime | None,
    end: datetime | None,
    cursor: str | None,
    limit: int,
) -> ChangePage:
    if entity is not Entity.ORDERS:
        raise UnsupportedOperation(f"Shopify reads only orders by period, not {entity}.")
    # status=any, or closed and cancelled orders hide; created_at_max is inclusive (the
    # orchestrator judges the exact bounds itself).
    params = {"status": "any"}
    if start is not None:
        params["created_at_min"] = start.isoformat()
    if end is not None:
        params["created_at_max"] = end.isoformat()
    rows, page_info = await shop.client.get_page(
        "/orders.json",
        "orders",
        params=params,
        page_info=cursor,
        limit=max(1, min(limit, changes.MAX_LIMIT, shop.client.page_size)),
    )
    records: list[Record] = [
        translate.to_canonical_order(parse(ShopifyOrder, row, "an order")) for row in rows
    ]
    return ChangePage(records=records, cursor=page_info, has_more=page_info is not None)
