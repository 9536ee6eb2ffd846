"""Pure translation of products, variants, collections and stock levels (Shopify ⇄ canonical)."""

from typing import Any

from syncyard_common.canonical import Category, Money, Product, StockLevel, Variant
from syncyard_gateway.connectors import extras
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.shopify.payloads import (
    ShopifyCollection,
    ShopifyInventoryLevel,
    ShopifyProduct,
    ShopifyVariant,
)

# Shopify's own placeholder for a product without options.
DEFAULT_TITLE = "Default Title"
MAX_OPTIONS = 3
MAX_VARIANTS = 100
# Canonical fields that change variants (the rest is product level or not synced).
VARIANT_FIELDS = frozenset({"sku", "price", "barcode", "variants"})
# Shopify's own product fields a mapping may set as extras.<name> (REST Product resource).
PRODUCT_EXTRAS = frozenset({"vendor", "product_type", "tags"})
# Where a collection's parent is kept: Shopify collections are flat.
PARENT_NAMESPACE, PARENT_KEY = "syncyard", "parent_collection_id"


def _money(value: str | None, currency: str) -> Money | None:
    return Money.from_decimal(value, currency) if value not in (None, "") else None


def option_names(product: ShopifyProduct) -> list[str]:
    return [option.name for option in sorted(product.options, key=lambda o: o.position)]


def _attributes(variant: ShopifyVariant, names: list[str]) -> dict[str, str]:
    values = (variant.option1, variant.option2, variant.option3)
    return {
        name: value
        for name, value in zip(names, values, strict=False)
        if value and value != DEFAULT_TITLE and name != "Title"
    }


def is_single(product: ShopifyProduct) -> bool:
    """One variant without options: the product itself is the article."""
    names = option_names(product)
    return len(product.variants) == 1 and not _attributes(product.variants[0], names)


def to_canonical_product(
    product: ShopifyProduct, *, currency: str, prices_include_tax: bool
) -> Product:
    """A Shopify product; with options its variants carry the SKUs (the first is the product's)."""
    names = option_names(product)
    variants = [v for v in product.variants if v.sku]
    first = variants[0] if variants else (product.variants[0] if product.variants else None)
    common: dict[str, Any] = {
        "source_id": str(product.id),
        "name": product.title or "",
        "description": product.body_html or None,
        "prices_include_tax": prices_include_tax,
        "is_active": product.status in (None, "active"),
        "updated_at": product.updated_at,
        "sku": (first.sku if first else None) or "",
        "extras": extras.read(product.model_extra or {}, PRODUCT_EXTRAS),
    }
    if is_single(product) and first is not None:
        return Product(
            **common,
            price=_money(first.price, currency),
            barcode=first.barcode or None,
            quantity=_quantity(first),
        )
    return Product(
        **common,
        variants=[
            Variant(
                sku=v.sku or "",
                source_id=str(v.id),
                name=v.title,
                price=_money(v.price, currency),
                barcode=v.barcode or None,
                attributes=_attributes(v, names),
                quantity=_quantity(v),
            )
            for v in variants
        ],
    )


def _quantity(variant: ShopifyVariant) -> int | None:
    return variant.inventory_quantity if variant.inventory_management == "shopify" else None


def _attribute_names(product: Product) -> list[str]:
    names = list(dict.fromkeys(name for v in product.variants for name in v.attributes))
    if len(names) > MAX_OPTIONS:
        raise ConnectorDataError(
            f"Product {product.sku!r} has {len(names)} variant attributes; Shopify allows "
            f"{MAX_OPTIONS} options.",
            code="too_many_options",
        )
    return names or ["Variant"]


def _variant_body(product: Product, variant: Variant, names: list[str]) -> dict[str, Any]:
    price = variant.price or product.price
    body: dict[str, Any] = {"sku": variant.sku, "barcode": variant.barcode}
    if price is not None:
        body["price"] = price.to_decimal_string()
    for position, name in enumerate(names, start=1):
        body[f"option{position}"] = variant.attributes.get(name) or (
            variant.name or variant.sku if position == 1 else None
        )
    return body


