"""Pure translation of Ecwid products, combinations, stock and categories.

A canonical product's variants are Ecwid combinations; their attributes are Ecwid product
options (type SELECT) whose choices must exist before a combination may use them."""

from typing import Any

from syncyard_common.canonical import Category, Product, StockLevel, Variant
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors import extras
from syncyard_gateway.connectors.ecwid.payloads import (
    EcwidAttribute,
    EcwidCategory,
    EcwidCombination,
    EcwidProduct,
    EcwidProductOption,
)
from syncyard_gateway.connectors.ecwid.translate import moment, to_amount, to_money

Body = dict[str, Any]
BARCODE_TYPE = "UPC"  # Ecwid keeps EAN/UPC as an attribute of type UPC
FEATURE_TYPE = "CUSTOM"
# Canonical fields Ecwid has no place for; update_product skips them.
# Ecwid's own product fields a mapping may set as extras.<name> (Product API).
PRODUCT_EXTRAS = frozenset(
    {"weight", "seoTitle", "seoDescription", "warningLimit", "isShippingRequired"}
)
NOT_WRITTEN = frozenset({"short_description", "tax_rate", "prices_include_tax", "updated_at"})


def _barcode(attributes: list[EcwidAttribute]) -> str | None:
    return next((a.value for a in attributes if a.type == BARCODE_TYPE and a.value), None)


def to_canonical_variant(combination: EcwidCombination, currency: str) -> Variant | None:
    if not combination.sku:
        return None  # a combination without SKU cannot be matched anywhere else
    return Variant(
        sku=combination.sku,
        source_id=str(combination.id),
        price=to_money(combination.price, currency),
        barcode=_barcode(combination.attributes),
        attributes={o.name: o.value for o in combination.options if o.value is not None},
        quantity=None if combination.unlimited else combination.quantity,
    )


def to_canonical_product(product: EcwidProduct, *, currency: str) -> Product:
    variants = [to_canonical_variant(c, currency) for c in product.combinations]
    features = {
        a.name: a.value for a in product.attributes if a.type == FEATURE_TYPE and a.name and a.value
    }
    return Product(
        sku=product.sku,
        source_id=str(product.id),
        name=product.name,
        description=product.description or None,
        price=to_money(product.price, currency),
        barcode=_barcode(product.attributes),
        quantity=None if product.unlimited else product.quantity,
        is_active=product.enabled,
        category_ids=[str(c) for c in product.categoryIds],
        features=features,
        variants=[v for v in variants if v is not None],
        updated_at=moment(product.updateTimestamp),
        extras=extras.read(product.model_extra or {}, PRODUCT_EXTRAS),
    )


def to_canonical_stock(product: EcwidProduct) -> list[StockLevel]:
    """Tracked levels: each combination with a SKU, else the product; unlimited is absent."""
    updated = moment(product.updateTimestamp)
    if product.combinations:
        return [
            StockLevel(sku=c.sku, available=c.quantity or 0, updated_at=updated)
            for c in product.combinations
            if c.sku and not (product.unlimited if c.unlimited is None else c.unlimited)
        ]
    if product.unlimited:
        return []
    return [StockLevel(sku=product.sku, available=product.quantity or 0, updated_at=updated)]


def to_canonical_category(category: EcwidCategory) -> Category:
    return Category(
        source_id=str(category.id),
        name=category.name,
        parent_source_id=str(category.parentId) if category.parentId else None,
        description=category.description or None,
    )


def _attributes(product: Product, existing: list[EcwidAttribute], wanted: set[str]) -> list[Body]:
    """Existing attributes with the barcode and/or features replaced, as `wanted` says."""
    kept = [
        a.model_dump(exclude_none=True)
        for a in existing
        if not ("barcode" in wanted and a.type == BARCODE_TYPE)
        and not ("features" in wanted and a.type == FEATURE_TYPE)
    ]
    if "barcode" in wanted and product.barcode:
        kept.append({"name": "UPC", "type": BARCODE_TYPE, "value": product.barcode})
    if "features" in wanted:
        kept += [{"name": k, "type": FEATURE_TYPE, "value": v} for k, v in product.features.items()]
    return kept


def variant_choices(variant: Variant) -> dict[str, str]:
    """Option name → value; a variant without attributes becomes one "Variant" choice."""
    return variant.attributes or {"Variant": variant.name or variant.sku}


def product_options(variants: list[Variant], existing: list[EcwidProductOption]) -> list[Body]:
    """The product's SELECT options with every choice the variants use (existing kept)."""
    options: dict[str, Body] = {o.name: o.model_dump(exclude_none=True) for o in existing}
    for variant in variants:
        for name, value in variant_choices(variant).items():
            option = options.setdefault(
                name, {"name": name, "type": "SELECT", "required": True, "choices": []}
            )
            if all(choice.get("text") != value for choice in option.setdefault("choices", [])):
                option["choices"].append(
                    {"text": value, "priceModifier": 0, "priceModifierType": "ABSOLUTE"}
                )
    return list(options.values())


def to_product_body(
    product: Product,
    *,
    fields: frozenset[str] | None,
    existing: EcwidProduct | None,
    options: ProductWriteOptions,
) -> Body:
    """A POST/PUT /products body holding only the named canonical fields (None = all)."""
    wanted = set(fields if fields is not None else Product.model_fields) - NOT_WRITTEN
    body: Body = {}
    simple = {"sku": product.sku, "name": product.name, "description": product.description or ""}
    if product.sku in {v.sku for v in product.variants}:
        # A product named after its first variant (MplusKASSA does so): that combination
        # holds the SKU, which Ecwid keeps unique across products and combinations.
        del simple["sku"]
    body |= {key: value for key, value in simple.items() if key in wanted}
    if "price" in wanted and product.price is not None:
        body["price"] = to_amount(product.price)
    if "quantity" in wanted and product.quantity is not None:
        body |= {"quantity": product.quantity, "unlimited": False}
    if "is_active" in wanted:
        body["enabled"] = product.is_active
    if "category_ids" in wanted:
        # Linked categories only: an unlinked source id would name another Ecwid category.
        mapped = [int(c) for c in options.linked_categories(product.category_ids) if c.isdigit()]
        if mapped or not product.category_ids:
            body["categoryIds"] = mapped
    if wanted & {"barcode", "features"}:
        body["attributes"] = _attributes(product, existing.attributes if existing else [], wanted)
    if "variants" in wanted and product.variants:
        body["options"] = product_options(product.variants, existing.options if existing else [])
    if "extras" in wanted:
        body |= extras.written(product, PRODUCT_EXTRAS, None)
    return body


def to_combination_body(variant: Variant) -> Body:
    """POST/PUT /products/{id}/combinations[/{cid}] body for one variant."""
    body: Body = {
        "sku": variant.sku,
        "options": [{"name": k, "value": v} for k, v in variant_choices(variant).items()],
    }
    if variant.price is not None:
        body["price"] = to_amount(variant.price)
    if variant.quantity is not None:
        body |= {"quantity": variant.quantity, "unlimited": False}
    if variant.barcode:
        body["attributes"] = [{"name": "UPC", "type": BARCODE_TYPE, "value": variant.barcode}]
    return body
