"""Pure translation between MijnWebwinkel articles and canonical products and stock levels."""

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from syncyard_common.canonical import Money, Product, StockLevel, Variant
from syncyard_gateway.connectors import extras
from syncyard_gateway.connectors.mijnwebwinkel.payloads import Article, ArticleVariant

STORE_TIME = ZoneInfo("Europe/Amsterdam")  # filters and split date/time fields are NL time
# The API has no variant SKU; the connector keeps it in an invisible article field per variant.
VARIANT_SKU_FIELD = "variant_sku:{variant_id}"
BARCODE_FIELD = "barcode"  # where the store keeps the EAN (extra.invisible.barcode)
# The store's own article fields a mapping may set as extras.<name> (ArticlePatchable).
PRODUCT_EXTRAS = frozenset(
    {"badge_text", "delivery_days", "meta_title", "meta_description", "can_backorder"}
)


def local_moment(date: str | None, time: str | None) -> str | None:
    """`("2025-03-04", "09:15:00")` → `"2025-03-04 09:15:00"` (the filters' format)."""
    if not date:
        return None
    return f"{date} {time or '00:00:00'}"


def to_datetime(moment: str | None) -> datetime | None:
    """A store-local `yyyy-mm-dd hh:mm:ss` as an aware datetime."""
    if moment is None:
        return None
    return datetime.strptime(moment, "%Y-%m-%d %H:%M:%S").replace(tzinfo=STORE_TIME)


def variant_skus(article: Article) -> dict[int, str]:
    """Variant id → its SKU, read from the article's invisible `variant_sku:<id>` fields."""
    found = {}
    for variant in article.variants:
        value = article.extra.invisible.get(VARIANT_SKU_FIELD.format(variant_id=variant.id))
        if isinstance(value, str) and value.strip():
            found[variant.id] = value.strip()
    return found


def skus_of(article: Article) -> dict[str, int | None]:
    """Every SKU the article answers to → None for the article itself, else the variant id."""
    found: dict[str, int | None] = {sku: variant for variant, sku in variant_skus(article).items()}
    if article.sku and article.sku.strip():
        found[article.sku.strip()] = None
    return found


def attributes_of(article: Article, variant: ArticleVariant) -> dict[str, str]:
    """`{"Maat": "L", "Kleur": "Rood"}` from the variant's options and the article's lists."""
    names = {option_list.id: option_list.name for option_list in article.lists}
    return {names.get(o.list_id, str(o.list_id)): o.name for o in variant.options}


def to_canonical_product(article: Article, *, currency: str, prices_include_tax: bool) -> Product:
    """An article with its SKU-carrying variants; prices (decimal strings) become minor units."""
    skus = variant_skus(article)
    variants = [
        Variant(
            sku=skus[variant.id],
            source_id=str(variant.id),
            name=" / ".join(option.name for option in variant.options) or None,
            attributes=attributes_of(article, variant),
            quantity=variant.stock,
        )
        for variant in article.variants
        if variant.id in skus
    ]
    barcode = article.extra.invisible.get(BARCODE_FIELD)
    return Product(
        sku=(article.sku or "").strip(),
        source_id=str(article.id),
        name=article.name,
        description=article.description or None,
        price=_money(article.price.default, currency),
        prices_include_tax=prices_include_tax,
        tax_rate=None if article.taxable else "0",
        barcode=str(barcode) if barcode else None,
        quantity=article.stock,
        is_active=any(link.is_active for link in article.categories) or not article.categories,
        category_ids=[str(link.category_id) for link in article.categories],
        features={k: str(v) for k, v in article.extra.visible.items() if v not in (None, "")},
        variants=variants,
        updated_at=to_datetime(local_moment(article.updated_date, article.updated_time)),
        extras=extras.read(article.model_extra or {}, PRODUCT_EXTRAS),
    )


def to_stock_levels(article: Article) -> list[StockLevel]:
    """Stock of the article (no variants) or of each SKU-carrying variant; unlimited is left out."""
    updated = to_datetime(local_moment(article.updated_date, article.updated_time))
    levels = []
    for sku, variant_id in skus_of(article).items():
        if variant_id is None:
            stock = None if article.variants else article.stock
        else:
            stock = next(v.stock for v in article.variants if v.id == variant_id)
        if stock is not None:
            levels.append(StockLevel(sku=sku, available=stock, updated_at=updated))
    return levels


def _money(value: str | None, currency: str) -> Money | None:
    if value is None or not value.strip():
        return None
    return Money.from_decimal(value.strip(), currency)


def article_price(product: Product, *, store_includes_tax: bool) -> str | None:
    """The product's price as the store shows prices (incl. or excl. VAT), as "12.50".

    Variants carry no price here: a product priced only per variant (MplusKASSA's) sells
    from its lowest variant price rather than for nothing."""
    prices = [v.price for v in product.variants if v.price is not None]
    price = product.price or min(prices, key=lambda money: money.amount, default=None)
    if price is None:
        return None
    amount = price.to_decimal()
    rate = Decimal(product.tax_rate) if product.tax_rate else None
    if rate is not None and rate >= 1:  # "21" means 21 %
        rate /= 100
    if rate is not None and product.prices_include_tax != store_includes_tax:
        amount = amount / (1 + rate) if product.prices_include_tax else amount * (1 + rate)
    return f"{amount.quantize(Decimal('0.01'))}"


def article_fields(
    product: Product,
    fields: frozenset[str] | None,
    *,
    store_includes_tax: bool,
    category_ids: dict[str, str],
) -> dict[str, Any]:
    """The ArticlePatchable body for the canonical `fields` (None = all); variants apart."""

    def wanted(name: str) -> bool:
        return fields is None or name in fields

    body: dict[str, Any] = {}
    if wanted("name"):
        body["name"] = product.name
    if wanted("sku"):
        body["sku"] = product.sku
    if wanted("description"):
        body["description"] = product.description or ""
    price = article_price(product, store_includes_tax=store_includes_tax)
    if wanted("price") and price is not None:
        body["price"] = {"default": price}
    if wanted("tax_rate") and product.tax_rate is not None:
        body["taxable"] = Decimal(product.tax_rate) != 0
    if wanted("quantity") and not product.variants:
        body["stock"] = product.quantity
    extra: dict[str, dict[str, str]] = {}
    if wanted("barcode") and product.barcode:
        extra["invisible"] = {BARCODE_FIELD: product.barcode}
    if wanted("features") and product.features:
        extra["visible"] = dict(product.features)
    if extra:
        body["extra"] = extra
    if wanted("category_ids") and product.category_ids:
        # Linked categories only: an unlinked source id would name another shop category.
        targets = [category_ids[cid] for cid in product.category_ids if cid in category_ids]
        linked = [
            {"category_id": int(target), "is_main": index == 0, "is_active": product.is_active}
            for index, target in enumerate(t for t in targets if t.isdigit())
        ]
        if linked:  # none linked yet: the article's categories are left as they are
            body["categories"] = linked
    return body | extras.written(product, PRODUCT_EXTRAS, fields)
