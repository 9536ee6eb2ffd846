"""Orders created in a period (reconciliation), with getOrders' own financial-date filter,
page by page by sync marker. The filter is by day in the till's zone: a day is added on each
side, and the orchestrator judges the exact bounds from each order's entry time."""

from datetime import date, datetime, timedelta

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.errors import UnsupportedOperation
from syncyard_gateway.connectors.mplus import translate_orders
from syncyard_gateway.connectors.mplus.changes import CURSOR
from syncyard_gateway.connectors.mplus.client import MplusClient

# Far enough either way to mean "no bound" (the filter needs both ends).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 1, 1)


async def read_period(
    client: MplusClient,
    entity: Entity,
    start: datetime | None,
    end: datetime | None,
    cursor: str | None,
    *,
    limit: int,
    currency: str,
) -> ChangePage:
    if entity is not Entity.ORDERS:
        raise UnsupportedOperation(f"MplusKASSA reads only orders by period, not {entity}.")
    since, limit = CURSOR.decode(cursor), max(1, limit)
    first = (start - timedelta(days=1)).date() if start else FIRST_DAY
    last = (end + timedelta(days=1)).date() if end else LAST_DAY
    orders = await client.get_orders(since=since, limit=limit, days=(first, last))
    records: list[Record] = [
        translate_orders.to_canonical_order(o, currency=currency) for o in orders
    ]
    top = max((o.sync_marker for o in orders), default=since)
    return ChangePage(records=records, cursor=CURSOR.encode(top), has_more=len(orders) >= limit)
