"""Products and stock in MplusKASSA: SKU lookups, product writes, stock per branch.

A product's id is one of its article numbers (the lowest when we hand one out): every article
number finds its product, and the same number is what an order line needs."""

from syncyard_common.canonical import Product, StockLevel
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorNotFound
from syncyard_gateway.connectors.mplus import translate_products as products
from syncyard_gateway.connectors.mplus.article_payloads import ProductRecord
from syncyard_gateway.connectors.mplus.client import MplusClient
from syncyard_gateway.connectors.mplus.translate import is_article_number


class StoreProducts:
    def __init__(
        self, client: MplusClient, *, currency: str, branch: int, employee: int | None
    ) -> None:
        self._client = client
        self._currency = currency
        self._branch = branch
        self._employee = employee

    def branch_of(self, location_id: str | None) -> int:
        """The branch number a location id names; the connection's branch when None."""
        if location_id is None:
            return self._branch
        if not is_article_number(location_id):
            raise ConnectorDataError(
                f"Location {location_id!r} is not a MplusKASSA branch number.",
                code="unknown_location",
            )
        return int(location_id)

    async def articles_by_sku(self, skus: list[str]) -> dict[str, tuple[int, int]]:
        """SKU → (productNumber, articleNumber): PLU numbers first, then numeric SKUs.

        Two calls, because getProducts combines filters with AND and an empty filter set
        would list the whole catalogue."""
        wanted = list(dict.fromkeys(sku for sku in skus if sku))
        found: dict[str, tuple[int, int]] = {}
        if not wanted:
            return found
        for record in await self._client.find_products(plu_numbers=wanted):
            for article in record.articles:
                if article.plu_number in wanted:
                    found[article.plu_number] = (record.product_number, article.article_number)
        numeric = {int(s): s for s in wanted if s not in found and is_article_number(s)}
        if numeric:
            for record in await self._client.find_products(article_numbers=list(numeric)):
                for article in record.articles:
                    sku = numeric.get(article.article_number)
                    if sku is not None:
                        found[sku] = (record.product_number, article.article_number)
        return found

    async def whole_product(self, product_number: int) -> ProductRecord | None:
        records = await self._client.find_products(product_numbers=[product_number])
        return records[0] if records else None

    async def stored_product(self, product_id: str) -> ProductRecord:
        """The whole product holding article ``product_id``; ConnectorNotFound otherwise."""
        records = []
        if is_article_number(product_id):
            records = await self._client.find_products(article_numbers=[int(product_id)])
        whole = await self.whole_product(records[0].product_number) if records else None
        if whole is None:
            raise ConnectorNotFound(f"MplusKASSA has no article {product_id!r}.")
        return whole

    async def get_product(self, product_id: str) -> Product:
        record = await self.stored_product(product_id)
        return products.to_product(record, currency=self._currency)

    async def find_product(self, sku: str) -> Product | None:
        found = await self.articles_by_sku([sku])
        if sku not in found:
            return None
        record = await self.whole_product(found[sku][0])
        return None if record is None else products.to_product(record, currency=self._currency)

    async def create_product(self, product: Product, *, options: ProductWriteOptions) -> str:
        skus = [unit.sku for unit in products.units(product)] + [product.sku]
        found = await self.articles_by_sku(skus)
        if found:
            # R11: an earlier attempt (or the till) already has it: update instead.
            record = await self.whole_product(next(iter(found.values()))[0])
            if record is not None:
                await self._update(record, product, fields=None, options=options)
                return record.product_id
        body = products.to_new_product(product, options=options, currency=self._currency)
        numbers = await self._client.create_product(body)
        if not numbers:
            raise ConnectorDataError("MplusKASSA created the product but named no articles.")
        await self._set_quantities(product, product_numbers=numbers, options=options)
        return str(min(numbers))

    async def update_product(
        self,
        product_id: str,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        record = await self.stored_product(product_id)
        await self._update(record, product, fields=fields, options=options)

    async def _update(
        self,
        record: ProductRecord,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        body, added = products.to_product_update(
            record, product, fields=fields, options=options, currency=self._currency
        )
        if body["articleList"] is not None or any(
            body[key] is not None for key in ("description", "extraText", "groupNumbers")
        ):
            await self._client.update_product(body)
        named = products.ALL_FIELDS if fields is None else fields
        if named & {"quantity", "variants"} or added:
            await self._set_quantities(product, product_numbers=None, options=options)

    async def _set_quantities(
        self,
        product: Product,
        *,
        product_numbers: list[int] | None,
        options: ProductWriteOptions,
    ) -> None:
        """Absolute stock for every unit that carries a quantity (safe to repeat)."""
        units = products.units(product)
        if all(unit.quantity is None for unit in units):
            return
        if product_numbers is not None and len(product_numbers) == len(units):
            numbers: list[int | None] = list(product_numbers)
        else:
            found = await self.articles_by_sku([unit.sku for unit in units])
            numbers = [found[unit.sku][1] if unit.sku in found else None for unit in units]
        branch = self.branch_of(options.location_id)
        for unit, number in zip(units, numbers, strict=True):
            if number is not None and unit.quantity is not None:
                await self._set_level(branch, number, unit.quantity)

    async def _set_level(self, branch: int, article_number: int, quantity: int) -> None:
        await self._client.set_stock(
            products.stock_request(
                branch=branch,
                article_number=article_number,
                quantity=quantity,
                employee=self._employee,
            )
        )

    async def get_stock(self, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
        branch = self.branch_of(location_id)
        found = await self.articles_by_sku(skus)
        # In the order asked for.
        by_article = {found[sku][1]: sku for sku in dict.fromkeys(skus) if sku in found}
        return await self.levels(branch, by_article)

    async def levels(self, branch: int, skus_by_article: dict[int, str]) -> list[StockLevel]:
        """Current levels of these articles (in the given order); untracked ones are absent."""
        if not skus_by_article:
            return []
        rows = await self._client.get_stock(branch=branch, article_numbers=list(skus_by_article))
        by_article = {row.article_number: row for row in rows}
        return [
            StockLevel(
                sku=sku,
                location_id=str(branch),
                available=products.whole(*row.free),
                reserved=products.whole(*row.reserved),
                incoming=products.whole(*row.incoming),
                updated_at=row.changed_at,
            )
            for article, sku in skus_by_article.items()
            if (row := by_article.get(article)) is not None
        ]

    async def set_stock(self, sku: str, quantity: int, *, location_id: str | None) -> None:
        found = await self.articles_by_sku([sku])
        if sku not in found:
            raise ConnectorNotFound(f"MplusKASSA has no article with SKU {sku!r}.")
        await self._set_level(self.branch_of(location_id), found[sku][1], quantity)
