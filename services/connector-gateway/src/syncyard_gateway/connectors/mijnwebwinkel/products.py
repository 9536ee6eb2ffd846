"""Articles by SKU (a paged scan: the API has no SKU filter), product writes, stock, categories."""

from dataclasses import dataclass
from typing import Any

from syncyard_common.canonical import Category, Product, StockLevel
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorNotFound
from syncyard_gateway.connectors.mijnwebwinkel import translate, variants
from syncyard_gateway.connectors.mijnwebwinkel.client import PAGE_SIZE, MijnWebwinkelClient
from syncyard_gateway.connectors.mijnwebwinkel.payloads import Article, StoreDetails
from syncyard_gateway.connectors.mijnwebwinkel.payloads import Category as VendorCategory

# 200 pages of 100 = 20,000 articles; a larger catalogue needs an id map, not a scan.
MAX_SCAN_PAGES = 200


@dataclass(frozen=True)
class Hit:
    """Where a SKU lives: the article, and the variant id when it is a variant SKU."""

    article: Article
    variant_id: int | None


class StoreProducts:
    def __init__(self, client: MijnWebwinkelClient, option_list_ids: dict[str, int]) -> None:
        self.client = client
        self.option_list_ids = option_list_ids

    async def store(self) -> StoreDetails:
        return StoreDetails.model_validate(await self.client.get("/store"))

    async def scan(self, skus: list[str]) -> dict[str, Hit]:
        """Page through all articles (100 a call) until every SKU is found or the list ends."""
        wanted = {sku.strip() for sku in skus if sku and sku.strip()}
        found: dict[str, Hit] = {}
        for number in range(MAX_SCAN_PAGES):
            if not wanted - found.keys():
                return found
            page = await self.client.page("/articles", offset=number * PAGE_SIZE)
            for raw in page:
                article = Article.model_validate(raw)
                for sku, variant_id in translate.skus_of(article).items():
                    if sku in wanted and sku not in found:
                        found[sku] = Hit(article, variant_id)
            if len(page) < PAGE_SIZE:
                return found
        raise ConnectorDataError(
            f"The MijnWebwinkel catalogue has more than {MAX_SCAN_PAGES * PAGE_SIZE} articles; "
            "a SKU scan would take too long.",
            code="catalogue_too_large",
        )

    async def get_article(self, product_id: str) -> Article:
        if not product_id.isdigit():
            raise ConnectorNotFound(f"{product_id!r} is not a MijnWebwinkel article id.")
        return Article.model_validate(await self.client.get(f"/articles/{product_id}"))

    async def to_product(self, article: Article) -> Product:
        store = await self.store()
        return translate.to_canonical_product(
            article, currency=store.currency, prices_include_tax=store.prices_include_tax
        )

    async def create_product(self, product: Product, options: ProductWriteOptions) -> str:
        """Create, unless a redelivery finds the article by its SKU first (then update it)."""
        hits = await self.scan([product.sku])
        if product.sku in hits:
            article_id = str(hits[product.sku].article.id)
            await self.update_product(article_id, product, None, options)
            return article_id
        store = await self.store()
        body = translate.article_fields(
            product,
            None,
            store_includes_tax=store.prices_include_tax,
            category_ids=options.category_ids,
        )
        if product.variants:
            body["lists"] = await variants.lists_for(
                self.client, product, self.option_list_ids, None
            )
        article = Article.model_validate(await self.client.post("/articles", body))
        if product.variants:
            await variants.write_skus_and_stock(
                self.client, article, product, with_stock=True, option_list_ids=self.option_list_ids
            )
        return str(article.id)

    async def update_product(
        self,
        product_id: str,
        product: Product,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        """Overwrite the named fields; variants are matched by SKU (then by options)."""
        article = await self.get_article(product_id)
        store = await self.store()
        body = translate.article_fields(
            product,
            fields,
            store_includes_tax=store.prices_include_tax,
            category_ids=options.category_ids,
        )
        touches_variants = product.variants and (fields is None or "variants" in fields)
        if touches_variants:
            body["lists"] = await variants.lists_for(
                self.client, product, self.option_list_ids, article
            )
        if body:
            article = Article.model_validate(
                await self.client.patch(f"/articles/{article.id}", body)
            )
        if touches_variants:
            with_stock = fields is None or "quantity" in fields or "variants" in fields
            await variants.write_skus_and_stock(
                self.client,
                article,
                product,
                with_stock=with_stock,
                option_list_ids=self.option_list_ids,
            )

    async def get_stock(self, skus: list[str]) -> list[StockLevel]:
        hits = await self.scan(skus)
        levels = []
        for sku, hit in hits.items():
            for level in translate.to_stock_levels(hit.article):
                if level.sku == sku:
                    levels.append(level)
        return levels

    async def set_stock(self, sku: str, quantity: int) -> None:
        """Absolute stock of the article (`stock`) or of one variant (`variants[].stock`)."""
        hit = (await self.scan([sku])).get(sku.strip())
        if hit is None:
            raise ConnectorNotFound(f"MijnWebwinkel has no article or variant with SKU {sku!r}.")
        body: dict[str, Any]
        if hit.variant_id is None:
            body = {"stock": quantity}
        else:
            body = {"variants": [{"id": hit.variant_id, "stock": quantity}]}
        await self.client.patch(f"/articles/{hit.article.id}", body)

    async def upsert_category(self, category: Category, parent_id: str | None) -> str:
        """Update the category with this title under `parent_id`, or create it there."""
        parent = int(parent_id) if parent_id and parent_id.isdigit() else None
        if parent_id and parent is None:
            raise ConnectorDataError(f"{parent_id!r} is not a MijnWebwinkel category id.")
        existing = await self._find_category(category.name, parent)
        body: dict[str, Any] = {"title": category.name}
        if category.description is not None:
            body["content"] = category.description
        if existing is None:
            if parent is not None:
                body["parent_category_id"] = parent
            created = VendorCategory.model_validate(await self.client.post("/categories", body))
            return str(created.id)
        if existing.content != body.get("content", existing.content):
            await self.client.patch(f"/categories/{existing.id}", body)
        return str(existing.id)

    async def _find_category(self, title: str, parent: int | None) -> VendorCategory | None:
        wanted = title.strip().casefold()
        for number in range(MAX_SCAN_PAGES):
            page = await self.client.page("/categories", offset=number * PAGE_SIZE, as_tree="false")
            for raw in page:
                category = VendorCategory.model_validate(raw)
                same_parent = (category.parent_category_id or None) == parent
                if same_parent and category.title.strip().casefold() == wanted:
                    return category
            if len(page) < PAGE_SIZE:
                return None
        return None
