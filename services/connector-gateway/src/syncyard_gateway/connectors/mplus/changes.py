"""Change polling by sync marker (stock by stockId): one page, oldest first, and its cursor.

The cursor is the highest marker handed on. getCurrentSyncMarkers is read before the page:
when the page is not full, every change up to that high-water mark was in it, so the cursor
may jump there (stockId counts every branch, so the stock feed would otherwise never catch
up), and has_more is exact."""

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.kit.cursors import CursorCodec, digits
from syncyard_gateway.connectors.mplus import translate, translate_orders, translate_products
from syncyard_gateway.connectors.mplus.client import MplusClient
from syncyard_gateway.connectors.mplus.products import StoreProducts

HIGH_WATER = {
    Entity.PRODUCTS: "articleSyncMarker",
    Entity.CUSTOMERS: "relationSyncMarker",
    Entity.ORDERS: "orderSyncMarker",
    Entity.CATEGORIES: "articleGroupSyncMarker",
    Entity.STOCK: "stockId",
}
Page = tuple[list[Record], list[int], int]  # records, markers seen, how many count to the limit


# The highest sync marker handed on (0: from the beginning).
CURSOR = CursorCodec(
    write=str, read=digits, start=0, refusal="Cursor {cursor!r} is not a MplusKASSA sync marker."
)


class ChangeFeed:
    def __init__(
        self, client: MplusClient, store_products: StoreProducts, *, currency: str
    ) -> None:
        self._client = client
        self._store_products = store_products
        self._currency = currency

    async def read(self, entity: Entity, cursor: str | None, *, limit: int) -> ChangePage:
        since, limit = CURSOR.decode(cursor), max(1, limit)
        high = (await self._client.get_current_sync_markers()).get(HIGH_WATER[entity], 0)
        records, markers, counted = await self._page(entity, since, limit)
        top = max(markers, default=since)
        if counted >= limit:
            return ChangePage(records=records, cursor=CURSOR.encode(top), has_more=top < high)
        caught_up = CURSOR.encode(max(top, high, since))
        return ChangePage(records=records, cursor=caught_up, has_more=False)

    async def _page(self, entity: Entity, since: int, limit: int) -> Page:
        if entity is Entity.PRODUCTS:
            return await self._products(since, limit)
        if entity is Entity.STOCK:
            return await self._stock(since, limit)
        if entity is Entity.CUSTOMERS:
            relations = await self._client.get_relations(since=since, limit=limit)
            customers: list[Record] = [translate.to_customer(r) for r in relations]
            return customers, [r.sync_marker for r in relations], len(relations)
        if entity is Entity.ORDERS:
            orders = await self._client.get_orders(since=since, limit=limit)
            read: list[Record] = [
                translate_orders.to_canonical_order(o, currency=self._currency) for o in orders
            ]
            return read, [o.sync_marker for o in orders], len(orders)
        groups = await self._client.group_changes(since=since, limit=limit)
        # Deleted groups move the cursor but have no canonical form (deletions are not synced).
        live: list[Record] = [translate_products.to_category(g) for g in groups if not g.is_deleted]
        return live, [g.sync_marker for g in groups], len(groups)

    async def _products(self, since: int, limit: int) -> Page:
        """Changed articles (limit counted in articles), then each product read whole."""
        changed = await self._client.changed_products(since=since, limit=limit)
        markers = [a.sync_marker for p in changed for a in p.articles]
        by_age = sorted(changed, key=lambda p: max(a.sync_marker for a in p.articles))
        numbers = list(dict.fromkeys(p.product_number for p in by_age))
        records: list[Record] = []
        if numbers:
            whole = await self._client.find_products(product_numbers=numbers)
            by_number = {p.product_number: p for p in whole}
            records = [
                translate_products.to_product(by_number[n], currency=self._currency)
                for n in numbers
                if n in by_number
            ]
        return records, markers, len(markers)

    async def _stock(self, since: int, limit: int) -> Page:
        """Stock history rows of the branch, then the current level of each article named."""
        branch = self._store_products.branch_of(None)
        rows = await self._client.stock_history(branch=branch, since=since, limit=limit)
        # Oldest first: an article appears where its last change in this page is.
        last = {article: stock_id for stock_id, article in rows}
        articles = sorted(last, key=last.__getitem__)
        skus: dict[int, str] = {}
        if articles:
            for record in await self._client.find_products(article_numbers=articles):
                skus |= {a.article_number: a.sku for a in record.articles}
        ordered = {article: skus[article] for article in articles if article in skus}
        levels: list[Record] = list(await self._store_products.levels(branch, ordered))
        return levels, [stock_id for stock_id, _ in rows], len(rows)
