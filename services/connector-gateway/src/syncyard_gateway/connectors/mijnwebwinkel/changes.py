"""Polled change feeds: articles by `changed_start_date`, orders by `status_changed_start_date`."""

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.errors import UnsupportedOperation
from syncyard_gateway.connectors.mijnwebwinkel import payloads, translate, translate_orders
from syncyard_gateway.connectors.mijnwebwinkel.client import PAGE_SIZE, MijnWebwinkelClient
from syncyard_gateway.connectors.mijnwebwinkel.cursor import CURSOR, Change, FeedCursor
from syncyard_gateway.connectors.mijnwebwinkel.payloads import StoreDetails


async def read_changes(
    client: MijnWebwinkelClient, entity: Entity, cursor: str | None, limit: int
) -> ChangePage:
    """One page of the feed, oldest change first within the page, and where to resume."""
    state = CURSOR.decode(cursor)
    size = max(1, min(limit, PAGE_SIZE))
    if entity in (Entity.PRODUCTS, Entity.STOCK):
        path, start_filter = "/articles", "changed_start_date"
    elif entity is Entity.ORDERS:
        path, start_filter = "/orders", "status_changed_start_date"
    else:
        raise UnsupportedOperation(f"MijnWebwinkel offers no change feed of {entity}.")
    filters = {start_filter: state.start} if state.start else {}
    if entity is Entity.ORDERS:
        filters["ordering"] = "asc"
    raw_page = await client.page(path, offset=state.offset, limit=size, **filters)
    if entity is Entity.ORDERS:
        changes, records = _orders(raw_page, state)
    else:
        changes, records = await _articles(client, raw_page, state, entity)
    full = len(raw_page) == size
    following = state.after(changes, page_was_full=full)
    return ChangePage(records=records, cursor=CURSOR.encode(following), has_more=full)


def _orders(raw_page: list[object], state: FeedCursor) -> tuple[list[Change], list[Record]]:
    fresh: list[tuple[str, int, Record]] = []
    changes = []
    for raw in raw_page:
        order = payloads.Order.model_validate(raw)
        moment = translate.local_moment(order.status_changed_date, order.status_changed_time)
        moment = moment or translate.local_moment(order.date, order.time) or ""
        change = Change(key=f"{order.number}@{moment}", moment=moment)
        changes.append(change)
        if state.is_fresh(change):
            record = translate_orders.to_canonical_order(order)
            fresh.append((moment, order.number, record))
    return changes, [record for *_, record in sorted(fresh, key=lambda item: item[:2])]


async def _articles(
    client: MijnWebwinkelClient, raw_page: list[object], state: FeedCursor, entity: Entity
) -> tuple[list[Change], list[Record]]:
    store = StoreDetails.model_validate(await client.get("/store")) if raw_page else None
    fresh: list[tuple[str, int, list[Record]]] = []
    changes = []
    for raw in raw_page:
        article = payloads.Article.model_validate(raw)
        moment = translate.local_moment(article.updated_date, article.updated_time) or ""
        change = Change(key=f"{article.id}@{moment}", moment=moment)
        changes.append(change)
        if not state.is_fresh(change) or store is None:
            continue
        records: list[Record]
        if entity is Entity.STOCK:
            records = list(translate.to_stock_levels(article))
        else:
            records = [
                translate.to_canonical_product(
                    article, currency=store.currency, prices_include_tax=store.prices_include_tax
                )
            ]
        fresh.append((moment, article.id, records))
    ordered = sorted(fresh, key=lambda item: item[:2])
    return changes, [record for *_, records in ordered for record in records]