def from_canonical_product(product: Product) -> dict[str, Any]:
    """The full `POST /products.json` body: every field and variant (stock is set apart)."""
    if len(product.variants) > MAX_VARIANTS:
        raise ConnectorDataError(
            f"Product {product.sku!r} has {len(product.variants)} variants; Shopify's REST "
            f"API allows {MAX_VARIANTS}.",
            code="too_many_variants",
        )
    body: dict[str, Any] = {
        "title": product.name,
        "body_html": product.description,
        "status": "active" if product.is_active else "draft",
    } | extras.written(product, PRODUCT_EXTRAS, None)
    if product.variants:
        names = _attribute_names(product)
        body["options"] = [{"name": name} for name in names]
        body["variants"] = [_track(_variant_body(product, v, names)) for v in product.variants]
    else:
        single: dict[str, Any] = {"sku": product.sku, "barcode": product.barcode}
        if product.price is not None:
            single["price"] = product.price.to_decimal_string()
        body["variants"] = [_track(single)]
    return body


def _track(variant: dict[str, Any]) -> dict[str, Any]:
    return variant | {"inventory_management": "shopify"}


def product_update(
    product: Product, existing: ShopifyProduct, fields: frozenset[str]
) -> dict[str, Any]:
    """A `PUT /products/{id}.json` body touching only ``fields``; variants matched by SKU.

    A PUT with `variants` replaces the variant set, so every existing variant is listed by
    id (unchanged unless its SKU matches) and canonical variants Shopify lacks are added."""
    body: dict[str, Any] = {}
    if "name" in fields:
        body["title"] = product.name
    if "description" in fields:
        body["body_html"] = product.description
    if "is_active" in fields:
        body["status"] = "active" if product.is_active else "draft"
    body |= extras.written(product, PRODUCT_EXTRAS, fields)
    if not fields & VARIANT_FIELDS:
        return body
    rows: list[dict[str, Any]] = [{"id": v.id} for v in existing.variants]
    by_sku = {v.sku: row for v, row in zip(existing.variants, rows, strict=True) if v.sku}
    if not product.variants:
        row = by_sku.get(product.sku) or (rows[0] if len(rows) == 1 else None)
        if row is None:
            rows.append(_track(from_canonical_product(product)["variants"][0]))
        else:
            if "sku" in fields:
                row["sku"] = product.sku
            if "price" in fields and product.price is not None:
                row["price"] = product.price.to_decimal_string()
            if "barcode" in fields:
                row["barcode"] = product.barcode
        body["variants"] = rows
        return body
    names = _attribute_names(product)
    for variant in product.variants:
        wanted = _variant_body(product, variant, names)
        row = by_sku.get(variant.sku)
        if row is None:
            if "variants" in fields:
                rows.append(_track(wanted))
            continue
        if "price" in fields or "variants" in fields:
            row["price"] = wanted.get("price")
        if "barcode" in fields or "variants" in fields:
            row["barcode"] = wanted["barcode"]
        if "variants" in fields:
            row |= {key: value for key, value in wanted.items() if key.startswith("option")}
    if "variants" in fields:
        body["options"] = [{"name": name} for name in names]
    body["variants"] = [{k: v for k, v in row.items() if v is not None} for row in rows]
    return body


def to_canonical_category(collection: ShopifyCollection, *, parent_id: str | None) -> Category:
    return Category(
        source_id=str(collection.id),
        name=collection.title,
        parent_source_id=parent_id,
        description=collection.body_html or None,
    )


def from_canonical_category(category: Category, *, parent_id: str | None) -> dict[str, Any]:
    """A custom collection body; the parent goes into a metafield (collections are flat)."""
    body: dict[str, Any] = {"title": category.name, "body_html": category.description or ""}
    if parent_id is not None:
        body["metafields"] = [parent_metafield(parent_id)]
    return body


def parent_metafield(parent_id: str) -> dict[str, Any]:
    return {
        "namespace": PARENT_NAMESPACE,
        "key": PARENT_KEY,
        "value": parent_id,
        "type": "single_line_text_field",
    }


def to_canonical_stock(level: ShopifyInventoryLevel, *, sku: str) -> StockLevel:
    return StockLevel(
        sku=sku,
        location_id=str(level.location_id),
        available=level.available or 0,
        updated_at=level.updated_at,
    )
